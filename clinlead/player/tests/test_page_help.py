"""What a page tells the learner beside the exercises: errors naming every unplaced item of an ordering
exercise, where a reflection is kept, and a contents list with a visible heading."""

import re
from pathlib import Path

import pytest
from django.test import Client

from clinlead.catalogue import api as catalogue
from clinlead.content.data import AnswerError, Html, Ordering, OrderingItem
from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
S = "/programmes/example/sessions/speaking-up"
PAGE3 = f"{S}/v1/3/"


@pytest.fixture(params=["visitor", "learner"])
def player(request: pytest.FixtureRequest, loaded_example: Path) -> Client:
    return Client() if request.param == "visitor" else signed_in(make_learner())


def shown_items(client: Client) -> list[tuple[str, str]]:
    """(field name, item text) of the ordering exercise's selects, in the order the page shows them."""
    page = client.get(PAGE3).content.decode()
    labels = re.findall(r'for="exercise-escalation-order-position-(\d+)"\s*>\s*(.*?)\s*</label>', page, re.S)
    names = re.findall(r'id="exercise-escalation-order-position-(\d+)" name="(position-[0-9a-f]+)"', page)
    by_number = dict(names)
    return [(by_number[number], text) for number, text in labels]


def test_an_incomplete_order_names_every_unplaced_item_in_the_summary_and_beside_its_field(player: Client) -> None:
    items = shown_items(player)
    placed_name, placed_text = items[1]
    form = {"exercise": "escalation-order"} | {name: "" for name, _ in items} | {placed_name: "2"}
    response = player.post(PAGE3, form)
    body = response.content.decode()
    assert response.status_code == 200
    first, third = items[0][1], items[2][1]
    message = f"Choose a position for “{first}” and “{third}”"  # in the order shown, never the right order
    summary = re.search(r'class="nhsuk-error-summary".*?</div>\s*</div>', body, re.S)
    assert summary
    assert message in summary.group(0)
    assert 'href="#exercise-escalation-order-position-1"' in summary.group(0)  # the first field to fix
    for number, text in ((1, first), (3, third)):
        beside = re.search(
            rf'id="exercise-escalation-order-position-{number}-error"\s*>.*?Error: </span>(.*?)\s*</span>', body, re.S
        )
        assert beside
        assert f"Choose a position for “{text}”" in beside.group(1), number
    assert "position-2-error" not in body  # the placed item has no error
    assert re.search(rf'name="{placed_name}".*?<option value="2" selected', body, re.S)  # and keeps its place
    assert f"Choose a position for “{placed_text}”" not in body


def test_every_item_unplaced_names_them_all(player: Client) -> None:
    items = shown_items(player)
    body = player.post(PAGE3, {"exercise": "escalation-order"} | {name: "" for name, _ in items}).content.decode()
    texts = [text for _, text in items]
    assert f"Choose a position for “{texts[0]}”, “{texts[1]}” and “{texts[2]}”" in body


def test_the_unplaced_items_are_named_in_the_order_shown_not_the_right_order() -> None:
    items = tuple(OrderingItem(f"i{n}", f"Step {n}") for n in range(1, 5))
    exercise = Ordering(key="k", prompt_html=Html(), hint="", required=True, items=items, feedback_html=Html())
    shown = exercise.display_order("someone")
    assert shown != items
    with pytest.raises(AnswerError) as raised:
        exercise.parse_answer({f"position-{item.id}": [""] for item in shown})
    a, b, c, d = (item.text for item in shown)
    assert str(raised.value) == f"Choose a position for “{a}”, “{b}”, “{c}” and “{d}”"


def test_a_learner_is_told_their_reflection_is_in_their_record(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    kept = "Your reflection is saved in your learning record."
    assert kept in client.get(PAGE3).content.decode()  # beside the box, before writing
    client.post(PAGE3, {"exercise": "reflect", "text": "I stayed quiet once."})
    saved = re.search(r"Reflection saved</h3>\s*<p[^>]*>(.*?)</p>", client.get(PAGE3).content.decode(), re.S)
    assert saved
    assert kept in saved.group(1)
    assert "in the download of all your data on My activity" in saved.group(1)
    assert "deleted if you delete your account" in saved.group(1)


def test_a_visitor_is_told_their_reflection_stays_in_this_browser_only(client: Client, loaded_example: Path) -> None:
    kept = "You are not signed in, so your reflection is kept in this browser only, not in an account."
    assert kept in client.get(PAGE3).content.decode()
    client.post(PAGE3, {"exercise": "reflect", "text": "I stayed quiet once."})
    saved = re.search(r"Reflection saved</h3>\s*<p[^>]*>(.*?)</p>", client.get(PAGE3).content.decode(), re.S)
    assert saved
    assert kept in saved.group(1)
    assert "do not come back to this session for 14 days" in saved.group(1)
    assert "learning record" not in saved.group(1)


def test_the_contents_list_has_a_heading_that_is_not_hidden(client: Client, loaded_example: Path) -> None:
    body = client.get(PAGE3).content.decode()
    nav = re.search(
        r'<nav class="nhsuk-contents-list[^"]*"[^>]*aria-labelledby="contents-heading".*?</nav>', body, re.S
    )
    assert nav
    heading = re.search(r'<h2 class="([^"]*)" id="contents-heading">In this session</h2>', nav.group(0))
    assert heading
    assert "visually-hidden" not in heading.group(1)
    assert nav.group(0).count("nhsuk-contents-list__item") == len(
        catalogue.playable_session("example", "speaking-up", 1).pages
    )
