"""Reading statements: one by id, or a page of those matching the filters, newest first unless asked otherwise.

Pages are cut by a cursor (the last row's stored time and row id, signed), not an offset, so a page is one index
range scan however deep the reader has paged, and statements stored meanwhile neither repeat nor go missing.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db.models import Q

from .clients import ClientData
from .models import Statement

MAX_LIMIT = 500  # what `limit=0` (the server's maximum) means
CURSOR_SALT = "clinlead.lrs.more"


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Filters:
    agent_ifi: str | None = None
    verb_id: str | None = None
    activity_id: str | None = None
    registration: str | None = None
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    limit: int = MAX_LIMIT
    ascending: bool = False
    cursor: str | None = None


@dataclass(frozen=True)
class Page:
    statements: list[dict[str, Any]]
    next_cursor: str | None
    last_stored: datetime.datetime | None = field(default=None)


def _visible(client: ClientData) -> Any:
    rows = Statement.objects.all()
    if not client.reads_all:  # statements/read/mine: what this client stored
        rows = rows.filter(client_id=client.id)
    return rows


def one(client: ClientData, statement_id: str, voided: bool) -> tuple[dict[str, Any], datetime.datetime] | None:
    """The statement (and when it was stored): a voided one only when `voided` is asked for, and the other way
    round, as the spec's statementId and voidedStatementId parameters require."""
    row = _visible(client).filter(uuid=statement_id, voided=voided).values_list("data", "stored").first()
    return (row[0], row[1]) if row else None


def page(client: ClientData, filters: Filters) -> Page:
    rows = _visible(client).filter(voided=False)
    if filters.agent_ifi:
        rows = rows.filter(Q(actor_ifi=filters.agent_ifi) | Q(object_ifi=filters.agent_ifi))
    if filters.verb_id:
        rows = rows.filter(verb_id=filters.verb_id)
    if filters.activity_id:
        rows = rows.filter(activity_id=filters.activity_id)
    if filters.registration:
        rows = rows.filter(registration=filters.registration)
    if filters.since:
        rows = rows.filter(stored__gt=filters.since)
    if filters.until:
        rows = rows.filter(stored__lte=filters.until)
    if filters.cursor:
        stored, pk = _read_cursor(filters.cursor)
        after = Q(stored__gt=stored) | Q(stored=stored, pk__gt=pk)
        before = Q(stored__lt=stored) | Q(stored=stored, pk__lt=pk)
        rows = rows.filter(after if filters.ascending else before)
    order = ("stored", "pk") if filters.ascending else ("-stored", "-pk")
    found = list(rows.order_by(*order).values_list("data", "stored", "pk")[: filters.limit + 1])
    more = len(found) > filters.limit
    found = found[: filters.limit]
    cursor = _make_cursor(found[-1][1], found[-1][2]) if more else None
    last = max((stored for _, stored, _ in found), default=None)
    return Page([data for data, _, _ in found], cursor, last)


def _make_cursor(stored: datetime.datetime, pk: int) -> str:
    return signing.dumps([stored.isoformat(), pk], salt=CURSOR_SALT, compress=True)


def _read_cursor(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        stored, pk = signing.loads(cursor, salt=CURSOR_SALT)
        return datetime.datetime.fromisoformat(stored), int(pk)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadCursor(str(error)) from error


# --- Formats -----------------------------------------------------------------------------------


def _ids_of_actor(value: dict[str, Any]) -> dict[str, Any]:
    kept = {key: value[key] for key in ("objectType", "mbox", "mbox_sha1sum", "openid", "account") if key in value}
    if value.get("objectType") == "Group" and "member" in value and len(kept) <= 1:  # anonymous: its members
        kept["member"] = [_ids_of_actor(member) for member in value["member"]]
    return kept


def _ids_of_object(value: dict[str, Any]) -> dict[str, Any]:
    kind = value.get("objectType", "Activity")
    if kind in ("Agent", "Group"):
        return _ids_of_actor(value)
    if kind == "SubStatement":
        return _ids_of_statement(value)
    return {key: value[key] for key in ("objectType", "id") if key in value}


def _ids_of_statement(statement: dict[str, Any]) -> dict[str, Any]:
    """The `ids` format: agents, groups, activities and verbs reduced to what identifies them."""
    shown = dict(statement)
    shown["actor"] = _ids_of_actor(statement["actor"])
    shown["verb"] = {"id": statement["verb"]["id"]}
    shown["object"] = _ids_of_object(statement["object"])
    if "authority" in statement:
        shown["authority"] = _ids_of_actor(statement["authority"])
    return shown


def _canonical(value: Any, languages: list[str], key: str = "") -> Any:
    """The `canonical` format: each language map reduced to the one language the reader prefers."""
    if isinstance(value, dict):
        if key in ("display", "name", "description") and value and all(isinstance(v, str) for v in value.values()):
            lowered = {tag.lower(): tag for tag in value}
            for wanted in languages:
                for tag_lower, tag in lowered.items():
                    if tag_lower == wanted or tag_lower.split("-")[0] == wanted:
                        return {tag: value[tag]}
            first = next(iter(value))
            return {first: value[first]}
        return {name: _canonical(item, languages, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item, languages) for item in value]
    return value


def formatted(statement: dict[str, Any], form: str, languages: list[str]) -> dict[str, Any]:
    if form == "ids":
        return _ids_of_statement(statement)
    if form == "canonical":
        return dict(_canonical(statement, languages))
    return statement
