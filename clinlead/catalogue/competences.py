"""What the Electronic Staff Record calls each session, and how long a completion of it counts there."""

from . import models as m
from .data import EsrCompetence

# What ESR calls a session whose content names no competence of its own (docs/content-format.md).
DEFAULT_COMPETENCE_PREFIX = "Leadership for Clinicians – "


def esr_competences() -> dict[tuple[str, str], EsrCompetence]:
    """Every session's ESR competence by (programme key, session key), retired sessions included (completions
    of them are still exported). One query, whatever the number of sessions."""
    rows = m.Session.objects.values_list(
        "programme__key",
        "key",
        "current_version__title",
        "current_version__esr_competence",
        "current_version__esr_expiry_months",
    )
    return {
        (programme, key): EsrCompetence(name or f"{DEFAULT_COMPETENCE_PREFIX}{title or key}", months)
        for programme, key, title, name, months in rows
    }
