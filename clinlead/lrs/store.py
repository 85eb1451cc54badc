"""Storing statements: the only writes of this app, a batch at a time, all or nothing.

A statement id already stored is compared with the new statement: the same statement is accepted again without a
second row, a different one is refused (409). Two requests storing the same id at once both reach the unique
index; the one that loses gets an IntegrityError, and the batch is tried again from the start, when it finds the
winner's row and compares with it, so neither request sees a 500.
"""

import copy
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .clients import ClientData
from .iri import parse_timestamp
from .models import Statement
from .validation import Checked, Invalid

# What may differ between two sendings of the same statement (the spec's immutability exceptions): the store
# fills these in, or may have.
FILLED_IN = ("stored", "authority", "version")
LANGUAGE_MAPS = ("display", "name", "description")


class Conflict(Exception):
    """A statement id already stored with different content."""


@dataclass(frozen=True)
class Stored:
    ids: list[str]
    new: int  # how many rows were written (the others were stored before)


def authority_of(client: ClientData) -> dict[str, Any]:
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": settings.SITE_URL, "name": client.key},
    }


def _comparable(value: Any, key: str = "") -> Any:
    """A statement in the form two sendings of it are compared in: language tags are case-insensitive."""
    if isinstance(value, dict):
        if key in LANGUAGE_MAPS and all(isinstance(text, str) for text in value.values()):
            return {tag.lower(): text for tag, text in value.items()}
        return {name: _comparable(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def same_statement(stored: dict[str, Any], sent: dict[str, Any], sent_timestamp: bool) -> bool:
    one = {key: value for key, value in stored.items() if key not in FILLED_IN}
    two = {key: value for key, value in sent.items() if key not in FILLED_IN}
    if not sent_timestamp:  # the store filled it in the first time, and would have again
        one.pop("timestamp", None)
        two.pop("timestamp", None)
    elif "timestamp" in one and "timestamp" in two:  # the same instant, written in another zone, is the same
        if parse_timestamp(one.pop("timestamp")) != parse_timestamp(two.pop("timestamp")):
            return False
    return bool(_comparable(one) == _comparable(two))


def _prepare(checked: Checked, client: ClientData, now: datetime.datetime, version: str) -> tuple[Statement, bool]:
    data = copy.deepcopy(checked.data)
    sent_timestamp = "timestamp" in data
    data["id"] = checked.id or str(uuid.uuid4())
    data["stored"] = now.isoformat().replace("+00:00", "Z")
    data.setdefault("timestamp", data["stored"])
    data["authority"] = authority_of(client)
    # 1.0.3: a statement without a version is a 1.0.0 statement; 2.0 statements say 2.0.0.
    data.setdefault("version", "2.0.0" if version.startswith("2.") else "1.0.0")
    row = Statement(
        uuid=data["id"],
        data=data,
        verb_id=checked.verb_id,
        activity_id=checked.activity_id,
        actor_ifi=checked.actor_ifi,
        object_ifi=checked.object_ifi,
        registration=checked.registration,
        voids=checked.voids,
        stored=now,
        client_id=client.id,
    )
    return row, sent_timestamp


def store(batch: list[Checked], client: ClientData, version: str) -> Stored:
    """Stores the statements, all or none; their ids in the order sent. Raises Conflict, or Invalid when the
    batch repeats an id or voids a voiding statement."""
    seen: set[str] = set()
    for index, checked in enumerate(batch):
        if checked.id is not None:
            if checked.id in seen:
                raise Invalid(f"[{index}].id", f"{checked.id} is sent twice in this batch")
            seen.add(checked.id)
    now = timezone.now()
    prepared = [_prepare(checked, client, now, version) for checked in batch]
    for attempt in range(2):
        try:
            return _store_once(prepared)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _store_once(prepared: list[tuple[Statement, bool]]) -> Stored:
    ids = [str(row.uuid) for row, _ in prepared]
    with transaction.atomic():
        # One query for both: the rows already stored under these ids, and voiding statements naming them.
        found = Statement.objects.filter(Q(uuid__in=ids) | Q(voids__in=ids)).values_list("uuid", "data", "voids")
        wanted = set(ids)
        existing: dict[str, Any] = {}
        voided_before: set[str] = set()
        for key, data, voids in found:
            if voids is not None and str(voids) in wanted:
                voided_before.add(str(voids))
            if str(key) in wanted:
                existing[str(key)] = data
        new = []
        for row, sent_timestamp in prepared:
            before = existing.get(str(row.uuid))
            if before is None:
                new.append(row)
            elif not same_statement(before, row.data, sent_timestamp):
                raise Conflict(f"statement {row.uuid} is already stored with different content")
        _void(new, voided_before)
        Statement.objects.bulk_create(new)
    return Stored(ids, len(new))


def _void(new: list[Statement], voided_before: set[str]) -> None:
    """Marks the targets of new voiding statements voided, and new statements that an earlier voiding statement
    named voided (a voiding statement may arrive before its target). Refuses to void a voiding statement."""
    targets = {str(row.voids): row for row in new if row.voids is not None}
    if targets:
        batch_voiding = {str(row.uuid) for row in new if row.voids is not None}
        stored_voiding = set(
            Statement.objects.filter(uuid__in=list(targets), voids__isnull=False).values_list("uuid", flat=True)
        )
        for target in targets:
            if target in batch_voiding or uuid.UUID(target) in stored_voiding:
                raise Invalid("object.id", f"{target} is itself a voiding statement, and cannot be voided")
        Statement.objects.filter(uuid__in=list(targets)).update(voided=True)
        for row in new:
            if str(row.uuid) in targets:
                row.voided = True
    for row in new:
        if str(row.uuid) in voided_before and row.voids is None:
            row.voided = True
