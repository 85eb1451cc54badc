"""The one door into `organisations`: the registry, who works where, roles and the permission rule."""

from collections.abc import Collection, Sequence
from pathlib import Path

from . import registry_file
from .data import LoadResult, OrganisationData, Problem
from .employments import EmploymentCounts, EmploymentData, EmploymentRow, employments_in, people_in
from .employments import people_by_esr_number as _people_by_esr_number
from .employments import record_employments as _record_employments
from .employments import record_vouched_employments as _record_vouched_employments
from .employments import staff_groups_and_job_roles as _staff_groups_and_job_roles
from .models import Organisation
from .permissions import Action, Scope
from .permissions import can as _can
from .permissions import is_platform_administrator as _is_platform_administrator
from .permissions import scope as _scope
from .roles import grant_roles_from_sign_in as _grant_roles_from_sign_in
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
    "grant_roles_from_sign_in",
    "is_platform_administrator",
    "load_registry_file",
    "organisation",
    "organisations_by_code",
    "organisations_by_id",
    "organisations_in",
    "people_by_esr_number",
    "record_employments",
    "record_vouched_employments",
    "scope",
    "staff_groups_and_job_roles",
    "staff_ids_in",
    "staff_in",
    "staff_posts_in",
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


def record_vouched_employments(user_id: int, organisation_ids: Sequence[int]) -> list[int]:
    """Posts at the organisations that vouched for a person's sign-in, where they have none; others untouched.
    The organisations where a post was made."""
    return _record_vouched_employments(user_id, organisation_ids)


def grant_roles_from_sign_in(user_id: int, grants: list[tuple[str, int]]) -> int:
    """Roles (role, organisation id) mapped by an administrator to what an identity provider says (0024)."""
    return _grant_roles_from_sign_in(user_id, grants)


def staff_in(
    where: Scope, organisation_id: int | None = None, offset: int = 0, limit: int = 50
) -> tuple[int, list[EmploymentData]]:
    """A page of the current employments in a scope (one organisation and below it, if given), and how many."""
    return employments_in(None if where.everywhere else where.paths, organisation_id, offset, limit)


def staff_ids_in(where: Scope, organisation_id: int | None, staff_group: str = "", job_role: str = "") -> list[int]:
    """The people currently working in a scope (one organisation and below it, if given), in a staff group and
    job role if given; each once."""
    return sorted(staff_posts_in(where, organisation_id, staff_group, job_role))


def staff_posts_in(
    where: Scope, organisation_id: int | None, staff_group: str = "", job_role: str = ""
) -> dict[int, int]:
    """As staff_ids_in, with the organisation each person works at there (one of their posts, if several)."""
    return people_in(None if where.everywhere else where.paths, organisation_id, staff_group, job_role)


def staff_groups_and_job_roles(where: Scope) -> tuple[list[str], list[str]]:
    """The staff groups and the job roles of the people currently working in a scope, for choosing among them."""
    return _staff_groups_and_job_roles(None if where.everywhere else where.paths)


def people_by_esr_number(numbers: Sequence[str]) -> dict[str, int]:
    """Who holds each of these ESR assignment numbers already."""
    return _people_by_esr_number(numbers)


def organisations_by_code(codes: Sequence[str]) -> dict[str, OrganisationData]:
    """The registered organisations with these codes (upper-case), by code; unknown codes are absent."""
    wanted = sorted({code.strip().upper() for code in codes})
    found = Organisation.objects.filter(code__in=wanted).prefetch_related("email_domains")
    return {o.code: _data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in found}


def organisations_by_id(organisation_ids: Collection[int]) -> dict[int, OrganisationData]:
    """The organisations with these ids, by id, in one query; unknown ids are absent."""
    found = Organisation.objects.filter(pk__in=set(organisation_ids)).prefetch_related("email_domains")
    return {o.pk: _data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in found}


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


# The organisation pages (orgpages): the registry's pages and who holds which role.
from collections.abc import Mapping  # noqa: E402

from . import registry_pages as _registry_pages  # noqa: E402
from . import roles as _roles  # noqa: E402
from .data import Granted, OrganisationsPage, RoleHolder  # noqa: E402
from .roles import RoleProblem  # noqa: E402

__all__ += [
    "Granted",
    "OrganisationsPage",
    "RoleHolder",
    "RoleProblem",
    "add_platform_administrator",
    "children",
    "grant_at",
    "grant_role",
    "holds_any_role",
    "load_registry_text",
    "organisation_kinds",
    "organisations_page",
    "platform_administrators",
    "remove_platform_administrator",
    "revoke_role",
    "role_holders",
    "roles_grantable",
    "save_organisation",
]


def holds_any_role(user_id: int | None) -> bool:
    """Whether the person holds a role anywhere (granted, not only by working somewhere), in one query: whether
    the header shows them the way to their organisations."""
    return _registry_pages.holds_any_role(user_id)


def organisations_page(where: Scope, query: str = "", page: int = 1) -> OrganisationsPage:
    """One page (from 1; past the end, the last) of the organisations in scope whose name contains the query or
    whose code starts with it, in tree order, in three queries."""
    found = _registry_pages.matching(where, query)
    total = found.count()
    page, pages, first = _registry_pages.page_bounds(total, page)
    rows = found.prefetch_related("email_domains")[first : first + _registry_pages.PER_PAGE]
    return OrganisationsPage(
        items=tuple(_data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in rows),
        total=total,
        page=page,
        pages=pages,
        query=query.strip(),
        top_depth=_registry_pages.top_depth(where),
    )


def children(organisation_id: int) -> list[OrganisationData]:
    """The organisations directly below this one, by name."""
    found = _registry_pages.children(organisation_id)
    return [_data(o, tuple(sorted(d.domain for d in o.email_domains.all()))) for o in found]


def organisation_kinds() -> list[tuple[str, str]]:
    """The kinds an organisation may be, as (value, label) for a form's choices."""
    return [(kind.value, kind.label) for kind in Organisation.Kind]


def save_organisation(organisation_id: int | None, values: Mapping[str, str]) -> OrganisationData:
    """Create (no id) or change an organisation from a form whose fields are a registry file's columns, by the
    file's rules; a new parent moves its subtree. Raises RegistryProblems (column: the field), writing nothing."""
    saved = organisation(_registry_pages.save_organisation(organisation_id, values))
    if saved is None:  # cannot happen: just written, and read in the same transaction
        raise LookupError("the organisation just saved is not there")
    return saved


def load_registry_text(text: str) -> LoadResult:
    """Load a registry file's text (an upload): every organisation created or updated, or RegistryProblems
    naming each problem's line and column and nothing written."""
    rows, problems = registry_file.read(text)
    if problems:
        raise RegistryProblems(problems)
    return load_registry(rows)


def role_holders(organisation_id: int) -> list[RoleHolder]:
    """Who holds which role at the organisation: granted there first, then inherited from above, nearest first."""
    return _roles.role_holders(organisation_id)


def roles_grantable(user_id: int | None, organisation_id: int) -> list[tuple[str, str]]:
    """The roles (value, label) the person may grant at the organisation; empty if they may not grant there."""
    return _roles.roles_grantable(user_id, organisation_id)


def grant_role(granted_by: int, email: str, role: str, organisation_id: int) -> Granted:
    """Give the person with this address a role at the organisation, if the granter may (RoleProblem if not)."""
    return _roles.grant_role(granted_by, email, role, organisation_id)


def grant_at(grant_id: int, organisation_id: int) -> RoleHolder | None:
    """The role granted at this organisation (not above it) under this id, or None."""
    return _roles.grant_at(grant_id, organisation_id)


def revoke_role(revoked_by: int, grant_id: int, organisation_id: int) -> RoleHolder:
    """Take away a role granted at this organisation (LookupError if not granted here; RoleProblem if the person
    may not grant roles here). Returns what was revoked."""
    return _roles.revoke_role(revoked_by, grant_id, organisation_id)


def platform_administrators() -> list[RoleHolder]:
    """Everyone who administers the whole service."""
    return _roles.platform_administrators()


def add_platform_administrator(added_by: int, email: str) -> Granted:
    """Make the person with this address a platform administrator (only a platform administrator may)."""
    return _roles.add_platform_administrator(added_by, email)


def remove_platform_administrator(removed_by: int, user_id: int) -> None:
    """Stop the person being a platform administrator; RoleProblem for the last one, LookupError if not one."""
    _roles.remove_platform_administrator(removed_by, user_id)


# Licences, seats and free access by employment (helper "licences", docs/decisions/0022).
import datetime as _datetime  # noqa: E402

from . import access as _access  # noqa: E402
from . import licences as _licences  # noqa: E402
from . import seats as _seats  # noqa: E402
from .data import LicenceAccess, LicenceData, LicenceProblems, SeatsTaken  # noqa: E402

__all__ += [
    "LicenceAccess",
    "LicenceData",
    "LicenceProblems",
    "SeatsTaken",
    "end_employment",
    "end_vouched_employment",
    "free_access_by_employment",
    "licence",
    "licence_access",
    "licences_in",
    "save_licence",
    "seat_use_by_month",
    "take_seat",
    "take_seats",
]


def free_access_by_employment(user_id: int) -> str | None:
    """Why the person learns free because they work at an eligible organisation (or under one), or None.
    It ends when the employment ends."""
    return _access.free_access_by_employment(user_id)


def licence_access(user_id: int, programme_key: str, *, today: _datetime.date | None = None) -> LicenceAccess:
    """What the licences where the person works give them for a programme: a seat held, a seat free, all
    seats taken, ended (with the date), or none."""
    return _seats.licence_access(user_id, programme_key, today=today)


def take_seat(user_id: int, programme_key: str, *, today: _datetime.date | None = None) -> LicenceAccess:
    """Take a seat for the person on a first launch, if they hold none and one is free (race-safe)."""
    return _seats.take_seat(user_id, programme_key, today=today)


def take_seats(
    organisation_id: int, programme_key: str, user_ids: Sequence[int], *, today: _datetime.date | None = None
) -> SeatsTaken:
    """Seats for these people on the organisation's current licences for the programme, all or none, with a
    message for the manager saying how many are left and what happened (race-safe)."""
    return _seats.take_seats(organisation_id, programme_key, list(user_ids), today=today)


def end_employment(user_id: int, organisation_id: int, ended_on: _datetime.date) -> None:
    """End the person's employment at the organisation and release the seats it held."""
    _seats.end_employment(user_id, organisation_id, ended_on)


def end_vouched_employment(user_id: int, organisation_id: int, ended_on: _datetime.date) -> bool:
    """End a post a sign-in vouched for, unless a staff list has given it details (then it is the list's to end)."""
    return _seats.end_vouched_employment(user_id, organisation_id, ended_on)


def save_licence(
    *,
    licence_id: int | None = None,
    organisation_code: str,
    programme_keys: Sequence[str],
    seats: int,
    starts_on: _datetime.date,
    ends_on: _datetime.date,
    reference: str = "",
) -> LicenceData:
    """Create a licence or change one; LicenceProblems names each wrong field (nothing saved). Callers check
    Action.MANAGE_LICENCES first."""
    return _licences.save_licence(
        licence_id=licence_id,
        organisation_code=organisation_code,
        programme_keys=programme_keys,
        seats=seats,
        starts_on=starts_on,
        ends_on=ends_on,
        reference=reference,
    )


def licence(licence_id: int) -> LicenceData | None:
    """One licence with its seats in use, or None."""
    return _licences.licence(licence_id)


def licences_in(where: Scope) -> list[LicenceData]:
    """The licences granted to organisations in a scope, latest ending first."""
    return _licences.licences_in(where)


def seat_use_by_month(licence_id: int, *, today: _datetime.date | None = None) -> list[tuple[_datetime.date, int]]:
    """Seats held at any time in each month of the licence so far: (first of the month, seats)."""
    return _licences.seat_use_by_month(licence_id, today)


# Reading staff lists (workforce, helper "stafffile"): where the people of a list work already.
__all__ += ["current_organisations_of", "esr_number_holders"]


def current_organisations_of(user_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    """The organisations (code, name) each of these people works at now, in one query; people who work nowhere are
    absent."""
    from django.db.models import F, Q
    from django.utils import timezone

    from clinlead.many_values import Among

    from .models import Employment

    found: dict[int, list[tuple[str, str]]] = {}
    rows = (
        Employment.objects.filter(Among(F("user_id"), sorted(set(user_ids))))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=timezone.localdate()))
        .order_by("user_id", "organisation__code")
        .values_list("user_id", "organisation__code", "organisation__name")
    )
    for user_id, code, name in rows:
        found.setdefault(user_id, []).append((code, name))
    return found


def esr_number_holders(numbers: Sequence[str]) -> dict[str, tuple[int, str]]:
    """Who holds each of these ESR assignment numbers already and at which organisation (user id, code), in bulk
    (one query); numbers nobody holds are absent. A number belongs to one post only."""
    from django.db.models import F

    from clinlead.many_values import Among

    from .models import Employment

    rows = Employment.objects.filter(Among(F("esr_assignment_number"), sorted({n for n in numbers if n}))).values_list(
        "esr_assignment_number", "user_id", "organisation__code"
    )
    return {number: (user_id, code) for number, user_id, code in rows}


# Staff lists and enrolment (workforce): which organisations' staff need no seat.
__all__ += ["free_access_at"]


def free_access_at(organisation_ids: Collection[int]) -> set[int]:
    """Those of these organisations whose staff learn free (eligible, or below an eligible organisation)."""
    from .access import free_access_at as _free_access_at

    return _free_access_at(organisation_ids)


# The Electronic Staff Record's export (issue 12, docs/decisions/0028).
from .esr_posts import EsrPost, esr_posts_in, esr_posts_of  # noqa: E402
from .events import posts_recorded  # noqa: E402  # sent in the transaction that writes posts (events.py)

__all__ += ["EsrPost", "esr_posts_in", "esr_posts_of", "posts_recorded"]
