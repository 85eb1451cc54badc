"""A SAML sign-in set up entirely through the set-up pages works: the platform administrator pastes the metadata of
a running identity provider (pysaml2's, tests/idp), adds the identity provider for Northshire, and a member of
staff then signs up through it, vouched for by Northshire."""

import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.organisations import api as organisations
from clinlead.sso.testing import Kind, identities_of
from tests.idp.saml_idp import start_saml_idp

from .manage_cast import make_cast
from .test_keystone import sign_up, signed_in_as
from .test_openathens_saml import USERS, saml_sign_in

pytestmark = pytest.mark.django_db


def test_an_app_and_provider_set_up_on_the_pages_sign_people_in() -> None:
    cast = make_cast()
    platform = cast.client(cast.platform)
    idp = start_saml_idp(None, USERS)
    try:
        with urllib.request.urlopen(idp.metadata_url, timeout=10) as answer:  # noqa: S310 (the test IdP, on loopback)
            pasted = answer.read().decode()
        app = {
            "slug": "northshire-pages",
            "name": "Northshire",
            "entity_id": idp.entity_id,
            "metadata_source": "xml",
            "metadata_xml": pasted,
        }
        assert platform.post(reverse("sso-manage:add-saml-app"), app).status_code == 302
        provider = {
            "name": "Northshire Teaching Hospitals",
            "kind": Kind.OPENATHENS_SAML,
            "entity_id": idp.entity_id,
            "app_id": "northshire-pages",
            "organisation_code": "ZZ1",
            "active": "on",
        }
        assert platform.post(reverse("sso-manage:add-identity-provider"), provider).status_code == 302

        # python3-saml refuses single-label hosts such as the test client's "testserver" unless an app says
        # otherwise, which one made on the pages does not: this browser is at localhost.
        person = Client(HTTP_HOST="localhost")
        idp.trust_sp(person.get("/accounts/saml/northshire-pages/metadata/").content.decode())
        response = saml_sign_in(person, "pairwise.only", "pw-1", slug="northshire-pages")
        assert response["Location"] == "/accounts/3rdparty/signup/", idp.errors
        sign_up(person, "priya@example.com")
        priya = signed_in_as(person)
        assert priya is not None
        assert identities_of(priya) == [("northshire-pages", "pairwise:P1@northshire-th.nhs.uk")]
        assert organisations.free_access_by_employment(priya)  # Northshire vouched for her
    finally:
        idp.stop()
