"""Every write to cohorts, each in one transaction; joining is safe to repeat and to race (docs/decisions/0026)."""

import datetime
import secrets
from collections import defaultdict
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from clinlead.learning import api as learning

from .models import Cohort, CohortAssignment, Membership

# No 0/O, 1/I/L: a code read aloud or copied from a slide is typed right the first time.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """What a learner typed, as codes are stored: capitals, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def create_cohort(
    created_by: int,
    organisation_id: int,
    name: str,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    with_code: bool,
) -> int:
    """A new cohort at the organisation, with a join code if asked; its id. The caller has checked that the person
    may run cohorts there."""
    with transaction.atomic():
        cohort = Cohort.objects.create(
            name=name, organisation_id=organisation_id, created_by_id=created_by, starts_on=starts_on, ends_on=ends_on
        )
        if with_code:
            _give_code(cohort)
    return cohort.pk


def _give_code(cohort: Cohort) -> None:
    # 31^8 codes: a clash is all but impossible, and the unique constraint catches the one that happens.
    for _ in range(5):
        cohort.join_code = new_code()
        try:
            with transaction.atomic():
                cohort.save(update_fields=["join_code"])
            return
        except IntegrityError:
            continue
    raise RuntimeError("could not find an unused join code")


def set_code(cohort_id: int, on: bool) -> None:
    """A new code (the old one stops working at once), or none."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
        if on:
            _give_code(cohort)
        else:
            cohort.join_code = ""
            cohort.save(update_fields=["join_code"])


def add_members(cohort_id: int, user_ids: Sequence[int], how: str) -> int:
    """Add these accounts (all of them, or none if anything fails); how many were new. Each new member is given
    what the cohort was assigned."""
    with transaction.atomic():
        cohort = Cohort.objects.get(pk=cohort_id)
        already = set(
            Membership.objects.filter(cohort=cohort, user_id__in=list(user_ids)).values_list("user_id", flat=True)
        )
        new = sorted(set(user_ids) - already)
        Membership.objects.bulk_create(
            [Membership(cohort=cohort, user_id=user_id, how=how) for user_id in new], ignore_conflicts=True
        )
        _assign_to(cohort, new)
    return len(new)


def join(user_id: int, code: str) -> tuple[int, bool] | None:
    """The learner joins the cohort whose code this is: (cohort id, whether they were new), or None for a code
    that is wrong or turned off. Twice, or twice at once, they are a member once: the unique constraint settles
    a race, and get_or_create reads the winner's row."""
    wanted = normalise_code(code)
    if len(wanted) != CODE_LENGTH:
        return None
    cohort = Cohort.objects.filter(join_code=wanted).first()
    if cohort is None:
        return None
    with transaction.atomic():
        _, created = Membership.objects.get_or_create(
            cohort=cohort, user_id=user_id, defaults={"how": Membership.How.CODE}
        )
        if created:
            _assign_to(cohort, [user_id])
    return cohort.pk, created


def set_sharing(cohort_id: int, user_id: int, shares: bool) -> bool:
    """The member's choice about their reflections; False if they are not a member."""
    with transaction.atomic():
        return bool(Membership.objects.filter(cohort_id=cohort_id, user_id=user_id).update(shares_reflections=shares))


def assign(
    cohort_id: int, assigned_by: int, programme_key: str, session_keys: Sequence[str], due_on: datetime.date | None
) -> learning.AssignResult:
    """Assign sessions to every member now (learning's assignments, so they show under "Assigned to you") and
    remember them for members who join later. Again with another due date: the new date holds."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
        for key in session_keys:
            CohortAssignment.objects.update_or_create(
                cohort=cohort,
                programme_key=programme_key,
                session_key=key,
                defaults={"due_on": due_on, "assigned_by_id": assigned_by},
            )
        members = list(cohort.memberships.values_list("user_id", flat=True))
        return learning.assign(members, programme_key, session_keys, due_on, assigned_by, cohort.name)


def _assign_to(cohort: Cohort, user_ids: Sequence[int]) -> None:
    """What the cohort was assigned, for new members: one call to learning per due date and assigner."""
    if not user_ids:
        return
    groups: dict[tuple[str, datetime.date | None, int | None], list[str]] = defaultdict(list)
    for programme_key, session_key, due_on, by in cohort.assignments.values_list(
        "programme_key", "session_key", "due_on", "assigned_by_id"
    ):
        groups[programme_key, due_on, by].append(session_key)
    for (programme_key, due_on, assigned_by), keys in groups.items():
        learning.assign(user_ids, programme_key, keys, due_on, assigned_by, cohort.name)


def remove_member(cohort_id: int, user_id: int) -> bool:
    """Take the person out of the cohort; False if they were not in it (a replayed remove changes nothing). Only
    the membership goes: what they learned, and what was assigned to them while a member, stay theirs."""
    with transaction.atomic():
        deleted, _ = Membership.objects.filter(cohort_id=cohort_id, user_id=user_id).delete()
    return bool(deleted)


def delete_cohort(cohort_id: int) -> bool:
    """Delete the cohort, its memberships and what it assigned: each member's assignments made through it are
    withdrawn in learning (unless someone has assigned the session since); their progress and completions stay.
    False if there is no such cohort (a replayed delete)."""
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().filter(pk=cohort_id).first()
        if cohort is None:
            return False
        members = list(cohort.memberships.values_list("user_id", flat=True))
        groups: dict[tuple[str, int | None], list[str]] = defaultdict(list)
        for programme_key, session_key, by in cohort.assignments.values_list(
            "programme_key", "session_key", "assigned_by_id"
        ):
            groups[programme_key, by].append(session_key)
        for (programme_key, assigned_by), keys in groups.items():
            learning.unassign(members, programme_key, keys, assigned_by, cohort.name)
        cohort.delete()  # memberships and the cohort's assignments with it (CASCADE)
    return True
