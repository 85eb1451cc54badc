"""Granting and revoking roles, and the platform administrators (docs/decisions/0020).

Who may grant is the permission rule's to say (Action.GRANT_ROLES at the organisation: its administrators, in
their own subtree, and the platform administrators), and these functions ask it again themselves, so a page that
forgot to cannot grant anything. A role is granted at one organisation and holds below it, so "not above their own
subtree" follows from asking at the organisation itself. Platform administrator is a role over the whole service,
granted and removed only by platform administrators, and never removed from the last one.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .data import Granted, RoleHolder
from .models import Organisation, RoleGrant
from .permissions import Action, can, is_platform_administrator
from .tree import ancestor_ids

Role = RoleGrant.Role


class RoleProblem(Exception):
    """A grant or revocation refused, with a message for the person and the form field it is about ("" for the
    whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _holder(grant: RoleGrant, looking_at: int | None) -> RoleHolder:
    organisation = grant.organisation
    return RoleHolder(
        grant_id=grant.pk,
        user_id=grant.user_id,
        role=grant.role,
        role_label=grant.get_role_display(),
        organisation_id=grant.organisation_id,
        organisation_code=organisation.code if organisation else "",
        organisation_name=organisation.name if organisation else "",
        inherited=grant.organisation_id != looking_at,
        granted_at=grant.granted_at,
    )


def role_holders(organisation_id: int) -> list[RoleHolder]:
    """The roles held at the organisation: those granted there first, then those granted above it (which hold
    here too), nearest first; by role, then by when they were granted."""
    path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
    if path is None:
        return []
    above_or_here = ancestor_ids(path)
    nearness = {pk: len(above_or_here) - i for i, pk in enumerate(above_or_here)}
    grants = RoleGrant.objects.filter(organisation_id__in=above_or_here).select_related("organisation")
    order = list(Role.values)
    return sorted(
        (_holder(grant, organisation_id) for grant in grants),
        key=lambda h: (nearness[h.organisation_id or 0], order.index(h.role), h.granted_at),
    )


def roles_grantable(user_id: int | None, organisation_id: int) -> list[tuple[str, str]]:
    """The roles the person may grant at the organisation (value, label); none if they may not grant there.
    Platform administrator is never among them: it is granted on its own page, over the whole service."""
    if not can(user_id, Action.GRANT_ROLES, organisation_id):
        return []
    return [(role.value, role.label) for role in Role if role != Role.PLATFORM_ADMINISTRATOR]


def _user_id_by_email(email: str) -> int:
    address = email.strip().lower()
    if not address:
        raise RoleProblem("Enter the email address of the person to give the role to", "email")
    found = get_user_model().objects.filter(email=address).values_list("pk", flat=True).first()
    if found is None:
        raise RoleProblem(
            f"No account has the address {address}: the person needs an account first (they can create one, or "
            "their organisation can register them)",
            "email",
        )
    return int(found)


@transaction.atomic
def grant_role(granted_by: int, email: str, role: str, organisation_id: int) -> Granted:
    """Give the person with this email address a role at the organisation (and so below it). Granting a role
    someone holds already changes nothing. Raises RoleProblem if the granter may not, or the person or role is
    unknown."""
    if role not in dict(roles_grantable(granted_by, organisation_id)):
        if not can(granted_by, Action.GRANT_ROLES, organisation_id):
            raise RoleProblem("You cannot grant roles at this organisation")
        raise RoleProblem("Choose one of the roles listed", "role")
    user_id = _user_id_by_email(email)
    _, created = RoleGrant.objects.get_or_create(user_id=user_id, organisation_id=organisation_id, role=role)
    return Granted(user_id, Role(role).label, already_held=not created)


# Roles an administrator may have sign-ins grant (sso's role mappings): never platform administrator.
ROLES_FROM_SIGN_IN = (Role.LEARNER, Role.TRAINER, Role.MANAGER, Role.ADMINISTRATOR)


def grant_roles_from_sign_in(user_id: int, grants: list[tuple[str, int]]) -> int:
    """Roles (role, organisation id) that a platform administrator mapped to what an identity provider says of
    the person (docs/decisions/0024). Roles held already change nothing; how many were new."""
    new = 0
    for role, organisation_id in sorted(set(grants)):
        if role not in ROLES_FROM_SIGN_IN:
            raise RoleProblem(f"{role!r} cannot be granted by a sign-in")
        new += RoleGrant.objects.get_or_create(user_id=user_id, organisation_id=organisation_id, role=role)[1]
    return new


def grant_at(grant_id: int, organisation_id: int) -> RoleHolder | None:
    """The grant made at this organisation (not above it) with this id, or None."""
    grant = RoleGrant.objects.filter(pk=grant_id, organisation_id=organisation_id).select_related("organisation")
    found = grant.first()
    return _holder(found, organisation_id) if found else None


@transaction.atomic
def revoke_role(revoked_by: int, grant_id: int, organisation_id: int) -> RoleHolder:
    """Take away a role granted at this organisation. Raises LookupError for a grant not made here, and
    RoleProblem if the person revoking may not grant roles here."""
    holder = grant_at(grant_id, organisation_id)
    if holder is None:
        raise LookupError(f"no grant {grant_id} at organisation {organisation_id}")
    if not can(revoked_by, Action.GRANT_ROLES, organisation_id):
        raise RoleProblem("You cannot revoke roles at this organisation")
    RoleGrant.objects.filter(pk=grant_id).delete()
    return holder


def platform_administrators() -> list[RoleHolder]:
    """Everyone who administers the whole service, in the order they were made administrators."""
    grants = RoleGrant.objects.filter(role=Role.PLATFORM_ADMINISTRATOR).order_by("granted_at", "pk")
    return [_holder(grant, None) for grant in grants]


@transaction.atomic
def add_platform_administrator(added_by: int, email: str) -> Granted:
    """Make the person with this address a platform administrator (a platform administrator's act alone)."""
    if not is_platform_administrator(added_by):
        raise RoleProblem("Only platform administrators can add platform administrators")
    user_id = _user_id_by_email(email)
    _, created = RoleGrant.objects.get_or_create(user_id=user_id, organisation=None, role=Role.PLATFORM_ADMINISTRATOR)
    return Granted(user_id, Role.PLATFORM_ADMINISTRATOR.label, already_held=not created)


@transaction.atomic
def remove_platform_administrator(removed_by: int, user_id: int) -> None:
    """Stop the person being a platform administrator; never the last one, so the service always has someone
    who can change the registry and grant every role. Raises LookupError if they are not one."""
    if not is_platform_administrator(removed_by):
        raise RoleProblem("Only platform administrators can remove platform administrators")
    # Locked together, so two administrators removing each other at once cannot leave none.
    holders = list(
        RoleGrant.objects.select_for_update()
        .filter(role=Role.PLATFORM_ADMINISTRATOR)
        .order_by("pk")
        .values_list("user_id", flat=True)
    )
    if user_id not in holders:
        raise LookupError(f"user {user_id} is not a platform administrator")
    if len(holders) == 1:
        raise RoleProblem(
            "This is the last platform administrator: add another before removing them, so that someone can "
            "still change the registry and grant roles"
        )
    RoleGrant.objects.filter(role=Role.PLATFORM_ADMINISTRATOR, user_id=user_id).delete()
