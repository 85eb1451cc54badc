"""Feedback in the player on a phone, with and without JavaScript: a wrong answer explains the learner's choice
and offers another try or the answer; errors name every unplaced item; the contents list keeps its heading."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from clinlead.catalogue import api as catalogue

from .conftest import axe_violations, new_page

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"


def first_exercise(exercise_type: str) -> tuple[str, Any]:
    """The player path of the first sample-session page with an exercise of this type, and the exercise."""
    for card in catalogue.programme_overview(PROGRAMME).samples:
        session = catalogue.playable_session(PROGRAMME, card.key, None)
        for number, page in enumerate(session.pages, start=1):
            for exercise in page.exercises:
                if exercise.type == exercise_type:
                    return f"/programmes/{PROGRAMME}/sessions/{card.key}/v{session.version}/{number}/", exercise
    raise AssertionError(f"no sample session has a {exercise_type} exercise")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_wrong_answer_offers_another_try_and_the_answer_on_request(
    browser: Browser, site: str, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript)
    path, exercise = first_exercise("single")
    page.goto(site + path)
    if javascript:
        page.evaluate("window.notReloaded = true")
    section = page.locator(f"#exercise-{exercise.key}")
    wrong = next(option for option in exercise.options if not option.correct)
    right = next(option for option in exercise.options if option.correct)
    section.locator(f"input[value='{wrong.id}']").check()
    section.get_by_role("button", name="Check answer").click()
    feedback = page.locator(f"#exercise-{exercise.key}-feedback")
    expect(feedback).to_contain_text("Not quite: try again")
    expect(feedback).to_contain_text("Your answer – not right")
    expect(feedback).not_to_contain_text("Right answer")
    if javascript:
        expect(feedback).to_be_focused()
        assert page.evaluate("window.notReloaded") is True, "the answer reloaded the page instead of swapping"
        assert axe_violations(page) == []  # axe runs as a script: only where scripts run
    page.locator(f"#exercise-{exercise.key}").get_by_role("button", name="Show the answer").click()
    expect(feedback).to_contain_text("Not quite: here is the right answer")
    expect(feedback).to_contain_text("Right answer")
    expect(feedback).to_contain_text(re.sub(r"<[^>]+>", "", str(right.feedback_html))[:40])
    expect(page.locator(f"#exercise-{exercise.key}").get_by_role("button", name="Show the answer")).to_have_count(0)
    if javascript:
        assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_an_incomplete_order_names_each_unplaced_item_beside_its_field(
    browser: Browser, site: str, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript)
    path, exercise = first_exercise("ordering")
    page.goto(site + path)
    section = page.locator(f"#exercise-{exercise.key}")
    selects = section.locator("select")
    selects.nth(1).select_option("1")
    section.get_by_role("button", name="Check order").click()
    errors = page.locator(f"#exercise-{exercise.key} .nhsuk-error-message")
    expect(errors).to_have_count(len(exercise.items) - 1)
    labels = [section.locator("label").nth(n).inner_text().strip() for n in range(len(exercise.items))]
    for n, label in enumerate(labels):
        if n != 1:
            expect(section).to_contain_text(f"Choose a position for “{label}”")
    expect(selects.nth(1)).to_have_value("1")  # what was chosen is kept
    if javascript:
        expect(selects.nth(0)).to_be_focused()
        assert axe_violations(page) == []
    else:
        expect(page.get_by_role("alert")).to_contain_text(f"“{labels[0]}”")
    page.context.close()


def test_the_contents_list_keeps_a_visible_heading_on_a_phone(phone: Page, site: str) -> None:
    path, _ = first_exercise("single")
    phone.goto(site + path)
    heading = phone.get_by_role("heading", name="In this session")
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box is not None
    assert box["width"] > 100, box  # not the 1-pixel box of visually hidden text
    assert box["height"] > 10, box
    expect(phone.get_by_role("navigation", name="In this session")).to_be_visible()


def test_an_unfinished_session_s_summary_says_what_is_left_without_wcag_violations(phone: Page, site: str) -> None:
    card = catalogue.programme_overview(PROGRAMME).samples[0]
    session = catalogue.playable_session(PROGRAMME, card.key, None)
    phone.goto(f"{site}/programmes/{PROGRAMME}/sessions/{card.key}/v{session.version}/summary/")
    expect(phone.locator("h1")).to_have_text(f"You have not completed {session.title} yet")
    expect(phone.get_by_role("heading", name="What next")).to_be_visible()
    assert axe_violations(phone) == []
