"""The learner's own pages, the framework and the library fit a phone: nothing scrolls sideways at 390 pixels,
no WCAG 2.2 A or AA violations, and the framework's expanders open without JavaScript."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from clinlead.catalogue import api as catalogue
from tests.factories import answer_key_form, make_learner

from .conftest import PHONE, axe_violations, new_page

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
P = f"/programmes/{PROGRAMME}"


def learner_with_some_learning(site: str) -> str:
    """A learner who added the programme, completed one session and is half way through another; their cookie."""
    user = make_learner("phone.learner@nhs.net")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    client.post(f"/my-learning/enrol/{PROGRAMME}/")
    session = catalogue.playable_session(PROGRAMME, "learning-from-incidents", None)
    base = f"{P}/sessions/{session.key}/v{session.version}"
    for number, page in enumerate(session.pages, start=1):
        client.get(f"{base}/{number}/")
        for exercise in page.exercises:
            client.post(f"{base}/{number}/", answer_key_form(exercise))
    client.get(f"{base}/summary/")
    other = catalogue.playable_session(PROGRAMME, "working-within-teams", None)
    client.get(f"{P}/sessions/{other.key}/v{other.version}/2/")
    return client.cookies["sessionid"].value


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the phone (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth")) - PHONE["width"]


def test_my_pages_fit_a_phone_and_pass_axe(browser: Browser, site: str) -> None:
    cookie = learner_with_some_learning(site)
    page = new_page(browser, site)
    page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": site}])
    page.goto(site + "/my-learning/")
    expect(page.get_by_role("region", name="Continue where you left off")).to_contain_text("Working within teams")
    for path in ("/my-learning/", "/my-learning/?pathway=by-domain", "/my-learning/activity/", "/accounts/profile/"):
        page.goto(site + path)
        expect(page.locator("h1")).to_be_visible()
        # Open every expander, so that what they hide is measured too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert sideways_overflow(page) <= 0, path
        assert axe_violations(page) == [], path
    page.context.close()


@pytest.mark.parametrize("path", [f"{P}/framework/", f"{P}/library/", f"{P}/library/?domain=2"])
def test_the_framework_and_the_library_fit_a_phone_and_pass_axe(phone: Page, site: str, path: str) -> None:
    phone.goto(site + path)
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert sideways_overflow(phone) <= 0
    assert axe_violations(phone) == []


def test_a_framework_element_opens_without_javascript(phone_without_javascript: Page, site: str) -> None:
    page = phone_without_javascript
    page.goto(f"{site}{P}/framework/")
    element = page.locator("#element-1\\.1")
    session = next(iter(catalogue.framework(PROGRAMME).domains[0].elements[0].sessions))
    link = element.get_by_role("link", name=session.title)
    expect(link).to_be_hidden()
    element.locator("summary").click()
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text(session.title)
