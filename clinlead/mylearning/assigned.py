"""My learning's "Assigned to you": sessions a manager assigned, who assigned them and for whom, when they are
due and how far the learner has got (docs/decisions/0023).

Built from what My learning has already read (the learner's enrolments, progress and completions, and the
catalogue's sessions), so it costs one more query only when something is assigned: the assigners' names.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.catalogue.data import ProgrammePathways, SessionCard
from clinlead.learning.data import EnrolmentData
from clinlead.wording import number_of


@dataclass(frozen=True)
class AssignedRow:
    programme_key: str
    programme_title: str
    session_key: str
    title: str
    status: str  # "not-started", "in-progress" or "completed"
    percent: int
    due_on: datetime.date | None
    due_in_words: str  # "due today", "due in 5 days", "3 days overdue"; empty when completed or no due date
    overdue: bool
    assigned_by: str  # the assigner's name; empty if their account has gone
    assigned_for: str  # usually the organisation


def due_in_words(due_on: datetime.date | None, today: datetime.date) -> str:
    """How the due date stands, in words: "due today", "due tomorrow", "due in 5 days", "1 day overdue"."""
    if due_on is None:
        return ""
    days = (due_on - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days > 1:
        return f"due in {number_of(days, 'day')}"
    return f"{number_of(-days, 'day')} overdue"


def _order(row: AssignedRow) -> tuple[bool, datetime.date, str]:
    """What needs doing first: not completed before completed, then soonest due (no due date last)."""
    return (row.status == "completed", row.due_on or datetime.date.max, row.title)


def assigned_rows(
    enrolments: list[EnrolmentData],
    cards_by_programme: dict[str, tuple[ProgrammePathways, dict[str, SessionCard]]],
    status_of: dict[tuple[str, str], tuple[str, int]],
) -> tuple[AssignedRow, ...]:
    """Rows for the sessions assigned to the learner that are still published, most urgent first.

    `cards_by_programme`: each programme's pathways and its sessions by key; `status_of`: (status, percent) by
    (programme key, session key), for the sessions the learner has records of.
    """
    assigned = [e for e in enrolments if e.assigned and e.session_key]
    if not assigned:
        return ()
    names = accounts.people(sorted({e.assigned_by_id for e in assigned if e.assigned_by_id is not None}))
    today = timezone.localdate()
    rows = []
    for enrolment in assigned:
        found = cards_by_programme.get(enrolment.programme_key)
        card = found[1].get(enrolment.session_key) if found else None
        if found is None or card is None:  # no longer published: nothing to play
            continue
        status, percent = status_of.get((enrolment.programme_key, enrolment.session_key), ("not-started", 0))
        done = status == "completed"
        by = names.get(enrolment.assigned_by_id) if enrolment.assigned_by_id is not None else None
        rows.append(
            AssignedRow(
                programme_key=enrolment.programme_key,
                programme_title=found[0].pathways[0].programme.title,
                session_key=enrolment.session_key,
                title=card.title,
                status=status,
                percent=percent,
                due_on=enrolment.due_on,
                due_in_words="" if done else due_in_words(enrolment.due_on, today),
                overdue=not done and enrolment.due_on is not None and enrolment.due_on < today,
                assigned_by=by.name if by else "",
                assigned_for=enrolment.assigned_for,
            )
        )
    return tuple(sorted(rows, key=_order))
