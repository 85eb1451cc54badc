"""Completions in the order they were recorded, for exports that must hand each one out exactly once.

A completion's id comes from a sequence when its row is inserted, but transactions commit in any order: a reader
could see id 11 while id 10's transaction is still open, move its cursor past 10 and never see it. So a feed reads
only up to `settled_completion_id`, an id below which nothing can appear any more (docs/decisions/0028).
"""

from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import Max

from .data import RecordedCompletion
from .models import Completion

# A database limits how many values one query may carry.
_CHUNK = 2000


def settled_completion_id() -> int:
    """The highest completion id such that every completion with an id up to it is already visible (0 if none).

    On PostgreSQL, SHARE mode waits for every transaction that has inserted into the table (they hold ROW
    EXCLUSIVE) and keeps new inserts out meanwhile, so the highest id seen then is final: ids are only drawn by
    inserts, which all come later and draw higher ones. The lock lasts one short query. SQLite lets one writer
    at a time write and commit, so ids become visible in order there already.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Completion._meta.db_table} IN SHARE MODE")
        return Completion.objects.aggregate(highest=Max("id"))["highest"] or 0


def recorded_completions(
    user_ids: Sequence[int], after_id: int, up_to_id: int, limit: int | None = None
) -> list[RecordedCompletion]:
    """The completions of these people with after_id < id <= up_to_id, in id order, at most `limit` of them."""
    wanted = sorted(set(user_ids))
    found: list[RecordedCompletion] = []
    for start in range(0, len(wanted), _CHUNK):
        rows = (
            Completion.objects.filter(user_id__in=wanted[start : start + _CHUNK], id__gt=after_id, id__lte=up_to_id)
            .order_by("id")
            .values_list("id", "uuid", "user_id", "programme_key", "session_key", "version", "completed_at")
        )
        if limit is not None:
            rows = rows[:limit]
        found.extend(
            RecordedCompletion(pk, str(uuid), user_id, programme, session, version, completed_at)
            for pk, uuid, user_id, programme, session, version, completed_at in rows
        )
    found.sort(key=lambda c: c.id)
    return found if limit is None else found[:limit]
