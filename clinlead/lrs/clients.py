"""Making clients and checking their credentials (HTTP Basic), and what each scope allows."""

import base64
import binascii
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.utils import timezone

from clinlead.organisations import api as organisations

from .models import Client

# The spec's OAuth scope names (xAPI 1.0.3 part 3, 4.2); the ones this store has resources for.
SCOPES = ("statements/write", "statements/read", "statements/read/mine", "all/read", "all")
READ_ALL = {"statements/read", "all/read", "all"}
WRITE = {"statements/write", "all"}


@dataclass(frozen=True)
class ClientData:
    id: int
    name: str
    key: str
    scopes: frozenset[str]
    organisation_id: int | None

    @property
    def may_write(self) -> bool:
        return bool(self.scopes & WRITE)

    @property
    def reads_all(self) -> bool:
        return bool(self.scopes & READ_ALL)

    @property
    def may_read(self) -> bool:
        return self.reads_all or "statements/read/mine" in self.scopes


class BadScope(ValueError):
    pass


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_client(name: str, scopes: list[str], organisation_id: int | None = None) -> tuple[ClientData, str]:
    """A new client and its secret (kept only as a hash, so shown to its maker this once)."""
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown or not scopes:
        raise BadScope(f"scope must be one or more of {', '.join(SCOPES)}; not {', '.join(unknown) or 'none'}")
    if not name.strip():
        raise BadScope("a client needs a name")
    if organisation_id is not None and organisations.organisation(organisation_id) is None:
        raise BadScope(f"no organisation {organisation_id}: give the id of one in the registry")
    key = secrets.token_hex(10)
    secret = secrets.token_urlsafe(32)
    made = Client.objects.create(
        name=name.strip(),
        key=key,
        secret_hash=_hash(secret),
        scopes=" ".join(dict.fromkeys(scopes)),
        organisation_id=organisation_id,
        made_at=timezone.now(),
    )
    return _data(made.pk, made.name, made.key, made.scopes, made.organisation_id), secret


def _data(pk: int, name: str, key: str, scopes: str, organisation_id: int | None) -> ClientData:
    return ClientData(pk, name, key, frozenset(scopes.split()), organisation_id)


def client_of(authorization: str) -> ClientData | None:
    """The client an `Authorization: Basic …` header names, if the secret is right and it is not revoked."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        key, colon, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not colon:
        return None
    row = (
        Client.objects.filter(key=key, revoked_at__isnull=True)
        .values_list("pk", "name", "key", "scopes", "organisation_id", "secret_hash")
        .first()
    )
    if row is None or not hmac.compare_digest(row[5], _hash(secret)):
        return None
    return _data(*row[:5])
