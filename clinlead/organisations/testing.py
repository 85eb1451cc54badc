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
