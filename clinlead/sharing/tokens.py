"""Share link tokens: "<selector>.<secret>". The selector (public, indexed) finds the link; the secret is kept
only as its SHA-256 and compared in constant time, so neither the database nor the timing of a comparison
tells an attacker anything about a secret (the split-token pattern). 256 random bits need no slow hash."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class NewToken:
    token: str  # shown to the learner once, never stored
    selector: str
    verifier_hash: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> NewToken:
    selector = secrets.token_hex(12)
    secret = secrets.token_urlsafe(32)
    return NewToken(f"{selector}.{secret}", selector, digest(secret))


def split(token: str) -> tuple[str, str] | None:
    """(selector, secret), or None for anything not shaped like a token."""
    selector, dot, secret = token.partition(".")
    if not dot or len(selector) != 24 or not 40 <= len(secret) <= 50:
        return None
    return selector, secret


def matches(secret: str, verifier_hash: str) -> bool:
    return hmac.compare_digest(digest(secret), verifier_hash)
