"""Posts as the Electronic Staff Record knows them: who worked where under which assignment number."""

import datetime
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
