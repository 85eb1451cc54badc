"""Committing a checked staff list: every person, employment, enrolment and seat lands, or none does.

One transaction around the whole list (100,000 rows included): a failure part-way, or the process killed,
leaves the database as it was, and the manager can commit again. Committing the same list again changes
nothing, because each write is an upsert keyed on what identifies it (the address, the person and
organisation, the learner and session). Invitations go after the transaction commits, to new people only,
so a retried task never sends one twice (docs/decisions/0020).
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction

from clinlead.accounts import api as accounts
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from . import seats
from .data import StaffRow

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class CommitResult:
    people: int
    new_people: int
    renamed: int
    employments_created: int
    employments_updated: int
    assigned: int
    seats_taken: int

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__}


def commit_rows(entries: Sequence[StaffRow], assigned_by: int, progress: Progress) -> tuple[CommitResult, list[int]]:
    """Write the list in one transaction; returns what changed and the ids of the people to invite."""
    total = len(entries)
    with transaction.atomic():
        progress(0, total, "Registering people")
        # A row matched by ESR number to an account under another address is that person, not a new one.
        by_email = accounts.existing_accounts([e.email for e in entries])
        by_address = [e for e in entries if e.user_id is None or by_email.get(e.email) == e.user_id]
        registered = accounts.register_staff(
            [
                accounts.StaffMember(e.email, e.first_name, e.last_name, e.profession, e.job_role, e.organisation_name)
                for e in by_address
            ],
            lambda done, of: progress(min(done, of) * total // max(of, 1) // 3, total, "Registering people"),
            known_accounts=by_email,
        )
        user_of = {e.email: registered.user_ids.get(e.email) or e.user_id or 0 for e in entries}
        progress(total // 3, total, "Recording where people work")
        employments = organisations.record_employments(
            [
                organisations.EmploymentRow(
                    user_of[e.email], e.organisation_id, e.job_role, e.staff_group, e.esr_number
                )
                for e in entries
            ]
        )
        progress(2 * total // 3, total, "Enrolling people on sessions")
        seats_taken = _take_seats(entries, user_of)
        assigned = _assign(entries, user_of, assigned_by)
    progress(total, total, "Saved")
    result = CommitResult(
        people=len(set(user_of.values())),
        new_people=len(registered.created),
        renamed=registered.renamed,
        employments_created=employments.created,
        employments_updated=employments.updated,
        assigned=assigned,
        seats_taken=seats_taken,
    )
    return result, sorted(registered.created)


def _take_seats(entries: Sequence[StaffRow], user_of: dict[str, int]) -> int:
    """A licence seat for each person enrolled on a programme who does not learn free (seats.py)."""
    by_programme: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for e in entries:
        if e.session_keys:
            by_programme[e.programme_key].append((user_of[e.email], e.organisation_id, e.email))
    return sum(seats.take_for(people, programme_key) for programme_key, people in sorted(by_programme.items()))


def _assign(entries: Sequence[StaffRow], user_of: dict[str, int], assigned_by: int) -> int:
    """Enrol each person on the sessions their row names, grouped so that each group is one bulk write."""
    groups: dict[tuple[str, tuple[str, ...], datetime.date | None], list[int]] = defaultdict(list)
    for entry in entries:
        if entry.session_keys:
            groups[(entry.programme_key, entry.session_keys, entry.due_on)].append(user_of[entry.email])
    assigned = 0
    for (programme_key, session_keys, due_on), user_ids in groups.items():
        outcome = learning.assign(user_ids, programme_key, list(session_keys), due_on, assigned_by)
        assigned += outcome.created
    return assigned
