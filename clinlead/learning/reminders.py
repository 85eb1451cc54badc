"""Reminders about assigned sessions' due dates, each sent once (docs/decisions/0023).

"before": on the first run within REMINDER_DAYS_BEFORE_DUE days of the due date (the due date included);
"after": on the first run after the due date. Never for a completed session. Learning decides who is due and
records what was sent; the caller, who knows titles, names and addresses, sends (`send`).

Once, even when two runs overlap or a run is retried: each batch claims its reminders by inserting their
`ReminderSent` rows under a new `run` id (a unique constraint lets only one run claim each), sends exactly those
it claimed, and commits. A failure while sending rolls the claims back, so the next run sends them. A crash
between sending and committing would send that batch again: better twice than never.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from .data import DueReminder, ReminderCounts
from .models import Completion, Enrolment, ReminderSent

BATCH = 500  # reminders claimed, sent and committed together


def days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE_DUE", 7))


def _due(kind: str, today: datetime.date) -> QuerySet[Enrolment]:
    if kind == ReminderSent.Kind.BEFORE:
        window = Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days_before()))
    else:
        window = Q(due_on__lt=today)
    completed = Completion.objects.filter(
        user_id=OuterRef("user_id"), programme_key=OuterRef("programme_key"), session_key=OuterRef("session_key")
    )
    sent = ReminderSent.objects.filter(enrolment_id=OuterRef("pk"), kind=kind)
    return (
        Enrolment.objects.filter(window, assigned_at__isnull=False)
        .exclude(Exists(completed))
        .exclude(Exists(sent))
        .order_by("pk")
    )


def send_reminders_once(today: datetime.date | None, send: Callable[[Sequence[DueReminder]], None]) -> ReminderCounts:
    """Find the reminders due `today` (the site's today if None), and hand each to `send` once, in batches.

    `send` runs inside the transaction that records the batch: if it raises, nothing of that batch is recorded
    and the error goes up; a later run sends them.
    """
    today = today or timezone.localdate()
    counts = {kind: 0 for kind in ReminderSent.Kind.values}
    for kind in ReminderSent.Kind.values:
        while True:
            with transaction.atomic():
                batch = list(
                    _due(kind, today).values_list(
                        "pk", "user_id", "programme_key", "session_key", "due_on", "assigned_by_id", "assigned_for"
                    )[:BATCH]
                )
                if not batch:
                    break
                run = uuid.uuid4()
                now = timezone.now()
                ReminderSent.objects.bulk_create(
                    [ReminderSent(enrolment_id=row[0], kind=kind, sent_at=now, run=run) for row in batch],
                    ignore_conflicts=True,  # another run claimed it first: theirs to send
                )
                mine = set(ReminderSent.objects.filter(run=run).values_list("enrolment_id", flat=True))
                due = [
                    DueReminder(kind, user_id, programme_key, session_key, due_on, by, purpose)
                    for pk, user_id, programme_key, session_key, due_on, by, purpose in batch
                    if pk in mine and due_on is not None  # always set: the window filters on it
                ]
                if due:
                    send(due)
                counts[kind] += len(due)
    return ReminderCounts(before=counts[ReminderSent.Kind.BEFORE], after=counts[ReminderSent.Kind.AFTER])
