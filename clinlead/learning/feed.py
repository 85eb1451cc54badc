"""Completions for feeds that hand each one out once (the Electronic Staff Record's export): by person and id
range for its ledger's back-fill, and by uuid for the rows of its ledger (docs/decisions/0028)."""

from collections.abc import Sequence

from .data import RecordedCompletion
from .models import Completion

# A database limits how many values one query may carry.
_CHUNK = 2000


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


def recorded_completions_by_uuid(uuids: Sequence[str]) -> dict[str, RecordedCompletion]:
    """These completions, by uuid; one that no longer exists is absent (one query per 2,000)."""
    wanted = sorted(set(uuids))
    found: dict[str, RecordedCompletion] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = Completion.objects.filter(uuid__in=wanted[start : start + _CHUNK]).values_list(
            "id", "uuid", "user_id", "programme_key", "session_key", "version", "completed_at"
        )
        for pk, uuid, user_id, programme, session, version, completed_at in rows:
            found[str(uuid)] = RecordedCompletion(pk, str(uuid), user_id, programme, session, version, completed_at)
    return found
