"""Single sign-on in real Chromium, with real identity providers on loopback (tests/idp): a person signs up through
OpenAthens (Keystone), adds NHS CIS2 to the same record, and later signs in with CIS2; another signs in through
OpenAthens by SAML, with JavaScript on and off. No WCAG 2.2 A or AA violation on our sign-in pages."""

import base64
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, Route, expect

from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import Kind, identities_of, identity_provider, map_role, oidc_app, saml_app
from tests.idp.oidc import OidcUser, RunningOidcProvider, start_oidc_provider
from tests.idp.saml.keys import generate_key_pair
from tests.idp.saml.users import EDU_PERSON_SCOPED_AFFILIATION, PAIRWISE_ID, SamlUser
from tests.idp.saml_idp import RunningSamlIdp, start_saml_idp

from .conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser
REALM = "https://idp.northshire.example/entity"
KEYSTONE_USER = OidcUser(
    "priya",
    "priya-password",
    {
        "realmName": REALM,
        "pairwiseID": "PW1@northshire-th.nhs.uk",
        "eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk"],
    },
)
CIS2_USER = OidcUser(
    "priya-card",
    "card-password",
    {
        "nhsid_useruid": "555000111222",
        "nhsid_user_orgs": [{"org_code": "ZZ101", "org_name": "Northshire Royal Infirmary"}],
        "nhsid_nrbac_roles": [{"org_code": "ZZ101", "role_code": "S8000:G8000:R8001", "role_name": "Manager"}],
    },
)


def open_page(browser: Browser, allowed: list[str], javascript: bool = True) -> Page:
    """A phone-sized page that may reach our live server and the identity providers, and nothing else."""
    page = browser.new_context(java_script_enabled=javascript, viewport=PHONE).new_page()
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(tuple(allowed)) else route.abort()
    )
    return page


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def oidc(site: str) -> Iterator[tuple[RunningOidcProvider, RunningOidcProvider]]:
    load_sample_registry()
    signed_out = [f"{site}/accounts/sign-in/signed-out/"]
    keystone = start_oidc_provider(
        "keystone",
        [KEYSTONE_USER],
        "ks",
        "ks-secret",
        [f"{site}/accounts/oidc/keystone/login/callback/"],
        post_logout_redirect_uris=signed_out,
    )
    cis2 = start_oidc_provider(
        "cis2",
        [CIS2_USER],
        "c2",
        "c2-secret",
        [f"{site}/accounts/oidc/cis2/login/callback/"],
        post_logout_redirect_uris=signed_out,
    )
    oidc_app("keystone", "keystone", keystone.issuer, "ks", "ks-secret", "OpenAthens")
    oidc_app("cis2", "cis2", cis2.issuer, "c2", "c2-secret", "NHS Care Identity Service 2")
    identity_provider(
        "Northshire Teaching Hospitals (OpenAthens)",
        Kind.OPENATHENS_KEYSTONE,
        "keystone",
        REALM,
        organisation_id("ZZ1"),
    )
    cis2_id = identity_provider("NHS Care Identity Service 2", Kind.CIS2, "cis2")
    map_role(cis2_id, "S8000:G8000:R8001", "manager")
    yield keystone, cis2
    keystone.stop()
    cis2.stop()


def at_provider(page: Page, login: str, password: str) -> None:
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def northshire_saml(site: str) -> RunningSamlIdp:
    """A SAML identity provider for Northshire with one person, our app for it, and it told about us."""
    load_sample_registry()
    sam = SamlUser(
        "sam",
        "sam-password",
        {PAIRWISE_ID: ["S1@northshire-th.nhs.uk"], EDU_PERSON_SCOPED_AFFILIATION: ["staff@northshire-th.nhs.uk"]},
    )
    idp = start_saml_idp(None, [sam])
    keys = generate_key_pair("clinlead browser tests")
    # The live server is on "localhost", one label: python3-saml refuses such addresses unless told.
    advanced = {
        "x509cert": keys.certificate_base64,
        "private_key": keys.private_key_pem,
        "allow_single_label_domains": True,
    }
    saml_app("northshire", "Northshire (SAML)", idp.entity_id, idp.metadata_url, advanced)
    identity_provider("Northshire by SAML", Kind.OPENATHENS_SAML, "northshire", idp.entity_id, organisation_id("ZZ1"))
    idp.trust_sp(requests.get(f"{site}/accounts/saml/northshire/metadata/", timeout=10).text)
    return idp


def sign_out_here_and_at_the_provider(page: Page) -> None:
    """Sign out of clinlead, and so (single logout) of the OpenID provider: where it still holds a session it asks
    first, as oidc-provider does; then it sends the browser back to our "signed out" page."""
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    heading = page.locator("h1")
    expect(heading).to_have_text(re.compile("^(You have signed out|Do you want to sign-out from .*)$"))
    if heading.inner_text().startswith("Do you want"):
        page.get_by_role("button", name="Yes, sign me out").click()
    expect(heading).to_have_text("You have signed out")


def finish_sign_up(page: Page) -> None:
    """Our first-time form, filled in as Priya."""
    expect(page.locator("h1")).to_have_text("Finish creating your account")
    page.fill("input[name=email]", "priya@example.com")
    page.fill("input[name=name_on_certificates]", "Priya Shah")
    page.select_option("select[name=profession]", "nurse")
    page.check("input[name=accept_terms]")
    page.get_by_role("button", name="Create account").click()


def test_sign_up_with_openathens_add_cis2_and_sign_in_with_it(
    browser: Browser, site: str, oidc: tuple[RunningOidcProvider, RunningOidcProvider]
) -> None:
    keystone, cis2 = oidc
    page = open_page(browser, [site, keystone.issuer, cis2.issuer])
    page.goto(f"{site}/accounts/login/")
    page.get_by_role("link", name="Sign in with your organisation").click()
    expect(page.locator("h1")).to_have_text("Sign in with your organisation")
    assert axe_violations(page) == []
    page.fill("#q", "northshire")
    page.get_by_role("button", name="Find your organisation").click()
    page.get_by_role("button", name="Northshire Teaching Hospitals (OpenAthens)").click()
    at_provider(page, "priya", "priya-password")
    expect(page.locator("h1")).to_have_text("Finish creating your account")
    assert axe_violations(page) == []
    finish_sign_up(page)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    page.goto(f"{site}/accounts/3rdparty/")
    expect(page.locator("h1")).to_have_text("Ways you sign in")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add your organisation's sign-in").click()
    page.get_by_role("button", name="NHS Care Identity Service 2").click()
    at_provider(page, "priya-card", "card-password")
    expect(page.locator("main")).to_contain_text("NHS Care Identity Service 2")

    # Signing out ends the session at OpenAthens too: the browser goes to its end-session address, which accepts
    # our return address and sends it back.
    visited: list[str] = []
    page.on("request", lambda request: visited.append(request.url))
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You have signed out")
    assert page.url == f"{site}/accounts/sign-in/signed-out/"
    assert any(url.startswith(f"{keystone.issuer}/session/end?id_token_hint=") for url in visited), visited
    assert axe_violations(page) == []
    page.goto(f"{site}/accounts/sign-in/organisation/")
    expect(page.locator("#last-chosen")).to_contain_text("NHS Care Identity Service 2")  # remembered in this browser
    page.locator("#last-chosen").get_by_role("button").click()
    at_provider(page, "priya-card", "card-password")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    page.goto(f"{site}/accounts/profile/")
    expect(page.locator("main")).to_contain_text("Priya Shah")
    priya = get_user_model().objects.get(email="priya@example.com")
    assert [provider for provider, _ in identities_of(priya.pk)] == ["cis2", "keystone"]
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_sign_in_with_openathens_by_saml(browser: Browser, site: str, javascript: bool) -> None:
    idp = northshire_saml(site)
    try:
        page = open_page(browser, [site, origin(idp.sso_url)], javascript=javascript)
        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.get_by_role("button", name="Northshire by SAML").click()
        at_provider(page, "sam", "sam-password")
        if not javascript:
            page.get_by_role("button", name="Continue").click()
        expect(page.locator("h1")).to_have_text("Finish creating your account")
        page.context.close()
    finally:
        idp.stop()


def test_a_rotated_key_and_a_new_sub_land_on_the_same_record_and_an_unknown_realm_is_refused(
    browser: Browser, site: str
) -> None:
    load_sample_registry()
    stranger = OidcUser(
        "sam", "sam-password", {"realmName": "https://idp.elsewhere.example/entity", "pairwiseID": "S@x"}
    )
    keystone = start_oidc_provider(
        "keystone",
        [KEYSTONE_USER, stranger],
        "ks",
        "ks-secret",
        [f"{site}/accounts/oidc/keystone/login/callback/"],
        post_logout_redirect_uris=[f"{site}/accounts/sign-in/signed-out/"],
    )
    oidc_app("keystone", "keystone", keystone.issuer, "ks", "ks-secret", "OpenAthens")
    identity_provider("Northshire (OpenAthens)", Kind.OPENATHENS_KEYSTONE, "keystone", REALM, organisation_id("ZZ1"))
    try:
        page = open_page(browser, [site, keystone.issuer])
        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.get_by_role("button", name="Northshire (OpenAthens)").click()
        at_provider(page, "priya", "priya-password")
        finish_sign_up(page)
        sign_out_here_and_at_the_provider(page)

        keystone.rotate_keys()  # and Keystone sends a new sub at every sign-in
        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.locator("#last-chosen").get_by_role("button").click()
        at_provider(page, "priya", "priya-password")
        expect(page.get_by_role("link", name="Sign out")).to_be_visible()  # straight in: no sign-up form again
        page.goto(f"{site}/accounts/profile/")
        expect(page.locator("main")).to_contain_text("Priya Shah")
        sign_out_here_and_at_the_provider(page)

        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.locator("#last-chosen").get_by_role("button").click()
        at_provider(page, "sam", "sam-password")
        expect(page.locator("h1")).to_have_text("Your organisation is not set up for this service yet")
        assert axe_violations(page) == []
        assert list(get_user_model().objects.values_list("email", flat=True)) == ["priya@example.com"]
        page.context.close()
    finally:
        keystone.stop()


def test_a_replayed_or_altered_saml_response_is_refused_in_the_browser(browser: Browser, site: str) -> None:
    idp = northshire_saml(site)
    acs = f"{site}/accounts/saml/northshire/acs/"
    try:
        # Altered on its way to us: the signed pairwise-id changed.
        page = open_page(browser, [site, origin(idp.sso_url)])

        def alter(route: Route) -> None:
            fields = dict(parse_qsl(route.request.post_data or ""))
            xml = base64.b64decode(fields["SAMLResponse"]).decode().replace("S1@northshire", "S9@northshire")
            route.continue_(post_data=urlencode({**fields, "SAMLResponse": base64.b64encode(xml.encode()).decode()}))

        page.route(acs, alter)
        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.get_by_role("button", name="Northshire by SAML").click()
        at_provider(page, "sam", "sam-password")
        expect(page.locator("h1")).to_have_text("You could not be signed in")
        page.context.close()

        # Taken as it came, then posted again from another browser.
        page = open_page(browser, [site, origin(idp.sso_url)])
        posted: list[str] = []
        page.on("request", lambda request: posted.append(request.post_data or "") if request.url == acs else None)
        page.goto(f"{site}/accounts/sign-in/organisation/")
        page.get_by_role("button", name="Northshire by SAML").click()
        at_provider(page, "sam", "sam-password")
        expect(page.locator("h1")).to_have_text("Finish creating your account")
        page.context.close()
        replay = open_page(browser, [site])
        replay.goto(f"{site}/accounts/sign-in/organisation/")
        replay.evaluate(
            """([action, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden"; input.name = name; input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [acs, dict(parse_qsl(posted[0]))],
        )
        expect(replay.locator("h1")).to_have_text("You could not be signed in")
        expect(replay.get_by_role("link", name="Sign out")).to_have_count(0)
        replay.context.close()
    finally:
        idp.stop()
