"""The test SAML IdP's pages in headless Chromium (Debian's, the run's one browser: tests/conftest.py), with
JavaScript on and off.

The SP's ACS is not a server here: Playwright catches the browser's POST to it, and python3-saml checks
what the browser sent, as an SP's ACS view would.
"""

from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Browser, Route

from tests.idp.saml_idp import generate_key_pair, standard_test_users, start_saml_idp
from tests.idp.saml_sp import ACS_URL, PythonSamlSp

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_person_signs_in_on_the_form_and_the_browser_posts_the_response(browser: Browser, javascript: bool) -> None:
    user = standard_test_users()[0]
    sp = PythonSamlSp(generate_key_pair("clinlead test SP"), want_assertions_encrypted=True)
    with start_saml_idp(sp.metadata_xml(), standard_test_users(), encrypt_assertions=True) as idp:
        sp.idp_metadata_xml = idp.metadata_xml
        login_url, request_id = sp.login_url()
        posted: list[str] = []

        def catch_acs_post(route: Route) -> None:
            posted.append(route.request.post_data or "")
            route.fulfill(status=200, content_type="text/html", body="<p>SP got it</p>")

        context = browser.new_context(java_script_enabled=javascript)
        try:
            page = context.new_page()
            page.route(ACS_URL, catch_acs_post)
            page.goto(login_url)
            page.get_by_label("Username").fill(user.login)
            page.get_by_label("Password").fill(user.password)
            page.get_by_role("button", name="Sign in").click()
            if not javascript:  # the form waits for the person
                page.get_by_role("button", name="Continue").click()
            page.wait_for_url(ACS_URL)
        finally:
            context.close()

    assert len(posted) == 1
    fields = {name: values[0] for name, values in parse_qs(posted[0]).items()}
    auth = sp.accept(ACS_URL, fields, request_id)
    assert auth.get_errors() == [], auth.get_last_error_reason()
    assert auth.get_attributes() == user.attributes
