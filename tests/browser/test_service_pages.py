"""The pages around the learning, as a visitor, an ineligible person and a learner's inbox meet them: footer pages,
error pages, search and the account emails, at phone and desktop sizes, with and without JavaScript, with no WCAG
2.2 A or AA violation on any of them (axe-core is a script: it checks the pages in the runs where scripts run; the
runs without JavaScript check that everything still works)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from clinlead.accounts.testing import make_learner

from .conftest import PHONE, WAYS_IN, axe_violations, new_page

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
P = f"/programmes/{PROGRAMME}"
FOOTER = ["Accessibility statement", "Privacy notice", "Cookies", "Terms of use", "Contact and help"]


def no_violations(page: Page, javascript: bool = True) -> None:
    """No WCAG 2.2 A or AA violation, checked where scripts run (axe cannot run in a page without them)."""
    if javascript:
        assert axe_violations(page) == [], page.url


@pytest.mark.parametrize(("viewport", "javascript"), WAYS_IN)
def test_every_footer_page_opens_from_the_footer_in_the_programmes_layout(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript, viewport=viewport)
    for name in FOOTER:
        page.goto(site + "/accounts/login/")  # an account page has the same footer as the programme's pages
        page.locator("footer").get_by_role("link", name=name).click()
        expect(page.locator("h1")).to_be_visible()
        expect(page).to_have_title(re.compile(r" – Leadership for Clinicians$"))
        expect(page.locator("header")).to_contain_text("Leadership for Clinicians")
        no_violations(page, javascript)
    page.context.close()


@pytest.mark.parametrize(("viewport", "javascript"), WAYS_IN)
def test_error_pages_say_what_happened_and_offer_a_way_back(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript, viewport=viewport)
    page.goto(f"{site}{P}/sessions/no-such-session/")
    expect(page.locator("h1")).to_have_text("Page not found")
    no_violations(page, javascript)
    page.locator("main").get_by_role("link", name=re.compile("Leadership for Clinicians")).first.click()
    expect(page).to_have_url(re.compile(rf"{P}/$"))

    page.goto(site + "/my-learning/delete-account/")  # a visitor is sent to sign in, not shown a bare 403
    expect(page.locator("h1")).to_have_text("Sign in")
    page.context.close()


@pytest.mark.parametrize(("viewport", "javascript"), WAYS_IN)
def test_a_visitor_searches_from_the_header_and_filters(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript, viewport=viewport)
    page.goto(f"{site}{P}/")
    if viewport == PHONE and javascript:
        # NHS.UK's header folds the search box behind a button on a small screen when JavaScript runs.
        toggle = page.locator("header").get_by_role("button", name=re.compile("Search", re.I))
        if toggle.count() and toggle.first.is_visible():
            toggle.first.click()
    box = page.get_by_role("searchbox", name="Search sessions and library")
    box.fill("duty of candour")
    box.press("Enter")
    expect(page.locator("h1")).to_contain_text("Search")
    results = page.locator("main mark")
    expect(results.first).to_be_visible()
    no_violations(page, javascript)
    first_title = page.locator("main h2 a, main h3 a").first.inner_text()
    page.locator("main h2 a, main h3 a").first.click()
    expect(page.locator("h1")).to_have_text(first_title)

    page.goto(f"{site}/search/?q=zzzyxq+nothing")
    expect(page.locator("main")).to_contain_text("No results")
    no_violations(page, javascript)
    page.context.close()


@pytest.mark.parametrize(("viewport", "javascript"), [WAYS_IN[0], WAYS_IN[3]])
def test_someone_without_a_work_address_is_told_before_registering_what_qualifies_and_other_routes(
    browser: Browser, site: str, viewport: dict, javascript: bool
) -> None:
    page = new_page(browser, site, javascript=javascript, viewport=viewport)
    page.goto(f"{site}{P}/sessions/giving-and-receiving-feedback/")  # not a sample
    card = page.locator("#sign-in-to-start")
    expect(card).to_contain_text("Sign in to start this session")
    no_violations(page, javascript)
    card.get_by_role("link", name="Create an account").click()
    expect(page.locator("#eligible-domains")).to_contain_text("nhs.net")
    expect(page.locator("#not-eligible")).to_contain_text("sample sessions")
    no_violations(page, javascript)

    page.get_by_role("button", name="Create account").click()  # nothing filled in: our words, in field order
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).not_to_contain_text("This field is required")
    no_violations(page, javascript)
    page.context.close()


def test_a_learner_without_free_access_sees_why_not_a_start_button(browser: Browser, site: str) -> None:
    from django.test import Client

    user = make_learner("sam@example.com")
    client = Client()
    client.force_login(user)
    page = new_page(browser, site)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site}])
    page.goto(f"{site}{P}/sessions/giving-and-receiving-feedback/")
    expect(page.locator("#no-free-access")).to_contain_text("does not have free access")
    expect(page.get_by_role("button", name="Start session")).to_have_count(0)
    expect(page.get_by_role("link", name="Start session")).to_have_count(0)
    no_violations(page)
    page.context.close()


def test_the_html_of_every_account_email_passes_axe(browser: Browser, site: str) -> None:
    page = new_page(browser, site)
    page.goto(site + "/accounts/password/reset/")
    make_learner("reset.me@nhs.net")
    page.get_by_label("Email address").fill("reset.me@nhs.net")
    page.get_by_role("button", name=re.compile("reset", re.I)).click()
    page.goto(site + "/accounts/signup/")
    page.get_by_label("Email").first.fill("new.person@nhs.net")
    page.get_by_label("Full name").fill("New Person")
    page.get_by_label("Profession").select_option("nurse")
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-passphrase-41")
    page.get_by_label("Password (again)").fill("a-long-and-unusual-passphrase-41")
    page.get_by_label(re.compile("accept the terms of use")).check()
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("h1")).to_have_text("Check your email")

    htmls = [
        (message.subject, alternative[0])
        for message in mail.outbox
        for alternative in getattr(message, "alternatives", [])
        if alternative[1] == "text/html"
    ]
    assert len(htmls) >= 2, [message.subject for message in mail.outbox]
    page.context.close()
    # An email is read in a mail program, not on our site: shown in a blank page, outside our pages' policy
    # (emails keep their styles inline, as mail programs need).
    inbox = browser.new_page()
    for subject, html in htmls:
        assert "Leadership for Clinicians" in html, subject
        inbox.set_content(html)
        assert axe_violations(inbox) == [], subject
    inbox.context.close()
