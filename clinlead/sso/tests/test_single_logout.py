"""Single logout with OpenAthens by SAML, against the real pysaml2 identity provider (tests/idp): signing out of
clinlead ends the person's session at their identity provider too, so the next sign-in there asks for a password
again; a LogoutRequest the provider starts signs the person out here, and an unsigned one changes nothing."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from clinlead.accounts.testing import account, sign_in_with_password
from clinlead.organisations.testing import load_sample_registry
from tests.idp.saml_idp import RunningSamlIdp, SamlSignInRefused, sign_in

from .test_keystone import sign_up, signed_in_as
from .test_openathens_saml import start

pytestmark = pytest.mark.django_db
SLUG = "northshire"


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="testserver")


@pytest.fixture
def idp(client: Client) -> Iterator[RunningSamlIdp]:
    load_sample_registry()
    running = start(SLUG, client)
    yield running
    running.stop()


def sign_in_through(client: Client, browser_at_idp: requests.Session) -> Any:
    """Sign in through the IdP with one browser session there (its cookie is the person's session at the IdP)."""
    started = client.post(f"/accounts/saml/{SLUG}/login/", {"process": "login"})
    acs_url, fields = sign_in(browser_at_idp, started["Location"], "pairwise.only", "pw-1")
    received = client.post(urlsplit(acs_url).path, fields)
    assert received.status_code == 302, received.content[:300]
    return client.get(received["Location"])  # allauth finishes the sign-in at a second address


def signed_up_through_idp(client: Client, browser_at_idp: requests.Session) -> int:
    sign_in_through(client, browser_at_idp)
    sign_up(client, "priya@example.com")
    person = signed_in_as(client)
    assert person is not None
    return person


def onward_address(page: Any) -> str:
    html: str = page.content.decode()
    assert page.status_code == 200, html[:500]
    assert "Signing you out of your organisation" in html
    start = html.index('<a href="') + len('<a href="')
    return html[start : html.index('"', start)].replace("&amp;", "&")


def test_signing_out_here_signs_out_at_the_identity_provider_too(client: Client, idp: RunningSamlIdp) -> None:
    browser_at_idp = requests.Session()
    person = signed_up_through_idp(client, browser_at_idp)
    client.logout()
    sign_in_through(client, browser_at_idp)  # the IdP remembers the person: no password asked
    assert signed_in_as(client) == person

    onward = onward_address(client.post("/accounts/logout/"))
    assert signed_in_as(client) is None
    assert onward.startswith(idp.slo_url + "?SAMLRequest=")
    at_idp = browser_at_idp.get(onward, allow_redirects=False, timeout=30)
    assert at_idp.status_code == 302, at_idp.text[:500]
    back = urlsplit(at_idp.headers["Location"])
    assert back.path == f"/accounts/saml/{SLUG}/sls/"
    finished = client.get(back.path + "?" + back.query)
    assert (finished.status_code, finished["Location"]) == (302, "/")

    # The IdP's session has gone: the next sign-in there asks for the password again.
    started = client.post(f"/accounts/saml/{SLUG}/login/", {"process": "login"})
    with pytest.raises(SamlSignInRefused):
        sign_in(browser_at_idp, started["Location"], "pairwise.only", "wrong password")


def test_after_a_password_sign_in_signing_out_stays_here(client: Client, idp: RunningSamlIdp) -> None:
    signed_up_through_idp(client, requests.Session())
    onward_address(client.post("/accounts/logout/"))
    learner = account("sam@example.com").user
    sign_in_with_password(client, "sam@example.com")
    assert signed_in_as(client) == learner.pk
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"], signed_in_as(client)) == (302, "/", None)


def test_the_identity_provider_signs_the_person_out_here(client: Client, idp: RunningSamlIdp) -> None:
    person = signed_up_through_idp(client, requests.Session())
    sp_entity_id = f"http://testserver/accounts/saml/{SLUG}/metadata/"

    unsigned = urlsplit(idp.logout_request_url(sp_entity_id, signed=False))
    refused = client.get(unsigned.path + "?" + unsigned.query)
    assert refused.status_code == 400
    assert "You have not been signed out" in refused.content.decode()
    assert signed_in_as(client) == person

    signed = urlsplit(idp.logout_request_url(sp_entity_id))
    assert signed.path == f"/accounts/saml/{SLUG}/sls/"
    answered = client.get(signed.path + "?" + signed.query)
    assert answered.status_code == 302
    assert answered["Location"].startswith(idp.slo_url + "?SAMLResponse=")
    assert signed_in_as(client) is None
