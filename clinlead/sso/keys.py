"""Identity providers' signing keys: a key set is fetched once and kept, and fetched again only when a token names
a key id it does not hold (OpenAthens Keystone rotates its keys every 24 hours). allauth fetches the key set for
every token it checks, and checks none after a code exchange; we check every ID token (docs/decisions/0024)."""

import json
import threading
from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from django.core.cache import cache

# Kept a day, as long as a key of Keystone's lives; a token naming an unknown key fetches the set again anyway.
KEY_SET_SECONDS = 24 * 60 * 60
_lock = threading.Lock()


class UnknownKey(Exception):
    """The token names a key the provider does not publish, even after fetching its key set again."""


def _fetch(keys_url: str) -> dict[str, Any]:
    with get_adapter().get_requests_session() as session:
        response = session.get(keys_url, timeout=10)
        response.raise_for_status()
        key_set: dict[str, Any] = response.json()
    cache.set(f"sso:jwks:{keys_url}", key_set, KEY_SET_SECONDS)
    return key_set


def _find(key_set: dict[str, Any], kid: str) -> dict[str, Any] | None:
    for key in key_set.get("keys", []):
        if isinstance(key, dict) and key.get("kid") == kid and key.get("use", "sig") == "sig":
            return key
    return None


def signing_key(keys_url: str, kid: str) -> Any:
    """The public key with this id, from the cached key set or, failing that, a freshly fetched one."""
    key = _find(cache.get(f"sso:jwks:{keys_url}") or {}, kid)
    if key is None:
        with _lock:  # one refetch at a time in this process, however many sign-ins arrive with the new key
            key = _find(cache.get(f"sso:jwks:{keys_url}") or {}, kid) or _find(_fetch(keys_url), kid)
    if key is None:
        raise UnknownKey(f"no signing key {kid!r} at {keys_url}")
    return jwt.PyJWK.from_json(json.dumps(key)).key


def verify_id_token(token: str, *, keys_url: str, issuer: str, audience: str) -> dict[str, Any]:
    """The ID token's claims once its signature, issuer, audience and times hold (PyJWT checks them)."""
    header = jwt.get_unverified_header(token)
    algorithm = header.get("alg", "")
    if algorithm not in {"RS256", "RS384", "RS512", "PS256", "ES256"}:  # never "none", never a shared secret
        raise jwt.InvalidAlgorithmError(f"ID token signed with {algorithm!r}")
    claims: dict[str, Any] = jwt.decode(
        token,
        key=signing_key(keys_url, str(header.get("kid", ""))),
        algorithms=[algorithm],
        audience=audience,
        issuer=issuer,
        leeway=60,  # seconds of clock skew allowed between the provider and us
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )
    return claims
