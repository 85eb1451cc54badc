"""Options and items are shown in an order of each learner's own, the same on every visit; ids stay as
written, so answers and records do not depend on the order shown."""

import re
from pathlib import Path

import pytest
from django.test import Client

from clinlead.learning import api as learning
from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
S = "/programmes/example/sessions/speaking-up"
PAGE2 = f"{S}/v1/2/"
PAGE3 = f"{S}/v1/3/"
PEOPLE = 20


def option_order(client: Client, exercise_key: str) -> list[str]:
    """The option ids of a choice exercise, in the order the page shows them."""
    page = client.get(PAGE2).content.decode()
    return re.findall(rf'id="exercise-{exercise_key}-choice(?:-\d+)?" name="choice" type="\w+" value="(\w+)"', page)


def item_order(client: Client) -> list[str]:
    return re.findall(r'name="(position-[0-9a-f]+)"', client.get(PAGE3).content.decode())


def test_a_learner_sees_the_same_order_every_time_on_every_device(loaded_example: Path) -> None:
    user = make_learner()
    first, second = signed_in(user), signed_in(user)
    assert sorted(option_order(first, "why-silent")) == ["a", "b", "c"]
    assert option_order(first, "why-silent") == option_order(second, "why-silent")
    assert option_order(first, "first-response") == option_order(second, "first-response")
    assert item_order(first) == item_order(second)


def test_a_visitor_sees_the_same_order_on_every_visit(client: Client, loaded_example: Path) -> None:
    assert option_order(client, "why-silent") == option_order(client, "why-silent")
    assert item_order(client) == item_order(client)


def test_over_many_learners_the_right_option_is_not_always_in_the_same_place(loaded_example: Path) -> None:
    places = set()
    orders = set()
    for n in range(PEOPLE):
        client = signed_in(make_learner(f"learner{n}@nhs.net"))
        shown = option_order(client, "first-response")
        places.add(shown.index("a"))  # "a" is the right option, written first
        orders.add(tuple(option_order(client, "why-silent")))
    assert places == {0, 1}
    assert len(orders) > 1


def test_over_many_visitors_the_orders_differ(loaded_example: Path) -> None:
    places = {option_order(Client(), "first-response").index("a") for _ in range(PEOPLE)}
    items = {tuple(item_order(Client())) for _ in range(PEOPLE)}
    assert places == {0, 1}
    assert len(items) > 1


def test_answers_are_recorded_by_option_id_whatever_the_order_shown(loaded_example: Path) -> None:
    for n in range(4):
        user = make_learner(f"learner{n}@nhs.net")
        client = signed_in(user)
        client.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "c"]})
        record = learning.answers(user.pk, "example", "speaking-up", 1)["why-silent"]
        assert (record.answer, record.correct) == ({"choices": ["a", "c"]}, True)
