"""NHS CIS2, end to end against a real OpenID Connect provider (tests/idp): the ODS codes of the person's
organisations make their posts, a mapped national RBAC role makes them a manager there, and one person with a
password, an OpenAthens identity and a CIS2 identity has one record whichever they sign in with."""

import pytest
from django.contrib.auth import get_user_model

from clinlead.accounts.testing import PASSWORD, account
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import Kind, identities_of, identity_provider, map_role, oidc_app
from tests.idp.oidc import RunningOidcProvider

from .conftest import CLIENT_ID, NORTHSHIRE_REALM, SECRET, Walk
from .test_keystone import sign_up, signed_in_as

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def providers(cis2: RunningOidcProvider, keystone: RunningOidcProvider) -> None:
    load_sample_registry()
    oidc_app("cis2", "cis2", cis2.issuer, CLIENT_ID, SECRET, "NHS Care Identity Service 2")
    cis2_id = identity_provider("NHS Care Identity Service 2", Kind.CIS2, "cis2")
    map_role(cis2_id, "S8000:G8000:R8001", "manager")
    oidc_app("keystone", "keystone", keystone.issuer, CLIENT_ID, SECRET, "OpenAthens")
    identity_provider("Northshire", Kind.OPENATHENS_KEYSTONE, "keystone", NORTHSHIRE_REALM, organisation_id("ZZ1"))


def test_cis2_organisations_make_posts_and_a_mapped_role_a_manager(walk: Walk) -> None:
    walk.app_id = "cis2"
    response = walk.sign_in("smartcard", "pw-c1")
    assert response["Location"] == "/accounts/3rdparty/signup/"
    sign_up(walk.client, "sam.okafor@nhs.net", "Sam Okafor")
    sam = signed_in_as(walk.client)
    assert sam is not None
    assert identities_of(sam) == [("cis2", "uid:555000111222")]
    posts = organisations.current_organisations_of([sam])[sam]
    assert sorted(code for code, _ in posts) == ["ZZ101", "ZZ201"]
    assert organisations.can(sam, organisations.Action.VIEW_PEOPLE, organisation_id("ZZ201"))
    assert not organisations.can(sam, organisations.Action.VIEW_PEOPLE, organisation_id("ZZ101"))

    walk.client.logout()
    walk.sign_in("smartcard", "pw-c1")
    assert signed_in_as(walk.client) == sam
    assert User.objects.count() == 1


def test_a_password_openathens_and_cis2_lead_to_one_record(walk: Walk) -> None:
    ada = account("ada@example.com").user
    walk.client.force_login(ada)
    walk.sign_in("pairwise-only", "pw-1", process="connect")
    walk.app_id = "cis2"
    walk.sign_in("smartcard", "pw-c1", process="connect")
    assert identities_of(ada.pk) == [("cis2", "uid:555000111222"), ("keystone", "pairwise:PW1@northshire-th.nhs.uk")]
    for app_id, login, password in (("keystone", "pairwise-only", "pw-1"), ("cis2", "smartcard", "pw-c1")):
        walk.client.logout()
        walk.app_id = app_id
        walk.sign_in(login, password)
        assert signed_in_as(walk.client) == ada.pk
    walk.client.logout()
    response = walk.client.post("/accounts/login/", {"login": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_as(walk.client) == ada.pk
    assert User.objects.count() == 1
