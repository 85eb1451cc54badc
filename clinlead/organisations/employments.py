"""Writing who works where, many people at once (a staff list): bulk upserts keyed on (person, organisation).

A person in the list who already works there keeps their start date and has their job role, staff group and
ESR assignment number brought up to date; an ended employment starts again. A person's first employment becomes
their primary one. A fixed number of queries per 2,000 rows.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet, Subquery
from django.utils import timezone

from clinlead.bulk_insert import insert_rows
from clinlead.many_values import Among

from .events import posts_recorded
from .models import Employment, Organisation

BATCH = 2000
_KEPT_UP_TO_DATE = ("job_role", "staff_group", "esr_assignment_number", "ended_on")


@dataclass(frozen=True)
class EmploymentRow:
    user_id: int
    organisation_id: int
    job_role: str = ""
    staff_group: str = ""
    esr_assignment_number: str = ""


@dataclass(frozen=True)
class EmploymentCounts:
    created: int
    updated: int
    unchanged: int


def record_employments(rows: Sequence[EmploymentRow]) -> EmploymentCounts:
    """Create or bring up to date each person's employment at each organisation (all or nothing)."""
    created = updated = 0
    today = timezone.localdate()
    written: set[int] = set()
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            existing = {
                (e.user_id, e.organisation_id): (e.job_role, e.staff_group, e.esr_assignment_number, e.ended_on)
                for e in Employment.objects.filter(Among(F("user_id"), sorted({r.user_id for r in batch}))).only(
                    "user_id", "organisation_id", *_KEPT_UP_TO_DATE
                )
            }
            changed = []
            for row in batch:
                values = (row.job_role[:150], row.staff_group[:100], row.esr_assignment_number[:30], None)
                before = existing.get((row.user_id, row.organisation_id))
                if before == values:
                    continue
                created += before is None
                updated += before is not None
                changed.append((row.user_id, row.organisation_id, *values, today))
                written.add(row.user_id)
            # insert_rows, not bulk_create: the per-value preparation of bulk_create was most of a staff list's
            # commit (clinlead/bulk_insert.py). An existing post keeps its start date and is brought up to date.
            insert_rows(
                Employment,
                ("user", "organisation", *_KEPT_UP_TO_DATE, "started_on"),
                changed,
                update_on_conflict=(("user", "organisation"), _KEPT_UP_TO_DATE),
            )
            _make_first_employment_primary({r.user_id for r in batch})
        if written:
            posts_recorded.send(sender=Employment, user_ids=sorted(written))
    return EmploymentCounts(created, updated, len(rows) - created - updated)


def record_vouched_employments(user_id: int, organisation_ids: Sequence[int]) -> list[int]:
    """Posts at these organisations for a person whose sign-in they vouched for (single sign-on), where the person
    has none yet; a post that exists, from a staff list or ended by one, is left as it is. The organisations where a
    post was made."""
    with transaction.atomic():
        written = insert_rows(
            Employment,
            ("user", "organisation", "started_on"),
            [(user_id, organisation_id, timezone.localdate()) for organisation_id in sorted(set(organisation_ids))],
            skip_conflicts=True,
            returning=("organisation",),
        )
        _make_first_employment_primary({user_id})
        if written:
            posts_recorded.send(sender=Employment, user_ids=[user_id])
    return sorted(organisation_id for (organisation_id,) in written)


def _make_first_employment_primary(user_ids: set[int]) -> None:
    """Each of these people with no primary employment gets their first one as primary: one statement."""
    firsts = (
        Employment.objects.filter(Among(F("user_id"), sorted(user_ids)))
        .values("user_id")
        .annotate(first=Min("pk"), primaries=Count("pk", filter=Q(primary=True)))
        .filter(primaries=0)
        .values("first")
    )
    Employment.objects.filter(pk__in=Subquery(firsts)).update(primary=True)


def people_by_esr_number(numbers: Sequence[str]) -> dict[str, int]:
    """Who holds each ESR assignment number already (numbers nobody holds are absent)."""
    return dict(
        Employment.objects.filter(Among(F("esr_assignment_number"), sorted({n for n in numbers if n}))).values_list(
            "esr_assignment_number", "user_id"
        )
    )


def _current_in(where_paths: tuple[str, ...] | None, organisation_id: int | None) -> QuerySet[Employment]:
    """Current employments under these paths (None: everywhere), and under one organisation if given."""
    query = Employment.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
    if where_paths is not None:
        in_scope = Q(pk__in=[])
        for path in where_paths:
            in_scope |= Q(organisation__path__startswith=path)
        query = query.filter(in_scope)
    if organisation_id is not None:
        path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first() or "-"
        query = query.filter(organisation__path__startswith=path)
    return query


def people_in(
    where_paths: tuple[str, ...] | None, organisation_id: int | None, staff_group: str = "", job_role: str = ""
) -> dict[int, int]:
    """The people currently working under these paths (and organisation), in a staff group and job role if
    given, each once with the organisation of one of their posts there (the lowest id, so the answer is stable)."""
    query = _current_in(where_paths, organisation_id)
    if staff_group:
        query = query.filter(staff_group=staff_group)
    if job_role:
        query = query.filter(job_role=job_role)
    posts: dict[int, int] = {}
    for user_id, at in query.order_by("user_id", "organisation_id").values_list("user_id", "organisation_id"):
        posts.setdefault(user_id, at)
    return posts


def staff_groups_and_job_roles(where_paths: tuple[str, ...] | None) -> tuple[list[str], list[str]]:
    """The staff groups and job roles that people currently working under these paths have, each sorted."""
    pairs = _current_in(where_paths, None).values_list("staff_group", "job_role").distinct()
    groups, roles = set(), set()
    for group, role in pairs:
        groups.add(group)
        roles.add(role)
    return sorted(g for g in groups if g), sorted(r for r in roles if r)


@dataclass(frozen=True)
class EmploymentData:
    user_id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    job_role: str
    staff_group: str
    esr_assignment_number: str
    primary: bool
    ended_on: datetime.date | None


def employments_in(
    where_paths: tuple[str, ...] | None, organisation_id: int | None, offset: int, limit: int
) -> tuple[int, list[EmploymentData]]:
    """Current employments at the organisations under these paths (None: everywhere), optionally one
    organisation and everything below it; a page of them ordered by organisation then person, and the count."""
    query = _current_in(where_paths, organisation_id)
    total = query.count()
    rows = query.order_by("organisation__name", "user_id").values_list(
        "user_id",
        "organisation_id",
        "organisation__code",
        "organisation__name",
        "job_role",
        "staff_group",
        "esr_assignment_number",
        "primary",
        "ended_on",
    )[offset : offset + limit]
    return total, [EmploymentData(*row) for row in rows]
