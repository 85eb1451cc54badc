"""The one rule for who may do what where: `can(user_id, action, organisation_id)`.

A role is granted at an organisation and holds there and at every organisation below it, never above it or
beside it. A current employment makes a person a learner where they work. Platform administrators may do
everything everywhere. Every view that acts on an organisation or its people asks `can` (or `scope`, its
list form), so the rule lives here and nowhere else (docs/decisions/0020).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone

from .models import Employment, Organisation, RoleGrant
from .tree import ancestor_ids

Role = RoleGrant.Role


class Action(StrEnum):
    LEARN = "learn"
    VIEW_ORGANISATION = "view-organisation"
    VIEW_PEOPLE = "view-people"
    REGISTER_PEOPLE = "register-people"
    ENROL_PEOPLE = "enrol-people"
    VIEW_REPORTS = "view-reports"
    RUN_COHORTS = "run-cohorts"
    GRANT_ROLES = "grant-roles"
    VIEW_LICENCES = "view-licences"
    EDIT_REGISTRY = "edit-registry"
    MANAGE_LICENCES = "manage-licences"
    MANAGE_SIGN_IN = "manage-sign-in"


_SEES = {Action.VIEW_ORGANISATION}
_MANAGES = {Action.VIEW_PEOPLE, Action.REGISTER_PEOPLE, Action.ENROL_PEOPLE, Action.VIEW_REPORTS}

# What each role may do at the organisation it is granted at and below. Registry and licence changes belong
# to the platform administrators alone: an organisation cannot give itself free access or seats, nor decide which
# identity providers vouch for people (single sign-on).
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.LEARNER: frozenset(_SEES | {Action.LEARN}),
    Role.TRAINER: frozenset(_SEES | {Action.LEARN, Action.RUN_COHORTS}),
    Role.MANAGER: frozenset(_SEES | _MANAGES),
    Role.ADMINISTRATOR: frozenset(_SEES | _MANAGES | {Action.RUN_COHORTS, Action.GRANT_ROLES, Action.VIEW_LICENCES}),
    Role.PLATFORM_ADMINISTRATOR: frozenset(Action),
}


def _roles_at(user_id: int, path: str) -> set[str]:
    """The roles the person holds at the organisation with this path: granted there or above, or everywhere."""
    above_or_here = ancestor_ids(path)
    roles = set(
        RoleGrant.objects.filter(user_id=user_id)
        .filter(Q(organisation_id__in=above_or_here) | Q(role=Role.PLATFORM_ADMINISTRATOR))
        .values_list("role", flat=True)
    )
    today = timezone.localdate()
    if (
        Employment.objects.filter(user_id=user_id, organisation_id__in=above_or_here)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .exists()
    ):
        roles.add(Role.LEARNER)
    return roles


def can(user_id: int | None, action: Action | str, organisation_id: int | None) -> bool:
    """Whether the person may do `action` at the organisation; never for nobody or an unknown organisation.

    With no organisation, whether they may do it across the whole service (platform administrators only).
    """
    if user_id is None:
        return False
    action = Action(action)
    if organisation_id is None:
        return is_platform_administrator(user_id)
    path = Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first()
    if path is None:
        return False
    return any(action in ROLE_ACTIONS[role] for role in _roles_at(user_id, path))


def is_platform_administrator(user_id: int | None) -> bool:
    return user_id is not None and RoleGrant.objects.filter(user_id=user_id, role=Role.PLATFORM_ADMINISTRATOR).exists()


@dataclass(frozen=True)
class Scope:
    """Where a person may do an action: everywhere, or in the subtrees under these paths."""

    everywhere: bool
    paths: tuple[str, ...]

    @property
    def nowhere(self) -> bool:
        return not self.everywhere and not self.paths

    def covers(self, path: str) -> bool:
        """Whether the organisation with this path is in scope."""
        return self.everywhere or any(path.startswith(p) for p in self.paths)

    def organisations(self) -> Q:
        """A filter on Organisation for the organisations in scope."""
        if self.everywhere:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for path in self.paths:
            q |= Q(path__startswith=path)
        return q


def scope(user_id: int | None, action: Action | str) -> Scope:
    """The organisations (with everything below them) where the person may do `action`."""
    if user_id is None:
        return Scope(False, ())
    action = Action(action)
    roles_granting = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    if Role.PLATFORM_ADMINISTRATOR in roles_granting and is_platform_administrator(user_id):
        return Scope(True, ())
    paths = set(
        RoleGrant.objects.filter(user_id=user_id, role__in=roles_granting, organisation__isnull=False).values_list(
            "organisation__path", flat=True
        )
    )
    if Role.LEARNER in roles_granting:
        today = timezone.localdate()
        paths |= set(
            Employment.objects.filter(user_id=user_id)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .values_list("organisation__path", flat=True)
        )
    # A path inside another one in the set adds nothing.
    kept = tuple(sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths)))
    return Scope(False, kept)
