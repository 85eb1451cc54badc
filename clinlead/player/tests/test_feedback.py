"""Feedback on answers: a wrong first try explains the learner's own choice and lets them try again; the right
answer follows a second wrong try or a request; marks carry words and icons, not colour alone. Each behaviour is
checked for an anonymous visitor of a sample and for a signed-in learner."""

import re
from pathlib import Path

import pytest
from django.test import Client

from clinlead.catalogue import api as catalogue
from clinlead.content.data import Ordering
from clinlead.learning import api as learning
from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
S = "/programmes/example/sessions/speaking-up"
PAGE2 = f"{S}/v1/2/"
PAGE3 = f"{S}/v1/3/"
WRONG_OPTION_FEEDBACK = "This teaches them to stay quiet next time"
RIGHT_OPTION_FEEDBACK = "Thanking them and acting at once"
SHOW_THE_ANSWER = "Show the answer"


@pytest.fixture(params=["visitor", "learner"])
def player(request: pytest.FixtureRequest, loaded_example: Path) -> Client:
    """Someone playing the example sample: an anonymous visitor, or a signed-in learner."""
    return Client() if request.param == "visitor" else signed_in(make_learner())


def section(body: str, exercise_key: str) -> str:
    """One exercise's part of a page."""
    match = re.search(rf'<section class="clinlead-exercise" id="exercise-{exercise_key}".*?</section>', body, re.S)
    assert match, exercise_key
    return match.group(0)


def exercise_html(client: Client, page: str, exercise_key: str) -> str:
    return section(client.get(page).content.decode(), exercise_key)


def feedback_html(client: Client, page: str, exercise_key: str) -> str:
    """The exercise's feedback, without its form (whose labels name every option)."""
    shown = exercise_html(client, page, exercise_key)
    return shown[shown.index(f'id="exercise-{exercise_key}-feedback"') :]


def ordering_exercise() -> Ordering:
    exercise = catalogue.playable_session("example", "speaking-up", 1).pages[2].exercise("escalation-order")
    assert isinstance(exercise, Ordering)
    return exercise


def test_a_first_wrong_answer_explains_only_the_choice_made_and_offers_another_try(player: Client) -> None:
    assert player.post(PAGE2, {"exercise": "first-response", "choice": "b"}).status_code == 303
    shown = exercise_html(player, PAGE2, "first-response")
    assert "Not quite: try again" in shown
    assert WRONG_OPTION_FEEDBACK in shown
    assert "Your answer – not right" in shown
    assert RIGHT_OPTION_FEEDBACK not in shown  # the right answer is not given away before a second try
    assert "Right answer" not in shown
    assert SHOW_THE_ANSWER in shown
    assert 'value="b" checked' in shown  # the form still holds their answer, ready to change


def test_posting_the_same_wrong_answer_again_is_not_a_second_try(player: Client) -> None:
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    shown = exercise_html(player, PAGE2, "first-response")
    assert RIGHT_OPTION_FEEDBACK not in shown
    assert SHOW_THE_ANSWER in shown


def test_a_second_wrong_try_shows_the_right_answer_after_the_learner_s_own(player: Client) -> None:
    player.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "b"]})
    first = feedback_html(player, PAGE2, "why-silent")
    assert "Right answer" not in first
    assert "Believing someone else will say it" not in first  # a right option they have not chosen stays hidden
    assert "at least one is not right, and at least one right answer is not chosen yet" in first
    player.post(PAGE2, {"exercise": "why-silent", "choice": ["b"]})
    second = exercise_html(player, PAGE2, "why-silent")
    assert "Not quite: here is the right answer" in second
    assert "Your answer – not right" in second
    assert second.count("Right answer – you did not choose it") == 2
    assert SHOW_THE_ANSWER not in second


def test_a_single_choice_shows_the_learner_s_answer_above_the_right_one(player: Client) -> None:
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    player.post(PAGE2, {"exercise": "first-response", "reveal": "1"})
    shown = exercise_html(player, PAGE2, "first-response")
    assert shown.index("Your answer – not right") < shown.index("Right answer") < shown.index(RIGHT_OPTION_FEEDBACK)


def test_show_the_answer_is_a_plain_form_post_that_reveals_it(player: Client) -> None:
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    form = exercise_html(player, PAGE2, "first-response")
    assert re.search(r'<form method="post"[^>]*class="clinlead-reveal"', form)
    assert '<input type="hidden" name="reveal" value="1">' in form
    response = player.post(PAGE2, {"exercise": "first-response", "reveal": "1"})
    assert response.status_code == 303
    assert response["Location"] == f"{PAGE2}#exercise-first-response"
    shown = exercise_html(player, PAGE2, "first-response")
    assert "Not quite: here is the right answer" in shown
    assert RIGHT_OPTION_FEEDBACK in shown
    assert SHOW_THE_ANSWER not in shown


def test_asking_for_the_answer_changes_nothing_in_the_learning_record(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    client.post(PAGE2, {"exercise": "first-response", "reveal": "1"})
    record = learning.answers(user.pk, "example", "speaking-up", 1)["first-response"]
    assert (record.answer, record.correct, record.attempts) == ({"choice": "b"}, False, 1)
    assert signed_in(user).get(PAGE2).status_code == 200  # another device: tries come from the record
    assert SHOW_THE_ANSWER in exercise_html(signed_in(user), PAGE2, "first-response")


def test_a_learner_s_tries_are_their_record_s_attempts(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "b"]})
    client.post(PAGE2, {"exercise": "why-silent", "choice": ["b"]})
    assert learning.answers(user.pk, "example", "speaking-up", 1)["why-silent"].attempts == 2
    elsewhere = exercise_html(signed_in(user), PAGE2, "why-silent")  # a second device shows the answer too
    assert "Not quite: here is the right answer" in elsewhere


def test_asking_for_the_answer_to_an_exercise_not_on_the_page_is_refused(player: Client) -> None:
    assert player.post(PAGE2, {"exercise": "reflect", "reveal": "1"}).status_code == 400


def test_marks_have_an_icon_and_words_not_colour_alone(player: Client) -> None:
    player.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    right = exercise_html(player, PAGE2, "first-response")
    assert re.search(r'clinlead-mark--right"><svg\s+class="nhsuk-icon nhsuk-icon--tick', right)
    assert "Your answer – correct" in right
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    wrong = exercise_html(player, PAGE2, "first-response")
    assert re.search(r'clinlead-mark--wrong"><svg\s+class="nhsuk-icon nhsuk-icon--cross', wrong)
    assert "Your answer – not right" in wrong
    assert 'aria-hidden="true"' in wrong  # the words, not the icon, are what is read out


def test_a_wrong_order_first_marks_each_item_then_shows_the_right_order(player: Client) -> None:
    exercise = ordering_exercise()
    reversed_order = {f"position-{item.id}": str(3 - n) for n, item in enumerate(exercise.items)}
    player.post(PAGE3, {"exercise": "escalation-order", **reversed_order})
    first = exercise_html(player, PAGE3, "escalation-order")
    assert "Not quite: try again" in first
    assert first.count("Not in the right place") == 2
    assert first.count("In the right place") == 1  # the middle item, whose place reversing does not change
    assert "The right order" not in first
    assert SHOW_THE_ANSWER in first
    player.post(PAGE3, {"exercise": "escalation-order", "reveal": "1"})
    revealed = exercise_html(player, PAGE3, "escalation-order")
    assert revealed.index("Your order") < revealed.index("The right order")
    right_list = revealed[revealed.index("The right order") :]
    positions = [right_list.index(item.text) for item in exercise.items]
    assert positions == sorted(positions)


def test_a_right_answer_after_a_wrong_one_is_marked_correct(player: Client) -> None:
    player.post(PAGE2, {"exercise": "first-response", "choice": "b"})
    player.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    shown = exercise_html(player, PAGE2, "first-response")
    assert '<h3 class="nhsuk-heading-s">Correct</h3>' in shown
    assert "Your answer – correct" in shown
    assert SHOW_THE_ANSWER not in shown


def test_once_shown_a_multiple_choice_explains_every_option_with_its_mark(player: Client) -> None:
    player.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "b"]})
    player.post(PAGE2, {"exercise": "why-silent", "reveal": "1"})
    shown = feedback_html(player, PAGE2, "why-silent")
    assert shown.count('class="clinlead-feedback__option"') == 3
    assert shown.count("Your answer – correct") == 1  # a
    assert shown.count("Your answer – not right") == 1  # b
    assert shown.count("Right answer – you did not choose it") == 1  # c
