"""Writes to the registry: loading a registry file, and saving one organisation. All or nothing."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from .data import LoadResult, OrganisationRow, Problem
from .models import EmailDomain, Organisation
from .tree import path_for


class RegistryProblems(Exception):
    """The registry was left as it was because of these problems."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


def _in_file_order(rows: Sequence[OrganisationRow]) -> list[OrganisationRow]:
    """Parents before their children, whatever order the file has them in."""
    by_code = {row.code: row for row in rows}

    def depth(row: OrganisationRow) -> int:
        steps, code = 0, row.parent_code
        while code in by_code and steps <= len(by_code):
            steps, code = steps + 1, by_code[code].parent_code
        return steps

    return sorted(rows, key=depth)


def _move(organisation: Organisation, parent: Organisation | None) -> None:
    """Put the organisation (and everything below it) under `parent`."""
    old_path = organisation.path
    organisation.parent = parent
    organisation.path = path_for(organisation.pk, parent.path if parent else None)
    if old_path and old_path != organisation.path:
        Organisation.objects.filter(path__startswith=old_path).exclude(pk=organisation.pk).update(
            path=Concat(Value(organisation.path), Substr("path", len(old_path) + 1))
        )


@transaction.atomic
def load_registry(rows: Sequence[OrganisationRow]) -> LoadResult:
    """Create or update each organisation by its code. Raises RegistryProblems, having written nothing."""
    codes = {row.code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    known = {o.code: o for o in Organisation.objects.select_for_update().filter(code__in=codes)}
    domains_elsewhere = dict(
        EmailDomain.objects.filter(domain__in={d for row in rows for d in row.email_domains})
        .exclude(organisation__code__in={row.code for row in rows})
        .values_list("domain", "organisation__code")
    )
    problems: list[Problem] = []
    created = updated = 0
    for row in _in_file_order(rows):
        problems += [
            Problem(row.line, "email_domains", f"{domain} already belongs to {domains_elsewhere[domain]}")
            for domain in row.email_domains
            if domain in domains_elsewhere
        ]
        parent = known.get(row.parent_code) if row.parent_code else None
        fields = {
            "name": row.name,
            "kind": row.kind,
            "eligible": row.eligible,
            "postcode": row.postcode,
            "opened_on": row.opened_on,
            "closed_on": row.closed_on,
        }
        organisation = known.get(row.code)
        is_new = organisation is None
        if organisation is None:
            organisation = Organisation.objects.create(code=row.code, **fields)
            _move(organisation, parent)
            organisation.save(update_fields=["parent", "path"])
            created += 1
            changed = False
        else:
            if parent is not None and parent.path.startswith(organisation.path):
                problems.append(Problem(row.line, "parent_code", f"{row.parent_code} is inside {row.code}"))
                continue
            changed = any(getattr(organisation, k) != v for k, v in fields.items())
            for key, value in fields.items():
                setattr(organisation, key, value)
            if organisation.parent_id != (parent.pk if parent else None):
                _move(organisation, parent)
                changed = True
            if changed:
                organisation.save()
        known[row.code] = organisation
        old_domains = set(organisation.email_domains.values_list("domain", flat=True))
        if old_domains != set(row.email_domains):
            EmailDomain.objects.filter(organisation=organisation).exclude(domain__in=row.email_domains).delete()
            EmailDomain.objects.bulk_create(
                [EmailDomain(organisation=organisation, domain=d) for d in set(row.email_domains) - old_domains]
            )
            changed = True
        if changed and not is_new:
            updated += 1
    if problems:
        raise RegistryProblems(problems)
    return LoadResult(created, updated, len(rows) - created - updated)
