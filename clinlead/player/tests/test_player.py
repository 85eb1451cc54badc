"""Playing a session: pages, exercises posted as plain forms, feedback, and the summary."""

import html
import re
from pathlib import Path

import pytest
from django.test import Client

from clinlead.authoring import api as authoring
from clinlead.authoring.api import read_content
from clinlead.catalogue import api as catalogue
from clinlead.content.data import Html, Ordering, OrderingItem
from tests.content_fixtures import edit
from tests.factories import make_learner

pytestmark = pytest.mark.django_db
S = "/programmes/example/sessions/speaking-up"
PAGE2 = f"{S}/v1/2/"
PAGE3 = f"{S}/v1/3/"
CORRECT = '<h3 class="nhsuk-heading-s">Correct</h3>'
# Any feedback (right, wrong or a saved reflection) is drawn in this panel; no panel, no answer kept.
FEEDBACK_PANEL = 'class="clinlead-feedback__panel'


@pytest.fixture
def example(loaded_example: Path) -> Path:
    return loaded_example


def make_non_sample(content: Path) -> None:
    edit(content / "example" / "sessions" / "speaking-up.md", "sample: true", "sample: false")
    edit(content / "example" / "sessions" / "speaking-up.md", "version: 1", "version: 2")
    authoring.load_content(content)


def test_start_opens_the_first_page_of_the_current_version(client: Client, example: Path) -> None:
    response = client.get(f"{S}/play/")
    assert response.status_code == 302
    assert response["Location"] == f"{S}/v1/1/"


def test_a_page_shows_its_position_contents_and_navigation(client: Client, example: Path) -> None:
    body = client.get(PAGE2).content.decode()
    assert "Page 2 of 3" in body
    assert '<progress max="3" value="2"' in body
    assert f'href="{S}/v1/1/"' in body  # Back, and the contents list
    assert f'href="{S}/v1/3/"' in body  # Next
    assert "Why people stay quiet" in body
    assert "Putting it in order" in body


def test_the_last_page_leads_to_the_summary(client: Client, example: Path) -> None:
    assert f'href="{S}/v1/summary/"' in client.get(PAGE3).content.decode()


def test_a_right_answer_is_saved_and_explained(client: Client, example: Path) -> None:
    response = client.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    assert response.status_code == 303
    assert response["Location"] == f"{PAGE2}#exercise-first-response"
    body = client.get(PAGE2).content.decode()
    assert '<h3 class="nhsuk-heading-s">Correct</h3>' in body
    assert "Thanking them and acting at once" in body
    assert 'value="a" checked' in body


def test_submitting_nothing_asks_for_an_answer_and_saves_nothing(client: Client, example: Path) -> None:
    response = client.post(PAGE2, {"exercise": "first-response"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Choose an answer" in body
    assert FEEDBACK_PANEL not in client.get(PAGE2).content.decode()  # neither right nor wrong: nothing saved


def test_a_forged_exercise_key_is_refused(client: Client, example: Path) -> None:
    response = client.post(PAGE2, {"exercise": "no-such-exercise", "choice": "a"})
    assert response.status_code == 400
    assert b"There is no exercise 'no-such-exercise' on this page." in response.content


def test_an_exercise_from_another_page_is_refused(client: Client, example: Path) -> None:
    assert client.post(PAGE2, {"exercise": "reflect", "text": "hello"}).status_code == 400


def test_an_option_that_does_not_exist_is_refused(client: Client, example: Path) -> None:
    body = client.post(PAGE2, {"exercise": "first-response", "choice": "z"}).content.decode()
    assert "That answer is not one of the options" in body
    assert FEEDBACK_PANEL not in client.get(PAGE2).content.decode()


def test_ordering_needs_distinct_positions_and_marks_the_order(client: Client, example: Path) -> None:
    page = client.get(PAGE3).content.decode()
    ids = [line.split('name="position-')[1].split('"')[0] for line in page.splitlines() if 'name="position-' in line]
    assert len(ids) == 3
    same = client.post(PAGE3, {"exercise": "escalation-order", **{f"position-{i}": "1" for i in ids}})
    assert "Give each item a different position" in same.content.decode()
    # The page shows the items shuffled; their right order is the order written in the content.
    session = catalogue.playable_session("example", "speaking-up", 1)
    ordering = session.pages[2].exercise("escalation-order")
    assert isinstance(ordering, Ordering)
    right = {f"position-{item.id}": str(n) for n, item in enumerate(ordering.items, start=1)}
    client.post(PAGE3, {"exercise": "escalation-order", **right})
    assert "Correct: that is the right order" in client.get(PAGE3).content.decode()


def shown_order(page: str, exercise_key: str) -> list[str]:
    """The item texts of one ordering exercise, in the order the page shows them."""
    labels = re.findall(rf'for="exercise-{exercise_key}-position-\d+"\s*>\s*(.*?)\s*</label>', page, re.S)
    return [html.unescape(label) for label in labels]


def test_the_shuffle_is_never_the_answer_for_any_list_of_items() -> None:
    for count in range(2, 8):
        items = tuple(OrderingItem(f"i{n}", f"Item {n}") for n in range(count))
        for seed in range(300):
            exercise = Ordering(
                key=f"exercise-{seed}", prompt_html=Html(), hint="", required=True, items=items, feedback_html=Html()
            )
            shuffled = exercise.display_order()
            assert sorted(shuffled, key=lambda item: item.id) == list(items), (count, seed)  # the same items
            assert shuffled != items, (count, seed)


def test_every_ordering_exercise_in_the_content_and_the_format_guide_is_shown_shuffled(
    client: Client, loaded_starter: Path, example: Path
) -> None:
    client.force_login(make_learner())  # non-sample sessions are played signed in
    checked, unshuffled = 0, {}
    for root in (loaded_starter, example):
        for programme in read_content(root).programmes:
            for session in programme.sessions:
                base = f"/programmes/{programme.key}/sessions/{session.key}/v{session.version}"
                for number, session_page in enumerate(session.pages, start=1):
                    exercises = [e for e in session_page.exercises if isinstance(e, Ordering)]
                    if not exercises:
                        continue
                    page = client.get(f"{base}/{number}/").content.decode()
                    again = client.get(f"{base}/{number}/").content.decode()
                    for exercise in exercises:
                        right = [item.text for item in exercise.items]
                        shown = shown_order(page, exercise.key)
                        assert sorted(shown) == sorted(right), (session.key, exercise.key)
                        assert shown_order(again, exercise.key) == shown  # the same shuffle on every visit
                        checked += 1
                        if shown == right:
                            unshuffled[f"{session.key}/{exercise.key}"] = shown
    assert checked >= 50  # every one in the pack (52 today) and the format guide's
    assert unshuffled == {}


def test_a_reflection_is_kept_and_guidance_shown(client: Client, example: Path) -> None:
    client.post(PAGE3, {"exercise": "reflect", "text": "I stayed quiet in theatre once."})
    body = client.get(PAGE3).content.decode()
    assert "Reflection saved" in body
    assert "I stayed quiet in theatre once." in body
    assert "Keep your answer in mind" in body


def test_an_oversized_reflection_is_refused_with_its_length(client: Client, example: Path) -> None:
    body = client.post(PAGE3, {"exercise": "reflect", "text": "x" * 5001}).content.decode()
    assert "Your reflection is 5,001 characters long: shorten it to 5,000 or fewer" in body
    assert FEEDBACK_PANEL not in client.get(PAGE3).content.decode()


def test_the_summary_counts_pages_and_answers(client: Client, example: Path) -> None:
    for page in (1, 2, 3):
        client.get(f"{S}/v1/{page}/")
    client.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    client.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "c"]})
    body = client.get(f"{S}/v1/summary/").content.decode()
    assert "You viewed 3 of 3 pages." in body
    assert "You answered 2 of 3 marked exercises correctly." in body
    assert "Not answered yet" in body


def test_answers_belong_to_the_visitor_who_gave_them(client: Client, example: Path) -> None:
    client.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    assert CORRECT in client.get(PAGE2).content.decode()
    other = Client().get(PAGE2).content.decode()
    assert "Choose one answer" in other  # the same exercise, unanswered
    assert CORRECT not in other
    assert FEEDBACK_PANEL not in other


@pytest.mark.parametrize("url", [f"{S}/v1/0/", f"{S}/v1/4/", f"{S}/v9/1/", f"{S}/v9/summary/"])
def test_pages_and_versions_that_do_not_exist_are_not_found(client: Client, example: Path, url: str) -> None:
    assert client.get(url).status_code == 404


def test_anonymous_visitors_cannot_play_sessions_that_are_not_samples(client: Client, example: Path) -> None:
    make_non_sample(example)
    start = client.get(f"{S}/play/")
    assert start.status_code == 403
    assert "needs an account" in start.content.decode()
    assert client.get(f"{S}/v2/1/").status_code == 403
    assert client.post(f"{S}/v2/2/", {"exercise": "first-response", "choice": "a"}).status_code == 403


def test_a_visitor_inside_an_old_version_finishes_it_after_a_new_one_is_published(
    client: Client, example: Path
) -> None:
    client.post(PAGE2, {"exercise": "first-response", "choice": "a"})
    edit(example / "example" / "sessions" / "speaking-up.md", "version: 1", "version: 2")
    edit(example / "example" / "sessions" / "speaking-up.md", "# What would you do?", "# Your move")
    authoring.load_content(example)
    body = client.get(PAGE2).content.decode()
    assert "What would you do?" in body
    assert "A newer version has been published" in body
    assert '<h3 class="nhsuk-heading-s">Correct</h3>' in body
    assert client.post(PAGE2, {"exercise": "why-silent", "choice": ["a", "c"]}).status_code == 303
    assert client.get(f"{S}/play/")["Location"] == f"{S}/v2/1/"
