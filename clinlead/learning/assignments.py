"""Learning assigned by a manager (docs/decisions/0023): sessions with a due date for a whole workforce at once.

An assignment is an `Enrolment` with an assigner, a date assigned and a due date, so an assigned session sits in
My learning like one the learner added, and a learner's own enrolment in the same session simply becomes assigned.

`assign` writes for a hundred thousand people in a fixed number of queries per BATCH of them, takes lock 1 (the
`Learner` rows, locking.py) for each batch in user id order before touching their enrolments, as every write in
learning does, and is safe to run twice (the second run changes nothing) or twice at once.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from .bulk import ids_in, insert_new
from .data import AssignmentData, AssignResult
from .locking import lock_learners, retry_on_conflict
from .models import Completion, Enrolment, ReminderSent, SessionProgress

BATCH = 5000  # people per round of queries: enough to keep the number of rounds small, few enough to hold in memory


@retry_on_conflict
def assign(
    user_ids: Iterable[int],
    programme_key: str,
    session_keys: Iterable[str],
    due_on: datetime.date | None,
    assigned_by: int | None,
    assigned_for: str = "",
) -> AssignResult:
    """Assign sessions of a programme to many learners, due on a date (or none). Idempotent: the same call again
    leaves everything unchanged; a changed due date, assigner or purpose updates (and the reminders for the new
    due date will be sent afresh); a session the learner added themselves becomes assigned. Accounts that do not
    exist are returned in `missing_user_ids`, and nothing is assigned to them."""
    sessions = sorted(set(session_keys))
    if not sessions or "" in sessions:
        raise ValueError("assign names the sessions to assign: a session key is missing")
    ids = sorted({int(i) for i in user_ids})
    created = updated = unchanged = 0
    missing: list[int] = []
    with transaction.atomic():
        now = timezone.now()
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            present = lock_learners(batch)
            missing.extend(i for i in batch if i not in present)
            counts = _assign_locked(sorted(present), programme_key, sessions, due_on, assigned_by, assigned_for, now)
            created, updated, unchanged = created + counts[0], updated + counts[1], unchanged + counts[2]
    return AssignResult(created, updated, unchanged, tuple(missing))


def _assign_locked(
    user_ids: list[int],
    programme_key: str,
    sessions: list[str],
    due_on: datetime.date | None,
    assigned_by: int | None,
    assigned_for: str,
    now: datetime.datetime,
) -> tuple[int, int, int]:
    """With these learners' lock 1 held, no other write can change their enrolments, so reading them and then
    writing the difference is safe."""
    if not user_ids:
        return 0, 0, 0
    existing = Enrolment.objects.filter(
        user_id__in=ids_in(user_ids), programme_key=programme_key, session_key__in=sessions
    ).values_list("pk", "user_id", "session_key", "assigned_at", "assigned_by_id", "due_on", "assigned_for")
    found: set[tuple[int, str]] = set()
    changed: list[int] = []
    new_due_date: list[int] = []
    for pk, user_id, session_key, assigned_at, by, due, purpose in existing:
        found.add((user_id, session_key))
        if assigned_at is None or (by, due, purpose) != (assigned_by, due_on, assigned_for):
            changed.append(pk)
            if assigned_at is not None and due != due_on:
                new_due_date.append(pk)
    new = [(user_id, key) for user_id in user_ids for key in sessions if (user_id, key) not in found]
    _insert(new, programme_key, due_on, assigned_by, assigned_for, now)
    if changed:
        Enrolment.objects.filter(pk__in=ids_in(changed)).update(
            assigned_by_id=assigned_by,
            due_on=due_on,
            assigned_for=assigned_for,
            assigned_at=Coalesce(F("assigned_at"), now),  # a learner's own enrolment is assigned from now on
        )
    if new_due_date:  # reminders count from the due date, so a new one earns its own
        ReminderSent.objects.filter(enrolment_id__in=ids_in(new_due_date)).delete()
    return len(new), len(changed), len(found) - len(changed)


@retry_on_conflict
def unassign(
    user_ids: Iterable[int],
    programme_key: str,
    session_keys: Iterable[str],
    assigned_by: int | None,
    assigned_for: str,
) -> int:
    """Withdraw assignments that these sessions still carry from this assigner for this purpose (a trainer's
    cohort being deleted); how many. An assignment since changed by someone else is theirs and stays. A learner
    who has started or completed a session, or added it before it was assigned, keeps it in My learning as their
    own; the others go. Their
    progress, answers and completions are never touched. Lock 1 per batch, as every write in learning."""
    sessions = sorted(set(session_keys))
    ids = sorted({int(i) for i in user_ids})
    if not sessions or not ids:
        return 0
    withdrawn = 0
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            batch = sorted(lock_learners(ids[start : start + BATCH]))
            same_session = {
                "user_id": OuterRef("user_id"),
                "programme_key": OuterRef("programme_key"),
                "session_key": OuterRef("session_key"),
            }
            ours = (
                Enrolment.objects.filter(
                    user_id__in=ids_in(batch),
                    programme_key=programme_key,
                    session_key__in=sessions,
                    assigned_at__isnull=False,
                    assigned_by_id=assigned_by,
                    assigned_for=assigned_for,
                )
                .annotate(
                    started=Exists(SessionProgress.objects.filter(**same_session)),
                    completed=Exists(Completion.objects.filter(**same_session)),
                )
                .values_list("pk", "started", "completed", "enrolled_at", "assigned_at")
            )
            keep: list[int] = []
            drop: list[int] = []
            for pk, started, completed, enrolled_at, assigned_at in ours:
                # The assignment enrolled them (assign writes both times alike) and they never began: it goes.
                # Begun, or added by the learner before it was assigned: theirs, no longer assigned.
                (keep if started or completed or enrolled_at != assigned_at else drop).append(pk)
            if keep:
                Enrolment.objects.filter(pk__in=ids_in(keep)).update(
                    assigned_at=None, assigned_by_id=None, due_on=None, assigned_for=""
                )
                ReminderSent.objects.filter(enrolment_id__in=ids_in(keep)).delete()
            if drop:
                Enrolment.objects.filter(pk__in=ids_in(drop)).delete()  # their ReminderSent rows go with them
            withdrawn += len(keep) + len(drop)
    return withdrawn


def _insert(
    pairs: Sequence[tuple[int, str]],
    programme_key: str,
    due_on: datetime.date | None,
    assigned_by: int | None,
    assigned_for: str,
    now: datetime.datetime,
) -> None:
    """One INSERT for every new enrolment (bulk.py): they differ only in learner and session. Lock 1 already
    keeps other writers out; ON CONFLICT DO NOTHING is a last line of defence."""
    insert_new(
        Enrolment,
        [("user", "bigint"), ("session_key", "text")],
        pairs,
        {
            "programme_key": programme_key,
            "enrolled_at": now,
            "assigned_at": now,
            "assigned_by": assigned_by,
            "due_on": due_on,
            "assigned_for": assigned_for,
        },
    )


def assignments(user_id: int) -> list[AssignmentData]:
    """The sessions assigned to a learner, soonest due first (those without a due date last), with where they
    are in each and whether it is overdue (one query)."""
    same_session = {
        "user_id": OuterRef("user_id"),
        "programme_key": OuterRef("programme_key"),
        "session_key": OuterRef("session_key"),
    }
    rows = (
        Enrolment.objects.filter(user_id=user_id, assigned_at__isnull=False)
        .annotate(
            completed=Exists(Completion.objects.filter(**same_session)),
            started=Exists(SessionProgress.objects.filter(**same_session)),
        )
        .order_by(F("due_on").asc(nulls_last=True), "assigned_at", "pk")
        .values_list(
            "programme_key",
            "session_key",
            "assigned_by_id",
            "assigned_for",
            "assigned_at",
            "due_on",
            "completed",
            "started",
        )
    )
    today = timezone.localdate()
    return [
        AssignmentData(
            programme_key=programme_key,
            session_key=session_key,
            assigned_by_id=by,
            assigned_for=purpose,
            assigned_at=assigned_at,  # type: ignore[arg-type]  # not null: filtered above
            due_on=due,
            status="completed" if completed else ("in-progress" if started else "not-started"),
            overdue=due is not None and due < today and not completed,
        )
        for programme_key, session_key, by, purpose, assigned_at, due, completed, started in rows
    ]


def assignment_status(
    user_ids: Sequence[int], programme_key: str, session_keys: Sequence[str]
) -> dict[int, dict[str, bool]]:
    """For a manager's page: whether each of these people has completed each of these sessions, by user id and
    then session key, every pair present (one query, whatever the number of people)."""
    sessions = list(dict.fromkeys(session_keys))
    status = {int(user_id): dict.fromkeys(sessions, False) for user_id in user_ids}
    if not status or not sessions:
        return status
    done = Completion.objects.filter(
        user_id__in=ids_in(list(status)), programme_key=programme_key, session_key__in=sessions
    ).values_list("user_id", "session_key")
    for user_id, session_key in done:
        status[user_id][session_key] = True
    return status
