"""Sign-in apps set in the environment (KEYSTONE_CLIENT_ID and _SECRET; CIS2_CLIENT_ID, _SECRET and _SERVER_URL):
allauth finds them beside the database's, a person signs in through one against a real Keystone (tests/idp), the
set-up pages list them as set in the environment without a way to change them, and their provider id cannot be
taken by an app made on the pages."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialApp
from django.test import override_settings
from django.urls import reverse

from clinlead.organisations.testing import organisation_id
from clinlead.sso.origins import sign_in_origins
from clinlead.sso.testing import Kind, identities_of, identity_provider
from tests.idp.oidc import RunningOidcProvider

from .conftest import CLIENT_ID, NORTHSHIRE_REALM, SECRET, Walk
from .manage_cast import make_cast, text
from .test_keystone import sign_up, signed_in_as

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def providers_with(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """SOCIALACCOUNT_PROVIDERS as the settings make it from this environment (a fresh interpreter)."""
    names = ("KEYSTONE_CLIENT_ID", "KEYSTONE_CLIENT_SECRET", "CIS2_CLIENT_ID", "CIS2_CLIENT_SECRET", "CIS2_SERVER_URL")
    env = {k: v for k, v in os.environ.items() if k not in names} | environment
    env["DJANGO_SETTINGS_MODULE"] = "clinlead.settings.base"
    code = "import json; from django.conf import settings; print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    return subprocess.run(  # noqa: S603 -- runs this interpreter on a fixed script
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_environment_makes_a_keystone_and_a_cis2_app() -> None:
    made = providers_with(
        {
            "KEYSTONE_CLIENT_ID": "ks-id",
            "KEYSTONE_CLIENT_SECRET": "ks-secret",
            "CIS2_CLIENT_ID": "c2-id",
            "CIS2_CLIENT_SECRET": "c2-secret",
            "CIS2_SERVER_URL": "https://am.nhsint.auth-ptl.cis2.spineservices.nhs.uk/openam/oauth2/realms/root/realms/NHSIdentity/realms/Healthcare",
        }
    )
    assert made.returncode == 0, made.stderr
    apps = json.loads(made.stdout)["openid_connect"]["APPS"]
    assert [(a["provider_id"], a["client_id"], a["secret"], a["settings"]["profile"]) for a in apps] == [
        ("keystone", "ks-id", "ks-secret", "keystone"),
        ("cis2", "c2-id", "c2-secret", "cis2"),
    ]
    assert apps[0]["settings"]["server_url"] == "https://connect.openathens.net"
    assert apps[1]["settings"]["server_url"].startswith("https://am.nhsint.auth-ptl.cis2")
    none = providers_with({})
    assert json.loads(none.stdout)["openid_connect"]["APPS"] == []


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"KEYSTONE_CLIENT_ID": "ks-id"}, "KEYSTONE_CLIENT_ID set without KEYSTONE_CLIENT_SECRET"),
        ({"CIS2_CLIENT_ID": "c", "CIS2_CLIENT_SECRET": "s"}, "set without CIS2_SERVER_URL"),
        (
            {"CIS2_CLIENT_ID": "c", "CIS2_CLIENT_SECRET": "s", "CIS2_SERVER_URL": "http://cis2.example"},
            "CIS2_SERVER_URL='http://cis2.example': expected the CIS2 environment's https:// issuer",
        ),
    ],
)
def test_an_app_half_set_in_the_environment_stops_the_start(environment: dict[str, str], message: str) -> None:
    made = providers_with(environment)
    assert made.returncode != 0
    assert message in made.stderr


def keystone_from_environment(issuer: str) -> dict[str, object]:
    app = {
        "provider_id": "keystone",
        "name": "OpenAthens",
        "client_id": CLIENT_ID,
        "secret": SECRET,
        "settings": {"server_url": issuer, "profile": "keystone"},
    }
    return {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [app]}}


def test_a_person_signs_in_through_a_keystone_app_set_in_the_environment(
    walk: Walk, keystone: RunningOidcProvider
) -> None:
    make_cast()
    identity_provider("Northshire", Kind.OPENATHENS_KEYSTONE, "keystone", NORTHSHIRE_REALM, organisation_id("ZZ1"))
    with override_settings(SOCIALACCOUNT_PROVIDERS=keystone_from_environment(keystone.issuer)):
        assert not SocialApp.objects.exists()
        issuer = urlsplit(keystone.issuer)
        assert sign_in_origins() == [f"{issuer.scheme}://{issuer.netloc}"]  # forms may start a sign-in there
        response = walk.sign_in("pairwise-only", "pw-1")
        assert response["Location"] == "/accounts/3rdparty/signup/"
        sign_up(walk.client, "priya@example.com")
        priya = signed_in_as(walk.client)
        assert priya is not None
        assert identities_of(priya) == [("keystone", "pairwise:PW1@northshire-th.nhs.uk")]


@override_settings(SOCIALACCOUNT_PROVIDERS=keystone_from_environment("https://connect.openathens.net"))
def test_the_pages_list_an_app_from_the_environment_without_changing_it() -> None:
    cast = make_cast()
    platform = cast.client(cast.platform)
    page = text(platform.get(reverse("sso-manage:index")))
    assert "Set in the environment: not changed here" in page
    assert "/accounts/oidc/keystone/login/callback/" in page
    assert SECRET not in page
    form = {
        "provider_id": "keystone",
        "name": "Another",
        "profile": "keystone",
        "server_url": "https://connect.openathens.net",
        "client_id": "x",
        "secret": "y",
    }
    refused = text(platform.post(reverse("sso-manage:add-oidc-app"), form))
    assert "There is already a sign-in app called keystone" in refused
    assert not SocialApp.objects.exists()
    # Identity providers may sign in through it.
    provider = {
        "name": "Northshire",
        "kind": Kind.OPENATHENS_KEYSTONE,
        "entity_id": NORTHSHIRE_REALM,
        "app_id": "keystone",
        "organisation_code": "ZZ1",
        "active": "on",
    }
    assert platform.post(reverse("sso-manage:add-identity-provider"), provider).status_code == 302
