"""What a trainer and a member read about cohorts. Who may see a cohort is asked here once, through
organisations.api: a cohort outside the trainer's scope does not exist for them (404)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from clinlead.organisations import api as organisations

from .models import Cohort, CohortAssignment, Membership


@dataclass(frozen=True)
class CohortRow:
    id: int
    name: str
    organisation_name: str
    members: int
    join_code: str


def _in_scope(user_id: int) -> Q | None:
    where = organisations.scope(user_id, organisations.Action.RUN_COHORTS)
    if where.nowhere:
        return None
    if where.everywhere:
        return Q()
    q = Q()
    for path in where.paths:
        q |= Q(organisation__path__startswith=path)
    return q


def may_run_cohorts(user_id: int | None) -> bool:
    """Whether the person may run cohorts at any organisation (trainers, administrators, platform administrators)."""
    return user_id is not None and not organisations.scope(user_id, organisations.Action.RUN_COHORTS).nowhere


def cohorts_of_trainer(user_id: int) -> list[CohortRow]:
    """Every cohort at the organisations where the person may run cohorts, newest first (one query)."""
    q = _in_scope(user_id)
    if q is None:
        return []
    rows = (
        Cohort.objects.filter(q)
        .annotate(member_count=Count("memberships"))
        .order_by("-created_at", "-pk")
        .values_list("pk", "name", "organisation__name", "member_count", "join_code")
    )
    return [CohortRow(*row) for row in rows]


def cohort_for_trainer(user_id: int, cohort_id: int) -> Cohort | None:
    """The cohort, if the person may run cohorts at its organisation; None (a 404) otherwise."""
    cohort = Cohort.objects.select_related("organisation").filter(pk=cohort_id).first()
    if cohort is None or not organisations.can(user_id, organisations.Action.RUN_COHORTS, cohort.organisation_id):
        return None
    return cohort


def membership(user_id: int, cohort_id: int) -> Membership | None:
    return Membership.objects.select_related("cohort").filter(cohort_id=cohort_id, user_id=user_id).first()


def memberships_of(user_id: int) -> list[Membership]:
    return list(Membership.objects.select_related("cohort").filter(user_id=user_id).order_by("-joined_at"))


def member_ids(cohort_id: int) -> list[int]:
    return list(Membership.objects.filter(cohort_id=cohort_id).order_by("user_id").values_list("user_id", flat=True))


def sharing_member_ids(cohort_id: int) -> list[int]:
    return list(
        Membership.objects.filter(cohort_id=cohort_id, shares_reflections=True).values_list("user_id", flat=True)
    )


def assignments_of(cohort_id: int) -> list[CohortAssignment]:
    return list(CohortAssignment.objects.filter(cohort_id=cohort_id).order_by("programme_key", "assigned_at", "pk"))
