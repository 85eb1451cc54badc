"""Posts as the Electronic Staff Record knows them: who worked where under which assignment number."""

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from .models import Employment, Organisation


@dataclass(frozen=True)
class EsrPost:
    user_id: int
    organisation_id: int
    organisation_code: str  # the ODS code
    esr_assignment_number: str  # empty when the staff list gave none
    ended_on: datetime.date | None


def esr_posts_in(organisation_id: int) -> list[EsrPost]:
    """Every post at the organisation and below it, ended ones too (a completion made while someone worked there
    still belongs to that assignment), in one query."""
    path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
    if path is None:
        return []
    rows = (
        Employment.objects.filter(organisation__path__startswith=path)
        .order_by("user_id", "organisation__code")
        .values_list("user_id", "organisation_id", "organisation__code", "esr_assignment_number", "ended_on")
    )
    return [EsrPost(*row) for row in rows]


def esr_posts_of(user_ids: Collection[int]) -> list[EsrPost]:
    """Every post of these people, ended ones too, by person (one query per 2,000 people)."""
    wanted = sorted(set(user_ids))
    found: list[EsrPost] = []
    for start in range(0, len(wanted), 2000):
        rows = (
            Employment.objects.filter(user_id__in=wanted[start : start + 2000])
            .order_by("user_id", "organisation__code")
            .values_list("user_id", "organisation_id", "organisation__code", "esr_assignment_number", "ended_on")
        )
        found.extend(EsrPost(*row) for row in rows)
    return found
