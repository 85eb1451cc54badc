"""Reads for managers' reports (docs/decisions/0025): many learners at once, each a single `.values()` query
whatever the number of people, on the unique (user, programme, session) indexes of completions and enrolments and
on completions by learner and date for a period.

People are chosen elsewhere (organisations, accounts) and arrive as ids; sessions arrive as keys, so learning
never reads the catalogue or the registry.
"""

import datetime
from collections.abc import Sequence

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .bulk import ids_in
from .data import AssignmentCounts, ReportCompletion
from .models import Completion, Enrolment


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a day where the service is (a period's dates are the manager's, not UTC's)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _completions(
    user_ids: Sequence[int],
    programme_key: str,
    session_keys: Sequence[str],
    since: datetime.date | None,
    until: datetime.date | None,
) -> QuerySet[Completion]:
    query = Completion.objects.filter(
        user_id__in=ids_in(list(user_ids)), programme_key=programme_key, session_key__in=list(session_keys)
    )
    if since is not None:
        query = query.filter(completed_at__gte=_start_of(since))
    if until is not None:  # the whole of the last day
        query = query.filter(completed_at__lt=_start_of(until + datetime.timedelta(days=1)))
    return query


def completions_of(
    user_ids: Sequence[int],
    programme_key: str,
    session_keys: Sequence[str],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[int, list[ReportCompletion]]:
    """Each learner's completions of these sessions (completed in the period, if given), oldest first, by user id;
    people with none are absent (one query)."""
    found: dict[int, list[ReportCompletion]] = {}
    if not user_ids or not session_keys:
        return found
    rows = (
        _completions(user_ids, programme_key, session_keys, since, until)
        .order_by("user_id", "completed_at", "session_key")
        .values_list("user_id", "session_key", "completed_at", "seconds_spent", "score_percent")
    )
    for user_id, session_key, completed_at, seconds, score in rows:
        found.setdefault(user_id, []).append(ReportCompletion(session_key, completed_at, seconds, score))
    return found


def completion_counts(
    user_ids: Sequence[int],
    programme_key: str,
    session_keys: Sequence[str],
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> list[tuple[str, datetime.date, int]]:
    """How many of these learners completed each session in each month (session key, first day of the month,
    count), counted in the database (one query): the figures and charts of a report without reading every row."""
    if not user_ids or not session_keys:
        return []
    rows = (
        _completions(user_ids, programme_key, session_keys, since, until)
        .annotate(month=TruncMonth("completed_at"))
        .values_list("session_key", "month")
        # Not the id: the count comes from the index alone (completions_by_learner_date).
        .annotate(n=Count("*"))
        # Sorted here, not by the database: unordered, it counts in a hash table instead of sorting every
        # completion first (a fifth of the query for a trust's 66,000; docs/decisions/0025).
        .order_by()
    )
    counted = [(key, month.date() if isinstance(month, datetime.datetime) else month, n) for key, month, n in rows]
    return sorted(counted, key=lambda row: (row[1], row[0]))


def assignment_counts(
    user_ids: Sequence[int], programme_key: str, session_keys: Sequence[str], today: datetime.date | None = None
) -> dict[int, AssignmentCounts]:
    """For each learner with any of these sessions assigned: how many, how many due and how many overdue (one
    query); learners with none assigned are absent."""
    if not user_ids or not session_keys:
        return {}
    today = today or timezone.localdate()
    done = Completion.objects.filter(
        user_id=OuterRef("user_id"), programme_key=OuterRef("programme_key"), session_key=OuterRef("session_key")
    )
    open_ = Q(completed=False)
    rows = (
        Enrolment.objects.filter(
            user_id__in=ids_in(list(user_ids)),
            programme_key=programme_key,
            session_key__in=list(session_keys),
            assigned_at__isnull=False,
        )
        .annotate(completed=Exists(done))
        .values("user_id")
        .annotate(
            assigned=Count("pk"),
            due=Count("pk", filter=open_ & (Q(due_on__isnull=True) | Q(due_on__gte=today))),
            overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
        )
        .order_by("user_id")
        .values_list("user_id", "assigned", "due", "overdue")
    )
    return {user_id: AssignmentCounts(assigned, due, overdue) for user_id, assigned, due, overdue in rows}


def assignments_of(user_ids: Sequence[int], programme_key: str, session_key: str) -> dict[int, datetime.date | None]:
    """Who among these learners has this session assigned, with its due date (None: no date); one query."""
    if not user_ids:
        return {}
    rows = Enrolment.objects.filter(
        user_id__in=ids_in(list(user_ids)),
        programme_key=programme_key,
        session_key=session_key,
        assigned_at__isnull=False,
    ).values_list("user_id", "due_on")
    return dict(rows)
