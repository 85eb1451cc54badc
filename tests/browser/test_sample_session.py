"""A visitor on a phone plays a sample session from start to finish, with and without JavaScript."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from clinlead.catalogue import api as catalogue

from .conftest import axe_violations

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"


def sample_keys() -> list[str]:
    return [card.key for card in catalogue.programme_overview(PROGRAMME).samples]


def answer_exercise(page: Page, exercise: Any) -> None:
    """Answer one exercise correctly, as a learner would, using the content's answer key."""
    section = page.locator(f"#exercise-{exercise.key}")
    kind = exercise.type
    if kind in ("single", "multiple"):
        for option in exercise.options:
            if option.correct:
                section.locator(f"input[value='{option.id}']").check()
        section.get_by_role("button", name="Check answer").click()
        expect(section.locator(".clinlead-feedback")).to_contain_text("Correct")
    elif kind == "reflection":
        section.locator("textarea").fill("Next time I will ask the quietest person in the huddle first.")
        section.get_by_role("button", name="Save reflection").click()
        expect(section.locator(".clinlead-feedback")).to_contain_text("Reflection saved")
    elif kind == "ordering":
        for position, item in enumerate(exercise.items, start=1):
            section.locator(f"select[name='position-{item.id}']").select_option(str(position))
        section.get_by_role("button", name="Check order").click()
        expect(section.locator(".clinlead-feedback")).to_contain_text("Correct: that is the right order")


def play_to_the_end(page: Page, session_key: str) -> None:
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    page.get_by_role("button", name="Start session").click()
    for number, session_page in enumerate(session.pages, start=1):
        expect(page.locator("h1")).to_have_text(session_page.title)
        expect(page.get_by_text(f"Page {number} of {len(session.pages)}")).to_be_visible()
        for block in session_page.blocks:
            if block.kind == "exercise":
                answer_exercise(page, block)
        page.get_by_role("link", name=re.compile(r"^Next")).click()
    expect(page.locator("h1")).to_contain_text(f"You have completed {session.title}")
    marked = [e for p in session.pages for e in p.exercises if e.marked]
    expect(page.get_by_text(f"You answered {len(marked)} of {len(marked)} marked exercises correctly.")).to_be_visible()
    expect(page.get_by_text("Not answered yet")).to_have_count(0)


def open_sample_from_landing_page(page: Page, site: str, session_key: str) -> None:
    page.goto(site + "/")
    expect(page.locator("h1")).to_have_text("Leadership for Clinicians")
    page.get_by_role("link", name="By framework domain").first.click()
    expect(page).to_have_url(re.compile(r"/pathways/by-domain/$"))
    page.get_by_role("link", name="By module theme").click()
    expect(page).to_have_url(re.compile(r"/pathways/by-theme/$"))
    title = catalogue.session_overview(PROGRAMME, session_key).title
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(title)


def test_a_visitor_on_a_phone_plays_every_sample_session_to_the_end(phone: Page, site: str) -> None:
    keys = sample_keys()
    assert len(keys) >= 2
    for key in keys:
        open_sample_from_landing_page(phone, site, key)
        play_to_the_end(phone, key)


def test_the_same_works_without_javascript(phone_without_javascript: Page, site: str) -> None:
    for key in sample_keys():
        open_sample_from_landing_page(phone_without_javascript, site, key)
        play_to_the_end(phone_without_javascript, key)


def first_single_choice(key: str) -> tuple[str, Any]:
    """The player URL of the first page with a single-choice exercise in this sample session, and the exercise."""
    session = catalogue.playable_session(PROGRAMME, key, None)
    number, exercise = next(
        (n, e) for n, p in enumerate(session.pages, start=1) for e in p.exercises if e.type == "single"
    )
    return f"/programmes/{PROGRAMME}/sessions/{key}/v{session.version}/{number}/", exercise


def test_feedback_takes_keyboard_focus_after_an_answer(phone: Page, site: str) -> None:
    path, exercise = first_single_choice(sample_keys()[0])
    phone.goto(site + path)
    feedback = phone.locator(f"#exercise-{exercise.key}-feedback")
    expect(feedback).not_to_be_focused()
    answer_exercise(phone, exercise)
    # player.js moves focus on htmx:afterSettle, a moment after the feedback's text is swapped in.
    expect(feedback).to_be_focused()
    expect(feedback).to_have_attribute("role", "status")


def test_an_error_is_shown_in_its_exercise_and_the_field_focused(phone: Page, site: str) -> None:
    path, exercise = first_single_choice(sample_keys()[0])
    phone.goto(site + path)
    section = phone.locator(f"#exercise-{exercise.key}")
    section.get_by_role("button", name="Check answer").click()
    expect(section.locator(".nhsuk-error-message")).to_contain_text("Choose an answer")
    expect(section.locator("input[name='choice']").first).to_be_focused()


def test_without_javascript_an_error_is_announced_and_links_to_its_exercise(
    phone_without_javascript: Page, site: str
) -> None:
    path, exercise = first_single_choice(sample_keys()[0])
    page = phone_without_javascript
    page.goto(site + path)
    page.locator(f"#exercise-{exercise.key}").get_by_role("button", name="Check answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose an answer")
    expect(page.get_by_role("alert").get_by_role("link", name="Choose an answer")).to_have_attribute(
        "href", f"#exercise-{exercise.key}"
    )


ACCESSIBILITY_PAGES = [
    "/programmes/leadership-for-clinicians/",
    "/programmes/leadership-for-clinicians/pathways/by-theme/",
    "/programmes/leadership-for-clinicians/pathways/by-domain/",
    "/programmes/leadership-for-clinicians/framework/",
    "/programmes/leadership-for-clinicians/sessions/leadership-in-clinical-settings/",
    "/programmes/leadership-for-clinicians/library/",
    "/programmes/leadership-for-clinicians/library/?domain=2",
    "/programmes/leadership-for-clinicians/pages/faq/",
]


@pytest.mark.parametrize("path", ACCESSIBILITY_PAGES)
def test_public_pages_have_no_wcag_22_a_or_aa_violations(phone: Page, site: str, path: str) -> None:
    phone.goto(site + path)
    assert axe_violations(phone) == []


def test_every_player_page_and_its_feedback_have_no_wcag_violations(phone: Page, site: str) -> None:
    for key in sample_keys():
        session = catalogue.playable_session(PROGRAMME, key, None)
        for number, session_page in enumerate(session.pages, start=1):
            phone.goto(f"{site}/programmes/{PROGRAMME}/sessions/{key}/v{session.version}/{number}/")
            for block in session_page.blocks:
                if block.kind == "exercise":
                    answer_exercise(phone, block)
            assert axe_violations(phone) == [], f"{key} page {number}"
        phone.goto(f"{site}/programmes/{PROGRAMME}/sessions/{key}/v{session.version}/summary/")
        assert axe_violations(phone) == [], f"{key} summary"


def test_library_items_have_no_wcag_violations(phone: Page, site: str) -> None:
    for item in catalogue.library(PROGRAMME).items:
        phone.goto(f"{site}/programmes/{PROGRAMME}/library/{item.key}/")
        assert axe_violations(phone) == [], item.key
