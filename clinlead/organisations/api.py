"""The one door into `organisations`: the registry, who works where, roles and the permission rule."""

from collections.abc import Sequence
from pathlib import Path

from . import registry_file
from .data import LoadResult, OrganisationData, Problem
from .employments import EmploymentCounts, EmploymentData, EmploymentRow, employments_in
from .employments import people_by_esr_number as _people_by_esr_number
from .employments import record_employments as _record_employments
from .models import Organisation
from .permissions import Action, Scope
from .permissions import can as _can
from .permissions import is_platform_administrator as _is_platform_administrator
from .permissions import scope as _scope
from .services import RegistryProblems, load_registry
from .tree import depth

__all__ = [
    "Action",
    "EmploymentCounts",
    "EmploymentData",
    "EmploymentRow",
    "LoadResult",
    "OrganisationData",
    "Problem",
    "RegistryProblems",
    "Scope",
    "can",
    "is_platform_administrator",
    "load_registry_file",
    "organisation",
    "organisations_by_code",
    "organisations_in",
    "people_by_esr_number",
    "record_employments",
    "scope",
    "staff_in",
]


def can(user_id: int | None, action: Action | str, organisation_id: int | None) -> bool:
    """Whether the person may do `action` at the organisation (the one permission rule, permissions.py)."""
    return _can(user_id, action, organisation_id)


def scope(user_id: int | None, action: Action | str) -> Scope:
    """Where the person may do `action`: everywhere, or the subtrees of the organisations they hold it at."""
    return _scope(user_id, action)


def is_platform_administrator(user_id: int | None) -> bool:
    """Whether the person administers the whole service."""
    return _is_platform_administrator(user_id)


def _data(organisation: Organisation, domains: tuple[str, ...]) -> OrganisationData:
    return OrganisationData(
        id=organisation.pk,
        code=organisation.code,
        name=organisation.name,
        kind=organisation.kind,
        kind_label=organisation.get_kind_display(),
        eligible=organisation.eligible,
        parent_id=organisation.parent_id,
        depth=depth(organisation.path),
        postcode=organisation.postcode,
        opened_on=organisation.opened_on,
        closed_on=organisation.closed_on,
        email_domains=domains,
        path=organisation.path,
    )


def organisation(organisation_id: int) -> OrganisationData | None:
    """One organisation, or None."""
    found = Organisation.objects.filter(pk=organisation_id).prefetch_related("email_domains").first()
    if found is None:
        return None
    return _data(found, tuple(sorted(d.domain for d in found.email_domains.all())))


def organisations_in(where: Scope) -> list[OrganisationData]:
    """The organisations in a scope, in tree order (each under its parent)."""
    found = Organisation.objects.filter(where.organisations()).prefetch_related("email_domains").order_by("path")
    return [_data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in found]


def record_employments(rows: Sequence[EmploymentRow]) -> EmploymentCounts:
    """Create or bring up to date each person's employment at each organisation, in bulk (employments.py)."""
    return _record_employments(rows)


def staff_in(
    where: Scope, organisation_id: int | None = None, offset: int = 0, limit: int = 50
) -> tuple[int, list[EmploymentData]]:
    """A page of the current employments in a scope (one organisation and below it, if given), and how many."""
    return employments_in(None if where.everywhere else where.paths, organisation_id, offset, limit)


def people_by_esr_number(numbers: Sequence[str]) -> dict[str, int]:
    """Who holds each of these ESR assignment numbers already."""
    return _people_by_esr_number(numbers)


def organisations_by_code(codes: Sequence[str]) -> dict[str, OrganisationData]:
    """The registered organisations with these codes (upper-case), by code; unknown codes are absent."""
    wanted = sorted({code.strip().upper() for code in codes})
    found = Organisation.objects.filter(code__in=wanted).prefetch_related("email_domains")
    return {o.code: _data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in found}


def load_registry_file(path: Path) -> LoadResult:
    """Load a registry file (registry_file.py): every organisation created or updated, or RegistryProblems
    naming each problem's line and column and nothing written."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise RegistryProblems([Problem(0, "", f"{path.name} is not UTF-8 text (byte {error.start})")]) from error
    rows, problems = registry_file.read(text)
    if problems:
        raise RegistryProblems(problems)
    return load_registry(rows)


# Reading staff lists (workforce, helper "stafffile"): where the people of a list work already.
__all__ += ["current_organisations_of", "esr_number_holders"]


def current_organisations_of(user_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """The organisations (code, name) each of these people works at now, in bulk (one query per 2,000 people);
    people who work nowhere are absent."""
    from django.db.models import Q
    from django.utils import timezone

    from .models import Employment

    found: dict[int, list[tuple[str, str]]] = {}
    unique = sorted(set(user_ids))
    today = timezone.localdate()
    for start in range(0, len(unique), 2000):
        rows = (
            Employment.objects.filter(user_id__in=unique[start : start + 2000])
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .order_by("user_id", "organisation__code")
            .values_list("user_id", "organisation__code", "organisation__name")
        )
        for user_id, code, name in rows:
            found.setdefault(user_id, []).append((code, name))
    return found


def esr_number_holders(numbers: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Who holds each of these ESR assignment numbers already and at which organisation (user id, code), in bulk
    (one query per 2,000 numbers); numbers nobody holds are absent. A number belongs to one post only."""
    from .models import Employment

    found: dict[str, tuple[int, str]] = {}
    unique = sorted({n for n in numbers if n})
    for start in range(0, len(unique), 2000):
        rows = Employment.objects.filter(esr_assignment_number__in=unique[start : start + 2000]).values_list(
            "esr_assignment_number", "user_id", "organisation__code"
        )
        found |= {number: (user_id, code) for number, user_id, code in rows}
    return found
