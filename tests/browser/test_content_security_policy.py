"""Every page works under the Content-Security-Policy, and the checker in conftest.py catches a violation.

conftest.py fails any browser test whose pages break the policy; these tests prove the checker sees a
violation, walk every public page and the signed-in ones, and check the player's enhancements still work.
"""

import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import resolve
from playwright.sync_api import Browser, Page, expect

from clinlead.catalogue import api as catalogue
from tests.factories import PASSWORD, make_learner

from .conftest import CspViolations, fail_on_csp_violations, new_page
from .test_sample_session import answer_exercise

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"
REPORT_LOGGER = "clinlead.csp_report"
# Not pages: files, the admin (signed-in staff only), and links that act.
NOT_PAGES = re.compile(r"^/(assets/|admin/|csp-report|accounts/logout/)|\.(pdf|csv|json|txt)$")
PAGES_PER_ROUTE = 3  # every kind of page; conftest.py already checks every sample-session page played


def wait_until(page: Page, condition: Callable[[], object], what: str) -> None:
    """Let Playwright deliver the browser's events until `condition` holds (or fail after 10 s)."""
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        page.wait_for_timeout(50)


def test_the_checker_fails_a_test_whose_page_runs_an_injected_script_or_style(
    browser: Browser, site: str, csp_violations: list[CspViolations], caplog: pytest.LogCaptureFixture
) -> None:
    page = new_page(browser, site)
    page.goto(site + f"/programmes/{PROGRAMME}/")
    with caplog.at_level(logging.WARNING, logger=REPORT_LOGGER):
        page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.injectedScriptRan = true";
                document.head.append(script);
                document.querySelector("h1").setAttribute("style", "color: red");
            }"""
        )
        wait_until(page, lambda: len(csp_violations[0].found) >= 4, "the two violations, as events and in the console")
        # The browser also reports them to /csp-report, which logs them.
        wait_until(page, lambda: len([r for r in caplog.records if r.name == REPORT_LOGGER]) >= 2, "the reports")
    assert page.evaluate("window.injectedScriptRan") is None, "the policy let an inline script run"
    assert page.locator("h1").evaluate("h1 => getComputedStyle(h1).color") != "rgb(255, 0, 0)"

    with pytest.raises(pytest.fail.Exception) as failure:
        fail_on_csp_violations(csp_violations)
    message = str(failure.value)
    assert "Content-Security-Policy violation(s)" in message
    assert f"event: script-src-elem blocked inline on {site}/programmes/{PROGRAMME}/" in message
    assert "event: style-src-attr blocked inline" in message
    assert "console: Executing inline script violates" in message
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == REPORT_LOGGER)
    assert "script-src-elem blocked inline" in logged
    assert "style-src-attr blocked inline" in logged
    csp_violations.clear()  # found as it should be: this test passes


def test_the_checker_sees_violations_on_pages_without_javascript(
    browser: Browser, site: str, csp_violations: list[CspViolations]
) -> None:
    page = new_page(browser, site, javascript=False)
    policy = page.request.get(site + "/").headers["content-security-policy"]
    # No listener runs without JavaScript: the browser's own console message is what the checker reads.
    page.route(
        site + "/styled/",
        lambda route: route.fulfill(
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
            body='<!DOCTYPE html><html lang="en"><title>Styled</title><p style="color: red">Styled</p></html>',
        ),
    )
    page.goto(site + "/styled/")
    wait_until(page, lambda: csp_violations[0].found, "the console message")
    with pytest.raises(pytest.fail.Exception, match="Applying inline style violates"):
        fail_on_csp_violations(csp_violations)
    csp_violations.clear()


def test_the_browser_applies_the_permissions_policy_and_recognises_every_feature(browser: Browser, site: str) -> None:
    page = new_page(browser, site)
    complaints: list[str] = []
    page.on(
        "console", lambda message: complaints.append(message.text) if "Permissions-Policy" in message.text else None
    )
    page.goto(site + f"/programmes/{PROGRAMME}/")
    assert complaints == []
    allows = "feature => document.featurePolicy.allowsFeature(feature)"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert page.evaluate(allows, feature) is False, feature
    for feature in ("fullscreen", "picture-in-picture"):
        assert page.evaluate(allows, feature) is True, feature
    page.context.close()


def test_every_kind_of_public_page_works_under_the_policy(browser: Browser, site: str) -> None:
    # Follows every link from the home page, as a visitor would; conftest.py fails the test on any violation.
    page = new_page(browser, site)
    seen, queue, per_route = {"/"}, ["/"], Counter[str]()
    visited: list[str] = []
    while queue:
        url = queue.pop(0)
        route = resolve(urlsplit(url).path).route + "?" + ",".join(sorted(re.findall(r"[?&]([^=&]+)=", url)))
        if per_route[route] >= PAGES_PER_ROUTE:
            continue
        per_route[route] += 1
        page.goto(site + url)
        visited.append(url)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)"):
            path = href.removeprefix(site).split("#")[0]
            if href.startswith(site) and path and path not in seen and not NOT_PAGES.search(path):
                seen.add(path)
                queue.append(path)
    for expected in [
        f"/programmes/{PROGRAMME}/framework/",
        f"/programmes/{PROGRAMME}/library/",
        f"/programmes/{PROGRAMME}/pathways/by-domain/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]:
        assert expected in visited, f"the walk never reached {expected}: {visited}"
    assert any(re.search(r"/v\d+/\d+/$", url) for url in visited), f"no player page in {visited}"
    # Pages no link leads to: the certificate check (printed on certificates), its answers, and errors.
    for path, status in [
        ("/certificates/verify/", 200),
        ("/certificates/verify/?number=CL-AAAA-AAAA-AAAA-AAAA-AAAA", 404),
        ("/no-such-page/", 404),
    ]:
        response = page.goto(site + path)
        assert response is not None
        assert response.status == status, path
    page.context.close()


def sign_in(page: Page, site: str, email: str) -> None:
    page.goto(site + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def totp_code(secret: str, steps_back: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 - steps_back))


def test_signed_in_pages_work_under_the_policy_and_the_player_enhancements_still_work(
    browser: Browser, site: str, settings
) -> None:
    settings.MFA_TOTP_TOLERANCE = 1  # a code computed at the end of a 30-second step is checked in the next
    user = make_learner("csp.learner@nhs.net")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page = new_page(browser, site)
    sign_in(page, site, user.email)
    expect(page.locator("h1")).to_have_text("My learning")

    page.goto(f"{site}/programmes/{PROGRAMME}/")
    page.get_by_role("button", name="Add to my learning").click()
    session_key = next(card.key for card in catalogue.programme_overview(PROGRAMME).samples)
    session = catalogue.playable_session(PROGRAMME, session_key, None)
    number, exercise = next(
        (n, exercise)
        for n, session_page in enumerate(session.pages, start=1)
        for exercise in session_page.exercises
        if exercise.type == "single"
    )
    page.goto(f"{site}/programmes/{PROGRAMME}/sessions/{session_key}/v{session.version}/{number}/")

    # htmx swaps the feedback in: the page is not reloaded, so what this script set is still there.
    page.evaluate("window.notReloaded = true")
    answer_exercise(page, exercise)
    assert page.evaluate("window.notReloaded") is True, "the answer reloaded the page instead of swapping"

    # The player sends its time beacon when the page is hidden or left (pagehide); the server takes it.
    # Playwright cannot watch a request from a page already gone, so the page is told it is hidden.
    with page.expect_response(lambda r: r.url.endswith("/time/") and r.request.method == "POST") as beacon:
        page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide'))")
    assert beacon.value.status == 204

    for path in [
        f"/programmes/{PROGRAMME}/sessions/{session_key}/v{session.version}/summary/",
        "/my-learning/",
        "/my-learning/activity/",
        "/my-learning/delete-account/",
        "/accounts/profile/",
        "/accounts/profile/edit/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/certificates/verify/",
        "/accounts/2fa/",
    ]:
        response = page.goto(site + path)
        assert response is not None
        assert response.status == 200, path

    # Two-factor pages: turn the authenticator app on (its QR code drawn inline), then sign in with it.
    page.get_by_role("link", name=re.compile("^Turn on")).click()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    qr_code = page.get_by_role("img", name="QR code to add this site to your authenticator app")
    box = qr_code.locator("svg").bounding_box()
    assert box is not None
    assert box["width"] == 200
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.goto(site + "/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, site, user.email)
    expect(page.locator("h1")).to_have_text("Enter your security code")
    page.get_by_label("Security code").fill(totp_code(secret, steps_back=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("My learning")
    page.context.close()
