"""The journeys issue 9 names, walked end to end in Chromium at phone and desktop sizes, with JavaScript on and
off: a visitor who searches, plays a sample session, gets an answer wrong and then right, and reaches the end; and
a learner who continues from My learning, finishes, sees the completed page and downloads the certificate.

axe-core is a script, so it checks pages only where scripts run; each page these journeys visit is checked in the
JavaScript runs (the runs without JavaScript check that everything still works)."""

import io
import re
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from clinlead.accounts.testing import make_learner
from clinlead.catalogue import api as catalogue
from clinlead.learning.testing import let_time_pass
from tests.factories import answer_key_form

from .conftest import WAYS_IN, axe_violations, new_page
from .test_sample_session import answer_exercise

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
P = f"/programmes/{PROGRAMME}"


class Walk:
    """One person's browser, checking every page it lands on with axe where scripts run."""

    def __init__(self, page: Page, javascript: bool) -> None:
        self.page = page
        self.javascript = javascript
        self.checked: list[str] = []

    def check(self) -> None:
        if self.javascript:
            assert axe_violations(self.page) == [], self.page.url
            self.checked.append(self.page.url)


def answer_wrong_then_right(walk: Walk, exercise: Any) -> None:
    section = walk.page.locator(f"#exercise-{exercise.key}")
    wrong = next(option for option in exercise.options if not option.correct)
    section.locator(f"input[value='{wrong.id}']").check()
    section.get_by_role("button", name="Check answer").click()
    feedback = walk.page.locator(f"#exercise-{exercise.key}-feedback")
    expect(feedback).to_contain_text("Not quite: try again")
    expect(feedback).not_to_contain_text("Right answer")  # nothing given away before the second try
    walk.check()
    section = walk.page.locator(f"#exercise-{exercise.key}")
    for option in exercise.options:
        box = section.locator(f"input[value='{option.id}']")
        if exercise.type == "multiple":
            box.set_checked(option.correct)
        elif option.correct:
            box.check()
    section.get_by_role("button", name="Check answer").click()
    expect(walk.page.locator(f"#exercise-{exercise.key}-feedback")).to_contain_text("Correct")


def play(walk: Walk, session_key: str, first_page: int = 1, *, one_wrong: bool = False) -> None:
    """Play from `first_page` to the end, answering each exercise as a learner who read the page would."""
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    wrong_given = not one_wrong
    for number in range(first_page, len(session.pages) + 1):
        session_page = session.pages[number - 1]
        expect(walk.page.locator("h1")).to_have_text(session_page.title)
        expect(walk.page.get_by_text(f"Page {number} of {len(session.pages)}")).to_be_visible()
        walk.check()
        for exercise in session_page.exercises:
            if not wrong_given and exercise.type in ("single", "multiple"):
                answer_wrong_then_right(walk, exercise)
                wrong_given = True
            else:
                answer_exercise(walk.page, exercise)
        walk.page.get_by_role("link", name=re.compile(r"^Next")).click()
    assert wrong_given, f"{session_key} has no choice exercise to get wrong"


@pytest.mark.parametrize(("viewport", "javascript"), WAYS_IN)
def test_a_visitor_searches_plays_a_sample_gets_one_wrong_then_right_and_reaches_the_end(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    walk = Walk(new_page(browser, site, javascript=javascript, viewport=viewport), javascript)
    page = walk.page
    page.goto(f"{site}{P}/")
    walk.check()
    title = catalogue.session_overview(PROGRAMME, "the-competency-framework").title
    page.goto(f"{site}/search/?q=competency+framework")  # what the header's search box sends
    walk.check()
    page.locator("main").get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("h1")).to_have_text(title)
    walk.check()
    page.get_by_role("button", name="Start session").or_(page.get_by_role("link", name="Start session")).click()
    play(walk, "the-competency-framework", one_wrong=True)
    expect(page.locator("h1, .nhsuk-panel__title").first).to_contain_text(f"You have completed {title}")
    expect(page.get_by_text("Sample sessions played without an account give no certificate")).to_be_visible()
    walk.check()
    page.context.close()


def learner_half_way(site: str, session_key: str) -> tuple[str, int]:
    """A learner who added the programme and stopped on page 3 of a session: their cookie and user id."""
    user = make_learner("continue.me@nhs.net", name="Kofi Mensah", profession="dentist")
    client = Client()
    client.force_login(user)
    client.post(f"/my-learning/enrol/{PROGRAMME}/")
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    base = f"{P}/sessions/{session_key}/v{session.version}"
    for number in (1, 2, 3):
        client.get(f"{base}/{number}/")
        for exercise in session.pages[number - 1].exercises:
            client.post(f"{base}/{number}/", answer_key_form(exercise))
    return client.cookies["sessionid"].value, user.pk


@pytest.mark.parametrize(("viewport", "javascript"), [WAYS_IN[1], WAYS_IN[2]])
def test_a_learner_continues_from_my_learning_finishes_and_downloads_the_certificate(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    session_key = "working-within-teams"
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    cookie, user_id = learner_half_way(site, session_key)
    walk = Walk(new_page(browser, site, javascript=javascript, viewport=viewport), javascript)
    page = walk.page
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page.goto(site + "/my-learning/")
    walk.check()
    resume = page.get_by_role("region", name="Continue where you left off")
    expect(resume).to_contain_text(session.title)
    expect(resume).to_contain_text(f"Page 3 of {len(session.pages)}")
    resume.get_by_role("link").first.click()
    let_time_pass(user_id, 60 * 60)  # the time rule: as if they had been reading for an hour
    play(walk, session_key, first_page=3)
    expect(page.locator("h1, .nhsuk-panel__title").first).to_contain_text(f"You have completed {session.title}")
    walk.check()
    expect(page.get_by_text(re.compile("What next|Next session", re.I)).first).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    text = PdfReader(io.BytesIO(download_info.value.path().read_bytes())).pages[0].extract_text()
    assert "Kofi Mensah" in text
    assert session.title in " ".join(text.split())
    page.get_by_role("link", name="Check your certificate").click()
    expect(page.get_by_text("This certificate is genuine")).to_be_visible()
    walk.check()
    page.context.close()
