"""OpenAthens by SAML, end to end: allauth's SAML provider (python3-saml) against a real pysaml2 identity provider
(tests/idp): sign-up and the same record next time, the move from eduPersonTargetedID to pairwise-id, encrypted
assertions, and refusals of a replayed response, an altered one, one outside the clock skew, and an identity
provider we have not set up, each leaving nothing behind."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth import get_user_model
from django.test import Client

from clinlead.organisations import api as organisations
from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import Kind, identities_of, identity_provider, saml_app
from tests.idp.saml.keys import generate_key_pair
from tests.idp.saml.users import EDU_PERSON_SCOPED_AFFILIATION, EDU_PERSON_TARGETED_ID, PAIRWISE_ID, SamlUser
from tests.idp.saml_idp import RunningSamlIdp, sign_in, start_saml_idp
from tests.idp.saml_sp import decoded_response, with_response

from .test_keystone import sign_up, signed_in_as

pytestmark = pytest.mark.django_db
User = get_user_model()
SUBJECT_ID = "urn:oasis:names:tc:SAML:attribute:subject-id"
STAFF = {EDU_PERSON_SCOPED_AFFILIATION: ["staff@northshire-th.nhs.uk"]}
USERS = [
    SamlUser("pairwise.only", "pw-1", {PAIRWISE_ID: ["P1@northshire-th.nhs.uk"], **STAFF}),
    SamlUser("targeted.only", "pw-2", {EDU_PERSON_TARGETED_ID: ["T2"], **STAFF}),
    SamlUser("both", "pw-3", {PAIRWISE_ID: ["P2@northshire-th.nhs.uk"], EDU_PERSON_TARGETED_ID: ["T2"], **STAFF}),
    SamlUser("new.only", "pw-4", {PAIRWISE_ID: ["P2@northshire-th.nhs.uk"], **STAFF}),
    SamlUser("subject.id", "pw-5", {SUBJECT_ID: ["S5@northshire-th.nhs.uk"], **STAFF}),
]
SP_KEYS = generate_key_pair("clinlead tests SP")


def start(slug: str, client: Client, configured: bool = True, **options: Any) -> RunningSamlIdp:
    """An identity provider, our SAML app for it, and the provider told about us (our metadata)."""
    idp = start_saml_idp(None, USERS, **options)
    # The test client's host, "testserver", has one label: python3-saml refuses such addresses unless told.
    advanced = {
        "x509cert": SP_KEYS.certificate_base64,
        "private_key": SP_KEYS.private_key_pem,
        "allow_single_label_domains": True,
    }
    if options.get("encrypt_assertions"):
        advanced["want_assertion_encrypted"] = True
    saml_app(slug, "Northshire OpenAthens", idp.entity_id, idp.metadata_url, advanced)
    if configured:
        identity_provider(
            "Northshire Teaching Hospitals", Kind.OPENATHENS_SAML, slug, idp.entity_id, organisation_id("ZZ1")
        )
    idp.trust_sp(client.get(f"/accounts/saml/{slug}/metadata/").content.decode())
    return idp


@pytest.fixture
def client() -> Client:
    """A client that sends a Host header, as every browser does (allauth's SAML views read it)."""
    return Client(HTTP_HOST="testserver")


@pytest.fixture(autouse=True)
def registry() -> None:
    load_sample_registry()


@pytest.fixture
def idp(client: Client) -> Iterator[RunningSamlIdp]:
    running = start("northshire", client)
    yield running
    running.stop()


def at_provider(client: Client, slug: str, login: str, password: str) -> tuple[str, dict[str, str]]:
    response = client.post(f"/accounts/saml/{slug}/login/", {"process": "login"})
    assert response.status_code == 302, response.content[:300]
    return sign_in(requests.Session(), response["Location"], login, password)


def post_back(client: Client, acs_url: str, fields: dict[str, str]) -> Any:
    response = client.post(urlsplit(acs_url).path, fields)
    assert response.status_code == 302, response.content[:300]
    return client.get(response["Location"])


def saml_sign_in(client: Client, login: str, password: str, slug: str = "northshire") -> Any:
    return post_back(client, *at_provider(client, slug, login, password))


def test_a_first_sign_in_signs_up_and_the_next_lands_on_the_same_record(client: Client, idp: RunningSamlIdp) -> None:
    response = saml_sign_in(client, "pairwise.only", "pw-1")
    assert response["Location"] == "/accounts/3rdparty/signup/"
    sign_up(client, "priya@example.com")
    priya = signed_in_as(client)
    assert priya is not None
    assert identities_of(priya) == [("northshire", "pairwise:P1@northshire-th.nhs.uk")]
    assert organisations.free_access_by_employment(priya)
    client.logout()
    saml_sign_in(client, "pairwise.only", "pw-1")
    assert signed_in_as(client) == priya
    assert User.objects.count() == 1


def test_a_provider_moving_to_pairwise_id_keeps_the_person(client: Client, idp: RunningSamlIdp) -> None:
    saml_sign_in(client, "targeted.only", "pw-2")
    sign_up(client, "tom@example.com", "Tom Green")
    tom = signed_in_as(client)
    for login, password in (("both", "pw-3"), ("new.only", "pw-4")):
        client.logout()
        saml_sign_in(client, login, password)
        assert signed_in_as(client) == tom
    assert User.objects.count() == 1


def test_a_replayed_response_is_refused(client: Client, idp: RunningSamlIdp) -> None:
    acs_url, fields = at_provider(client, "northshire", "pairwise.only", "pw-1")
    post_back(client, acs_url, fields)
    replay = post_back(client, acs_url, fields)
    assert replay.status_code == 403
    assert "used already" in replay.content.decode()
    stranger = Client(HTTP_HOST="testserver")
    assert post_back(stranger, acs_url, fields).status_code == 403
    assert signed_in_as(stranger) is None


def test_an_altered_response_is_refused(client: Client, idp: RunningSamlIdp) -> None:
    acs_url, fields = at_provider(client, "northshire", "pairwise.only", "pw-1")
    xml = decoded_response(fields)
    assert "P1@northshire-th.nhs.uk" in xml
    response = post_back(client, acs_url, with_response(fields, xml.replace("P1@northshire", "P9@northshire")))
    assert "You could not be signed in" in response.content.decode()
    assert (User.objects.count(), SocialAccount.objects.count(), signed_in_as(client)) == (0, 0, None)


def test_encrypted_assertions_are_read_and_an_altered_one_refused(client: Client) -> None:
    idp = start("encrypted", client, encrypt_assertions=True)
    try:
        acs_url, fields = at_provider(client, "encrypted", "pairwise.only", "pw-1")
        assert "EncryptedAssertion" in decoded_response(fields)
        xml = decoded_response(fields)
        # The last cipher value holds the assertion itself (the first, the key it is encrypted with).
        cipher_start = xml.rindex("CipherValue>", 0, xml.rindex("CipherValue>")) + len("CipherValue>") + 10
        flipped = xml[:cipher_start] + ("A" if xml[cipher_start] != "A" else "B") + xml[cipher_start + 1 :]
        refused = post_back(client, acs_url, with_response(fields, flipped))
        assert refused.status_code in (200, 403)
        assert "could not" in refused.content.decode()
        assert signed_in_as(client) is None
        acs_url, fields = at_provider(client, "encrypted", "pairwise.only", "pw-1")
        assert post_back(client, acs_url, fields)["Location"] == "/accounts/3rdparty/signup/"
    finally:
        idp.stop()


def test_a_response_outside_the_clock_skew_is_refused(client: Client) -> None:
    idp = start("late", client, clock_offset_seconds=-3600)
    try:
        response = saml_sign_in(client, "pairwise.only", "pw-1", slug="late")
        assert "You could not be signed in" in response.content.decode()
        assert (User.objects.count(), signed_in_as(client)) == (0, None)
    finally:
        idp.stop()


def test_an_identity_provider_we_have_not_set_up_is_refused(client: Client) -> None:
    idp = start("unset", client, configured=False)
    try:
        response = saml_sign_in(client, "pairwise.only", "pw-1", slug="unset")
        assert response.status_code == 403
        assert "not set up for this service yet" in response.content.decode()
        assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)
    finally:
        idp.stop()


def test_our_metadata_is_signed_and_names_our_addresses(client: Client, idp: RunningSamlIdp) -> None:
    metadata = client.get("/accounts/saml/northshire/metadata/").content.decode()
    assert "<ds:Signature" in metadata
    assert "http://testserver/accounts/saml/northshire/acs/" in metadata
    assert SP_KEYS.certificate_base64[:40] in metadata


def test_an_apps_attribute_map_reads_an_identifier_released_under_another_name(
    client: Client, idp: RunningSamlIdp
) -> None:
    refused = saml_sign_in(client, "subject.id", "pw-5")
    assert refused.status_code == 403
    assert "did not send an identifier for you" in refused.content.decode()
    assert SocialAccount.objects.count() == 0
    app = SocialApp.objects.get(provider_id="northshire")
    app.settings = {**app.settings, "attribute_mapping": {"pairwiseID": SUBJECT_ID}}
    app.save()
    assert saml_sign_in(client, "subject.id", "pw-5")["Location"] == "/accounts/3rdparty/signup/"
    sign_up(client, "sol@example.com", "Sol Barnes")
    sol = signed_in_as(client)
    assert sol is not None
    assert identities_of(sol) == [("northshire", "pairwise:S5@northshire-th.nhs.uk")]
    assert organisations.free_access_by_employment(sol)
