"""Making, revoking and checking API tokens, and counting their requests (the only writes of this app)."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from .models import ApiToken

PREFIX = "clesr_"  # lets secret scanners (and people) recognise a leaked token
REQUESTS_PER_MINUTE = 60


@dataclass(frozen=True)
class TokenData:
    id: int
    organisation_id: int
    name: str
    made_at: datetime.datetime
    revoked_at: datetime.datetime | None
    last_used_at: datetime.datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _data(token: ApiToken) -> TokenData:
    return TokenData(token.pk, token.organisation_id, token.name, token.made_at, token.revoked_at, token.last_used_at)


def make_token(organisation_id: int, name: str, made_by: int) -> tuple[TokenData, str]:
    """A new token for the organisation, and the token itself (never stored, so shown only this once)."""
    token = PREFIX + secrets.token_urlsafe(32)
    made = ApiToken.objects.create(
        organisation_id=organisation_id, name=name, token_hash=_hash(token), made_by_id=made_by, made_at=timezone.now()
    )
    return _data(made), token


def tokens_of(organisation_id: int) -> list[TokenData]:
    """The organisation's tokens, newest first, revoked ones too (so people see what was revoked and when)."""
    return [_data(t) for t in ApiToken.objects.filter(organisation_id=organisation_id).order_by("-made_at", "-pk")]


def revoke_token(organisation_id: int, token_id: int) -> bool:
    """Revoke the organisation's token; False if it has no such token. Revoking twice keeps the first time."""
    found = ApiToken.objects.filter(organisation_id=organisation_id, pk=token_id)
    if not found.exists():
        return False
    found.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return True


def organisation_of(token: str) -> tuple[int, int] | None:
    """(token id, organisation id) of a token in use, noting when it was used; None if unknown or revoked."""
    if not token.startswith(PREFIX):
        return None
    found = ApiToken.objects.filter(token_hash=_hash(token), revoked_at__isnull=True).values_list(
        "pk", "organisation_id"
    )
    row = found.first()
    if row is None:
        return None
    ApiToken.objects.filter(pk=row[0]).update(last_used_at=timezone.now())
    return row


def seconds_until_allowed(token_id: int) -> int:
    """Count this request against the token's minute; 0 if it may go ahead, else seconds until the next minute.

    A fixed window in the shared cache (Redis in production), so every web process counts the same requests.
    """
    now = timezone.now().timestamp()
    window = int(now // 60)
    key = f"esr-api:{token_id}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the first request of the window
        cache.set(key, 1, timeout=120)
        count = 1
    if count <= REQUESTS_PER_MINUTE:
        return 0
    return max(1, int((window + 1) * 60 - now) + 1)
