"""Issue 12's cohort journey, in Chromium with JavaScript on: a trainer creates a cohort with a join code and
assigns a session from its trainer resources ("Use this with a cohort"); two learners join with the code and play
the session, one getting its exercise wrong first; the trainer sees which exercise the group found hardest, as a
chart and a table, and the page passes axe."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from clinlead.accounts.testing import account
from clinlead.catalogue import api as catalogue
from clinlead.organisations.testing import grant, load_sample_registry, organisation_id

from .conftest import DESKTOP, axe_violations, new_page
from .test_staff_upload import sign_in

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
SESSION = "leadership-in-clinical-settings"  # a sample session: anyone signed in may play it


def _pages() -> tuple[str, str, object]:
    """The player paths of the page with trainer resources and the page with the single-choice exercise."""
    session = catalogue.playable_session(PROGRAMME, SESSION, None)
    base = f"/programmes/{PROGRAMME}/sessions/{SESSION}/v{session.version}"
    resources = exercise_page = ""
    exercise = None
    for number, page in enumerate(session.pages, start=1):
        if any(getattr(b, "kind", "") == "trainer-resources" for b in page.blocks):
            resources = f"{base}/{number}/"
        for found in page.exercises:
            if found.type == "single" and exercise is None:
                exercise_page, exercise = f"{base}/{number}/", found
    assert resources, "the session has no trainer resources"
    assert exercise is not None, "the session has no single-choice exercise"
    return resources, exercise_page, exercise


def _join_and_answer(page: Page, site: str, code: str, path: str, exercise: object, *, wrong_first: bool) -> None:
    page.goto(site + "/cohorts/join/")
    page.get_by_label("Join code").fill(code)
    page.get_by_label("Share my reflections with the trainers of this cohort").check()
    page.get_by_role("button", name="Join cohort").click()
    expect(page.get_by_text("You have joined Ward leaders, spring")).to_be_visible()
    page.goto(site + path)
    section = page.locator(f"#exercise-{exercise.key}")  # type: ignore[attr-defined]
    options = exercise.options  # type: ignore[attr-defined]
    if wrong_first:
        section.locator(f"input[value='{next(o.id for o in options if not o.correct)}']").check()
        section.get_by_role("button", name="Check answer").click()
        expect(page.locator(f"#exercise-{exercise.key}-feedback")).to_contain_text("Not quite")  # type: ignore[attr-defined]
        page.goto(site + path)
        section = page.locator(f"#exercise-{exercise.key}")  # type: ignore[attr-defined]
    section.locator(f"input[value='{next(o.id for o in options if o.correct)}']").check()
    section.get_by_role("button", name="Check answer").click()
    expect(page.locator(f"#exercise-{exercise.key}-feedback")).to_be_visible()  # type: ignore[attr-defined]


def test_a_trainer_sees_which_exercise_the_cohort_found_hardest(browser: Browser, site: str) -> None:
    load_sample_registry()
    grant(account("tess.trainer@northshire-th.nhs.uk", name="Tess Trainer").user.pk, "trainer", "ZZ1")
    account("ann.able@example.org", name="Ann Able")
    account("bob.brown@example.org", name="Bob Brown")
    resources, exercise_page, exercise = _pages()

    trainer = new_page(browser, site, viewport=DESKTOP)
    sign_in(trainer, site, "tess.trainer@northshire-th.nhs.uk")
    trainer.goto(site + "/cohorts/new/")
    trainer.get_by_label("Name of the cohort").fill("Ward leaders, spring")
    trainer.get_by_label("Organisation").select_option(str(organisation_id("ZZ1")))
    trainer.get_by_role("button", name="Create cohort").click()
    expect(trainer.get_by_role("heading", level=1)).to_have_text("Ward leaders, spring")
    cohort_id = trainer.url.rstrip("/").split("/")[-1]
    code = trainer.locator("#join-code").inner_text().replace(" ", "")
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", code), code

    trainer.goto(site + resources)
    trainer.get_by_role("link", name="Use this with a cohort").click()
    expect(trainer.get_by_role("checkbox", name="Leadership in clinical settings")).to_be_checked()
    expect(trainer.get_by_label("Cohort")).to_have_value(cohort_id)  # their only cohort, chosen for them
    trainer.get_by_role("button", name="Assign").click()
    expect(trainer.get_by_text("1 session assigned to Ward leaders, spring")).to_be_visible()

    learners = [new_page(browser, site), new_page(browser, site)]
    for learner, email, wrong in zip(
        learners, ("ann.able@example.org", "bob.brown@example.org"), (True, False), strict=True
    ):
        sign_in(learner, site, email)
        _join_and_answer(learner, site, code, exercise_page, exercise, wrong_first=wrong)
    learners[0].goto(site + "/my-learning/")
    expect(learners[0].get_by_role("heading", name="Assigned to you")).to_be_visible()

    trainer.reload()
    chart = trainer.locator("svg[role='img']#hardest-exercises")
    expect(chart).to_be_visible()
    expect(chart.locator("title")).to_have_text("The exercises the group found hardest")
    hardest = trainer.get_by_role("table", name="Hardest exercises")
    row = hardest.get_by_role("row").nth(1)
    expect(row).to_contain_text(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(exercise.prompt_html))).strip()[:30])  # type: ignore[attr-defined]
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    expect(row.get_by_role("cell").nth(2)).to_have_text("2")
    assert axe_violations(trainer) == []
    for opened in (trainer, *learners):
        opened.context.close()
