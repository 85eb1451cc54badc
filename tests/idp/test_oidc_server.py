"""The test identity providers behave like Keystone and CIS2 towards a real OpenID Connect client.

The client here is written from the specs (requests, PyJWT, cryptography): PKCE S256, the code flow,
ID token signature checked against the published JWKS. No database.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from playwright.sync_api import Browser

from tests.idp.oidc import (
    OidcProviderError,
    OidcUser,
    RunningOidcProvider,
    SignInRefused,
    sign_in,
    start_oidc_provider,
)

CLIENT_ID = "clinlead-test"
CLIENT_SECRET = "a-client-secret-for-tests-only"
REDIRECT_URI = "http://testserver/accounts/oidc/callback/"
NORTHSHIRE = {
    "realmName": "https://idp.northshire.example/entity",
    "eduPersonScopedAffiliation": ["staff@northshire-th.nhs.uk", "member@northshire-th.nhs.uk"],
    "derivedEduPersonAffiliation": ["staff", "member"],
    "derivedEduPersonScope": ["northshire-th.nhs.uk"],
}
KEYSTONE_USERS = [
    OidcUser("pat", "pat-password", {**NORTHSHIRE, "pairwiseID": "7QK2@northshire-th.nhs.uk", "email": "pat@nhs.test"}),
    OidcUser(
        "tom", "tom-password", {**NORTHSHIRE, "eduPersonTargetedID": "https://idp.northshire.example/entity!tom-42"}
    ),
    OidcUser(
        "bo",
        "bo-password",
        {
            **NORTHSHIRE,
            "pairwiseID": "B0B0@northshire-th.nhs.uk",
            "eduPersonTargetedID": "https://idp.northshire.example/entity!bo-7",
            "given_name": "Bo",
            "family_name": "Adeyemi",
        },
    ),
]
CARA_ROLE = {
    "person_orgid": "555000111333",
    "person_roleid": "555000111444",
    "org_code": "ZZ101",
    "role_name": '"Clinical":"Clinical Provision":"Nurse Access Role"',
    "role_code": "S8000:G8000:R8001",
}
CARA = OidcUser(
    "cara",
    "cara-password",
    {
        "nhsid_useruid": "555000111222",
        "idassurancelevel": "3",
        "nhsid_user_orgs": [{"org_code": "ZZ101", "org_name": "Northshire Teaching Hospitals"}],
        "nhsid_nrbac_roles": [CARA_ROLE],
        "email": "cara.nurse@nhs.test",
        "given_name": "Cara",
        "family_name": "Nurse",
        "name": "Cara Nurse",
    },
)
CIS2_SCOPE = (
    "openid profile email nhsperson associatedorgs nationalrbacaccess professionalmemberships "
    "organisationalmemberships selectedrole"
)


def start(profile: Any, users: list[OidcUser], **options: Any) -> RunningOidcProvider:
    return start_oidc_provider(profile, users, CLIENT_ID, CLIENT_SECRET, [REDIRECT_URI], **options)


@pytest.fixture(scope="module")
def keystone() -> Iterator[RunningOidcProvider]:
    provider = start("keystone", KEYSTONE_USERS)
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def cis2() -> Iterator[RunningOidcProvider]:
    provider = start("cis2", [CARA])
    yield provider
    provider.stop()


@dataclass
class SignedIn:
    id_token: str
    claims: dict[str, Any]
    userinfo: dict[str, Any]
    kid: str


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_url(provider: RunningOidcProvider, scope: str, **params: str) -> str:
    query = {"client_id": CLIENT_ID, "response_type": "code", "redirect_uri": REDIRECT_URI, "scope": scope, **params}
    return f"{provider.discovery()['authorization_endpoint']}?{urlencode(query)}"


def pkce_authorize_url(provider: RunningOidcProvider, scope: str = "openid", state: str = "s") -> tuple[str, str]:
    """An authorization URL with an S256 code challenge, and the verifier that redeems its code."""
    verifier, challenge = pkce()
    url = authorize_url(provider, scope, state=state, nonce="n", code_challenge=challenge, code_challenge_method="S256")
    return url, verifier


def callback_params(url: str) -> dict[str, str]:
    assert url.startswith(REDIRECT_URI), url
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def redeem(provider: RunningOidcProvider, code: str, verifier: str, client_auth: str) -> requests.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI, "code_verifier": verifier}
    token_endpoint = str(provider.discovery()["token_endpoint"])
    if client_auth == "client_secret_basic":
        return requests.post(token_endpoint, data=form, auth=(CLIENT_ID, CLIENT_SECRET), timeout=10)
    return requests.post(
        token_endpoint, data={**form, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, timeout=10
    )


def verified_claims(provider: RunningOidcProvider, id_token: str, nonce: str) -> dict[str, Any]:
    """What a careful client does: pick the JWKS key by kid, check RS256 signature, iss, aud, exp, nonce."""
    kid = jwt.get_unverified_header(id_token)["kid"]
    keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(provider.jwks()).keys}
    assert kid in keys, f"ID token signed with {kid}, JWKS has {sorted(k for k in keys if k)}"
    claims = jwt.decode(
        id_token, keys[kid].key, algorithms=["RS256"], audience=CLIENT_ID, issuer=provider.issuer, leeway=5
    )
    assert claims["nonce"] == nonce
    return dict(claims)


def full_sign_in(
    provider: RunningOidcProvider,
    login: str,
    password: str,
    scope: str = "openid",
    client_auth: str = "client_secret_basic",
    session: requests.Session | None = None,
) -> SignedIn:
    verifier, challenge = pkce()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    url = authorize_url(
        provider, scope, state=state, nonce=nonce, code_challenge=challenge, code_challenge_method="S256"
    )
    params = callback_params(sign_in(session or requests.Session(), url, login, password))
    assert params["state"] == state
    token = redeem(provider, params["code"], verifier, client_auth)
    assert token.status_code == 200, token.text
    tokens = token.json()
    userinfo = requests.get(
        str(provider.discovery()["userinfo_endpoint"]),
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert userinfo.status_code == 200, userinfo.text
    claims = verified_claims(provider, tokens["id_token"], nonce)
    assert userinfo.json()["sub"] == claims["sub"]
    return SignedIn(tokens["id_token"], claims, userinfo.json(), jwt.get_unverified_header(tokens["id_token"])["kid"])


@pytest.mark.parametrize("profile", ["keystone", "cis2"])
def test_discovery_describes_a_code_flow_provider_with_pkce(profile: str, request: pytest.FixtureRequest) -> None:
    provider: RunningOidcProvider = request.getfixturevalue(profile)
    document = provider.discovery()
    assert document["issuer"] == provider.issuer
    assert provider.issuer.startswith("http://127.0.0.1:")
    assert document["response_types_supported"] == ["code"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert set(document["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "client_secret_post"}
    assert all(str(document[name]).startswith(provider.issuer) for name in ("token_endpoint", "userinfo_endpoint"))
    if profile == "cis2":
        assert set(CIS2_SCOPE.split()) <= set(document["scopes_supported"])


@pytest.mark.parametrize(
    ("login", "password", "released", "withheld"),
    [
        ("pat", "pat-password", {"pairwiseID", "email"}, {"eduPersonTargetedID", "given_name"}),
        ("tom", "tom-password", {"eduPersonTargetedID"}, {"pairwiseID", "email"}),
        ("bo", "bo-password", {"pairwiseID", "eduPersonTargetedID", "given_name", "family_name"}, {"email"}),
    ],
)
def test_keystone_releases_each_users_identifiers(
    keystone: RunningOidcProvider, login: str, password: str, released: set[str], withheld: set[str]
) -> None:
    user = next(user for user in KEYSTONE_USERS if user.login == login)
    signed_in = full_sign_in(keystone, login, password, scope="openid")
    for claims in (signed_in.claims, signed_in.userinfo):
        for name in released | set(NORTHSHIRE):
            assert claims[name] == user.claims[name], name
        assert not withheld & set(claims)


def test_keystone_sub_is_new_on_every_sign_in_but_pairwise_id_stays(keystone: RunningOidcProvider) -> None:
    browser = requests.Session()
    first = full_sign_in(keystone, "pat", "pat-password", session=browser)
    second = full_sign_in(keystone, "pat", "pat-password", client_auth="client_secret_post", session=browser)
    third = full_sign_in(keystone, "pat", "pat-password")
    assert len({first.claims["sub"], second.claims["sub"], third.claims["sub"]}) == 3
    assert first.claims["pairwiseID"] == third.claims["pairwiseID"] == "7QK2@northshire-th.nhs.uk"


def test_cis2_releases_the_nhs_claims_and_a_persistent_sub(cis2: RunningOidcProvider) -> None:
    first = full_sign_in(cis2, "cara", "cara-password", scope=CIS2_SCOPE, client_auth="client_secret_post")
    second = full_sign_in(cis2, "cara", "cara-password", scope=CIS2_SCOPE)
    for claims in (first.claims, first.userinfo):
        assert {name: claims[name] for name in CARA.claims} == CARA.claims
        assert claims["sub"] == "555000111222"
    assert second.claims["sub"] == first.claims["sub"]


def test_cis2_releases_only_what_the_scopes_ask_for(cis2: RunningOidcProvider) -> None:
    signed_in = full_sign_in(cis2, "cara", "cara-password", scope="openid profile")
    assert signed_in.userinfo["given_name"] == "Cara"
    assert "nhsid_nrbac_roles" not in signed_in.userinfo
    assert "email" not in signed_in.claims


def test_rotated_keys_sign_the_next_token_and_the_old_kid_leaves_the_jwks() -> None:
    provider = start("keystone", KEYSTONE_USERS[:1])
    try:
        before = full_sign_in(provider, "pat", "pat-password")
        assert provider.kids() == [before.kid]
        new_kid = provider.rotate_keys()
        assert new_kid != before.kid
        assert provider.kids() == [new_kid]
        after = full_sign_in(provider, "pat", "pat-password")
        assert after.kid == new_kid
        # keep_previous publishes both, and signs with the newest.
        newest = provider.rotate_keys(keep_previous=True)
        assert provider.kids() == [newest, new_kid]
        assert full_sign_in(provider, "pat", "pat-password").kid == newest
    finally:
        provider.stop()


def test_a_code_issued_before_a_rotation_redeems_after_it_under_the_new_key() -> None:
    provider = start("cis2", [CARA])
    try:
        url, verifier = pkce_authorize_url(provider)
        code = callback_params(sign_in(requests.Session(), url, "cara", "cara-password"))["code"]
        new_kid = provider.rotate_keys()
        token = redeem(provider, code, verifier, "client_secret_post")
        assert token.status_code == 200, token.text
        assert jwt.get_unverified_header(token.json()["id_token"])["kid"] == new_kid
        assert verified_claims(provider, token.json()["id_token"], "n")["sub"] == "555000111222"
    finally:
        provider.stop()


def test_rotation_needs_the_admin_token(keystone: RunningOidcProvider) -> None:
    kids = keystone.kids()
    answer = requests.post(keystone.url("/test/rotate-keys"), json={}, headers={"X-Admin-Token": "x" * 32}, timeout=10)
    assert answer.status_code == 403
    assert keystone.kids() == kids


@pytest.mark.parametrize(
    "pkce_params",
    [{}, {"code_challenge": "x" * 43, "code_challenge_method": "plain"}],
    ids=["no-code-challenge", "plain-method"],
)
def test_authorization_without_an_s256_code_challenge_is_refused(
    keystone: RunningOidcProvider, pkce_params: dict[str, str]
) -> None:
    url = authorize_url(keystone, "openid", state="s1", nonce="n1", **pkce_params)
    params = callback_params(sign_in(requests.Session(), url, "pat", "pat-password"))
    assert params["error"] == "invalid_request"
    assert "code" not in params
    assert params["state"] == "s1"


def test_a_wrong_code_verifier_gets_no_tokens(keystone: RunningOidcProvider) -> None:
    url, _verifier = pkce_authorize_url(keystone)
    code = callback_params(sign_in(requests.Session(), url, "tom", "tom-password"))["code"]
    answer = redeem(keystone, code, pkce()[0], "client_secret_basic")
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(("login", "password"), [("pat", "wrong"), ("nobody", "pat-password")])
def test_wrong_credentials_are_refused(keystone: RunningOidcProvider, login: str, password: str) -> None:
    url, _verifier = pkce_authorize_url(keystone)
    with pytest.raises(SignInRefused) as refused:
        sign_in(requests.Session(), url, login, password)
    assert refused.value.response.status_code == 401
    assert 'name="password"' in refused.value.response.text
    assert "not right" in refused.value.response.text


def test_two_people_sign_in_one_after_the_other_in_one_browser(keystone: RunningOidcProvider) -> None:
    browser = requests.Session()
    pat = full_sign_in(keystone, "pat", "pat-password", session=browser)
    tom = full_sign_in(keystone, "tom", "tom-password", session=browser)
    assert pat.claims["pairwiseID"] == "7QK2@northshire-th.nhs.uk"
    assert tom.claims["eduPersonTargetedID"] == "https://idp.northshire.example/entity!tom-42"
    assert "pairwiseID" not in tom.claims


def test_a_remembered_session_signs_in_again_without_the_form() -> None:
    provider = start("keystone", KEYSTONE_USERS[:1], remember_sign_in=True)
    try:
        browser = requests.Session()
        first = full_sign_in(provider, "pat", "pat-password", session=browser)
        # No form this time: the wrong password is never asked for. Same grant, so the same sub.
        again = full_sign_in(provider, "pat", "not-asked", session=browser)
        assert again.claims["sub"] == first.claims["sub"]
    finally:
        provider.stop()


def test_a_claim_the_profile_does_not_release_stops_the_start_with_its_name() -> None:
    with pytest.raises(OidcProviderError, match='releases no claim "pairwiseId"'):
        start("keystone", [OidcUser("typo", "pw", {"pairwiseId": "x@northshire-th.nhs.uk"})])


@pytest.mark.browser
def test_headless_chromium_signs_in_through_the_plain_form(cis2: RunningOidcProvider, browser: Browser) -> None:
    url, _verifier = pkce_authorize_url(cis2, state="b1")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        page.fill('input[name="login"]', "cara")
        page.fill('input[name="password"]', "cara-password")
        # testserver does not resolve, and Playwright routes no redirected request: catch the
        # browser's request back to the client instead of its page.
        with page.expect_request(lambda request: request.url.startswith(REDIRECT_URI)) as back_at_client:
            page.click('button[type="submit"]:has-text("Sign in")')
        params = callback_params(back_at_client.value.url)
    finally:
        context.close()
    assert params["state"] == "b1"
    assert params["code"]
