"""Real OpenID Connect identity providers on loopback (tests/idp), one per test module, and the Django test client
walking a sign-in through them: our pages, the provider's form, and back (no browser, no mocks)."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from tests.idp.oidc import OidcUser, RunningOidcProvider, sign_in, start_oidc_provider

CLIENT_ID, SECRET = "clinlead-tests", "a-secret-only-these-tests-know"
NORTHSHIRE_REALM = "https://idp.northshire.example/entity"


def callback(app_id: str) -> str:
    return f"http://testserver/accounts/oidc/{app_id}/login/callback/"


KEYSTONE_USERS = [
    OidcUser(
        "pairwise-only",
        "pw-1",
        {
            "realmName": NORTHSHIRE_REALM,
            "pairwiseID": "PW1@northshire-th.nhs.uk",
            "eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk"],
            "given_name": "Priya",
            "family_name": "Shah",
        },
    ),
    OidcUser(
        "targeted-only",
        "pw-2",
        {
            "realmName": NORTHSHIRE_REALM,
            "eduPersonTargetedID": "TG2",
            "eduPersonScopedAffiliation": ["member@northshire-th.nhs.uk"],
        },
    ),
    OidcUser(
        "both",
        "pw-3",
        {
            "realmName": NORTHSHIRE_REALM,
            "pairwiseID": "PW2@northshire-th.nhs.uk",
            "eduPersonTargetedID": "TG2",
            "eduPersonScopedAffiliation": ["member@northshire-th.nhs.uk"],
        },
    ),
    OidcUser(
        "new-only",
        "pw-4",
        {
            "realmName": NORTHSHIRE_REALM,
            "pairwiseID": "PW2@northshire-th.nhs.uk",
            "eduPersonScopedAffiliation": ["member@northshire-th.nhs.uk"],
        },
    ),
    OidcUser(
        "elsewhere",
        "pw-5",
        {
            "realmName": "https://idp.unknown.example/entity",
            "pairwiseID": "X@unknown.example",
            "email": "x@unknown.example",
        },
    ),
    OidcUser(
        "claims-ada",
        "pw-6",
        {
            "realmName": NORTHSHIRE_REALM,
            "pairwiseID": "ADA@northshire-th.nhs.uk",
            "email": "ada@northshire-th.nhs.uk",
            "eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk"],
        },
    ),
]


CIS2_USERS = [
    OidcUser(
        "smartcard",
        "pw-c1",
        {
            "nhsid_useruid": "555000111222",
            "idassurancelevel": "3",
            "given_name": "Sam",
            "family_name": "Okafor",
            "email": "sam.okafor@nhs.net",
            "nhsid_user_orgs": [
                {"org_code": "ZZ101", "org_name": "Northshire Royal Infirmary"},
                {"org_code": "ZZ201", "org_name": "Riverside Mental Health Unit"},
                {"org_code": "X99", "org_name": "Not in the registry"},
            ],
            "nhsid_nrbac_roles": [
                {
                    "person_orgid": "1",
                    "person_roleid": "2",
                    "org_code": "ZZ201",
                    "role_name": "Clinical manager",
                    "role_code": "S8000:G8000:R8001",
                }
            ],
        },
    )
]


@pytest.fixture(scope="module")
def cis2() -> Iterator[RunningOidcProvider]:
    provider = start_oidc_provider("cis2", CIS2_USERS, CLIENT_ID, SECRET, [callback("cis2")])
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def keystone() -> Iterator[RunningOidcProvider]:
    provider = start_oidc_provider("keystone", KEYSTONE_USERS, CLIENT_ID, SECRET, [callback("keystone")])
    yield provider
    provider.stop()


@dataclass
class Walk:
    """A sign-in walked through our pages and a real identity provider."""

    client: Client
    app_id: str

    def start(self, process: str = "login") -> str:
        """Our sign-in page sends the browser to the provider: its address."""
        response = self.client.post(f"/accounts/oidc/{self.app_id}/login/", {"process": process})
        assert response.status_code == 302, response.content[:500]
        return str(response["Location"])

    def at_provider(self, authorize_url: str, login: str, password: str) -> str:
        """The provider's form, filled in: the address it sends the browser back to (ours)."""
        return sign_in(requests.Session(), authorize_url, login, password)

    def back(self, return_url: str) -> Any:
        parts = urlsplit(return_url)
        return self.client.get(f"{parts.path}?{parts.query}")

    def sign_in(self, login: str, password: str, process: str = "login") -> Any:
        return self.back(self.at_provider(self.start(process), login, password))


@pytest.fixture
def walk(client: Client) -> Walk:
    return Walk(client, "keystone")
