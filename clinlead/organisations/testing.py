"""What tests may set up in `organisations` in one step: the sample registry, and a role at an organisation.
A door for tests only (docs/decisions/0017)."""

from pathlib import Path

from .api import load_registry_file
from .models import Organisation, RoleGrant

SAMPLE_REGISTRY = Path(__file__).resolve().parents[2] / "samples" / "organisations.csv"


def load_sample_registry() -> None:
    """The fictional ICBs, trusts, sites and others of samples/organisations.csv."""
    load_registry_file(SAMPLE_REGISTRY)


def grant(user_id: int, role: str, organisation_code: str | None) -> None:
    """Give the person a role at the organisation with this code (None: platform administrator)."""
    organisation = Organisation.objects.get(code=organisation_code) if organisation_code else None
    RoleGrant.objects.get_or_create(user_id=user_id, organisation=organisation, role=role)


def organisation_id(code: str) -> int:
    return Organisation.objects.values_list("pk", flat=True).get(code=code)


# The organisation pages and the permission matrix (orgpages).
def employ(user_id: int, organisation_code: str) -> None:
    """The person works at the organisation with this code (which makes them a learner there)."""
    from .api import EmploymentRow, record_employments

    record_employments([EmploymentRow(user_id, organisation_id(organisation_code))])


def clear_registry() -> None:
    """Remove every organisation with its employments, roles and licences, and every platform administrator: for
    data a test module made once for all its tests (outside their transactions), so later tests start empty."""
    from .models import Employment, Licence

    RoleGrant.objects.all().delete()
    Employment.objects.all().delete()
    Licence.objects.all().delete()
    # Children before their parents (a parent is protected while it has children): deepest paths first.
    for pk in sorted(Organisation.objects.values_list("pk", "path"), key=lambda row: -row[1].count("/")):
        Organisation.objects.filter(pk=pk[0]).delete()


# Licences and access (helper "licences"): an organisation anywhere in the tree, and a person working there.
def make_organisation(code: str, name: str, *, parent_code: str | None = None, eligible: bool = False) -> int:
    """An organisation (kind "other") under the one with `parent_code`, or at the top; its id."""
    from .tree import path_for

    parent = Organisation.objects.get(code=parent_code) if parent_code else None
    made = Organisation.objects.create(code=code, name=name, kind="other", eligible=eligible, parent=parent, path="")
    made.path = path_for(made.pk, parent.path if parent else None)
    made.save(update_fields=["path"])
    return made.pk
