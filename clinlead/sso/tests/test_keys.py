"""ID tokens are checked against the provider's published keys: a cached key set, fetched again for a key id it
does not hold, and nothing signed by anyone else (or not signed) gets through."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from clinlead.sso import keys
from tests.idp.oidc import RunningOidcProvider


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def forged(kid: str, issuer: str, **header: str) -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": issuer, "aud": "clinlead-tests", "sub": "x", "iat": now, "exp": now + 300}
    return jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": kid, **header})


@pytest.mark.django_db
def test_a_rotated_key_is_fetched_once_and_an_unknown_one_refused(keystone: RunningOidcProvider) -> None:
    keys_url = keystone.discovery()["jwks_uri"]
    first = keystone.kids()[0]
    assert keys.signing_key(keys_url, first) is not None
    new = keystone.rotate_keys()
    assert keys.signing_key(keys_url, new) is not None  # not in the cached set: fetched again
    with pytest.raises(keys.UnknownKey):
        keys.signing_key(keys_url, "no-such-key")


@pytest.mark.django_db
def test_a_token_signed_by_another_key_or_not_at_all_is_refused(keystone: RunningOidcProvider) -> None:
    keys_url = keystone.discovery()["jwks_uri"]
    kid = keystone.kids()[0]
    with pytest.raises(jwt.InvalidSignatureError):
        keys.verify_id_token(
            forged(kid, keystone.issuer), keys_url=keys_url, issuer=keystone.issuer, audience="clinlead-tests"
        )
    unsigned = jwt.encode({"iss": keystone.issuer, "sub": "x"}, key="", algorithm="none", headers={"kid": kid})
    with pytest.raises(jwt.InvalidAlgorithmError):
        keys.verify_id_token(unsigned, keys_url=keys_url, issuer=keystone.issuer, audience="clinlead-tests")
    shared_secret = jwt.encode(
        {"iss": keystone.issuer, "sub": "x"}, key="secret" * 6, algorithm="HS256", headers={"kid": kid}
    )
    with pytest.raises(jwt.InvalidAlgorithmError):
        keys.verify_id_token(shared_secret, keys_url=keys_url, issuer=keystone.issuer, audience="clinlead-tests")
