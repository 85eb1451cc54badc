"""What the registry's pages read and write: a page of the organisations in a person's scope, one organisation's
children, and saving one organisation from a form (docs/decisions/0020).

A form is checked by the same rules as a line of a registry file (registry_file), so the page and the file can
never disagree about what a code, a date or an email domain may be; the problems come back named by the form's
fields, which are the file's columns.
"""

import math
from collections.abc import Mapping

from django.db import transaction
from django.db.models import Q, QuerySet

from .data import Problem
from .models import EmailDomain, Organisation, RoleGrant
from .permissions import Scope
from .registry_file import _row as _checked_row
from .services import RegistryProblems, _move
from .tree import depth

PER_PAGE = 50


def holds_any_role(user_id: int | None) -> bool:
    """Whether the person holds any role anywhere (granted, not only by working somewhere): one query."""
    return user_id is not None and RoleGrant.objects.filter(user_id=user_id).exists()


def matching(where: Scope, query: str) -> QuerySet[Organisation]:
    """The organisations in scope whose name contains the query or whose code starts with it, in tree order."""
    found = Organisation.objects.filter(where.organisations())
    query = query.strip()
    if query:
        found = found.filter(Q(name__icontains=query) | Q(code__istartswith=query))
    return found.order_by("path")


def page_bounds(total: int, page: int, per_page: int = PER_PAGE) -> tuple[int, int, int]:
    """The page actually shown (a page past the end shows the last one), how many pages, and the first row."""
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * per_page


def top_depth(where: Scope) -> int:
    """How deep the highest organisation in scope is (0 for everywhere): the list indents from there."""
    return min((depth(path) for path in where.paths), default=0)


def children(organisation_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(parent_id=organisation_id).prefetch_related("email_domains").order_by("name")


def _problems_in_registry(
    organisation: Organisation | None, code: str, parent_code: str, domains: tuple[str, ...]
) -> tuple[Organisation | None, list[Problem]]:
    """What the registry itself says against the form: the code taken, the parent unknown or inside the
    organisation, an email domain that is another organisation's. Returns the parent too."""
    problems = []
    others = Organisation.objects.exclude(pk=organisation.pk) if organisation else Organisation.objects.all()
    taken = others.filter(code=code).first()
    if taken is not None:
        problems.append(Problem(0, "code", f"{code} is already the code of {taken.name}"))
    parent = None
    if parent_code:
        parent = Organisation.objects.filter(code=parent_code).first()
        if parent is None:
            problems.append(Problem(0, "parent_code", f"No organisation has the code {parent_code}"))
        elif organisation is not None and parent.path.startswith(organisation.path):
            where = "itself" if parent.pk == organisation.pk else f"{parent.name} ({parent.code}), which is inside it"
            problems.append(
                Problem(0, "parent_code", f"{organisation.code} cannot be moved under {where}: choose another parent")
            )
    elsewhere = EmailDomain.objects.filter(domain__in=domains).select_related("organisation")
    if organisation is not None:
        elsewhere = elsewhere.exclude(organisation=organisation)
    problems += [
        Problem(
            0,
            "email_domains",
            f"The email domain {d.domain} already belongs to {d.organisation.name} ({d.organisation.code})",
        )
        for d in elsewhere
    ]
    return parent, problems


@transaction.atomic
def save_organisation(organisation_id: int | None, values: Mapping[str, str]) -> int:
    """Create an organisation (no id) or change one from a form's values, named as a registry file's columns
    (code, name, parent_code, postcode, opened_on, closed_on, kind, eligible as yes or no, email_domains).
    A new parent moves its whole subtree. Raises RegistryProblems (line 0, column the field), writing nothing."""
    organisation = None
    if organisation_id is not None:
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    row, problems = _checked_row(0, {key: (values.get(key) or "").strip() for key in _COLUMNS})
    if row is None:
        raise RegistryProblems(problems)
    parent, problems = _problems_in_registry(organisation, row.code, row.parent_code, row.email_domains)
    if problems:
        raise RegistryProblems(problems)
    fields = {
        "code": row.code,
        "name": row.name,
        "kind": row.kind,
        "eligible": row.eligible,
        "postcode": row.postcode,
        "opened_on": row.opened_on,
        "closed_on": row.closed_on,
    }
    if organisation is None:
        organisation = Organisation.objects.create(**fields)
        _move(organisation, parent)
    else:
        for key, value in fields.items():
            setattr(organisation, key, value)
        if organisation.parent_id != (parent.pk if parent else None):
            _move(organisation, parent)  # rewrites the paths of everything below it, in one UPDATE
    organisation.save()
    EmailDomain.objects.filter(organisation=organisation).exclude(domain__in=row.email_domains).delete()
    kept = set(organisation.email_domains.values_list("domain", flat=True))
    EmailDomain.objects.bulk_create(
        [EmailDomain(organisation=organisation, domain=d) for d in sorted(set(row.email_domains) - kept)]
    )
    return organisation.pk


_COLUMNS = ("code", "name", "parent_code", "postcode", "opened_on", "closed_on", "kind", "eligible", "email_domains")
