"""The permission rule, case by case: every role x every action x where the organisation is, against a table
written out by hand (not derived from permissions.ROLE_ACTIONS, so a change to the rule fails here), and
`scope` (the rule in list form) agrees with `can` in every case.

Each person holds their role at the trust ZZ1 of samples/organisations.csv: "own" is ZZ1, "child" its site
ZZ101, "parent" the ICB ZZA above it, "sibling" the trust ZZ2 beside it under ZZA, "unrelated" the trust ZZ3
under the other ICB. The registry and the people are made once for the module (hundreds of cases, each only
reads), and removed afterwards.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from clinlead.organisations import api
from clinlead.organisations.testing import clear_registry, employ, grant, load_sample_registry, organisation_id

RELATIONS = ("own", "child", "parent", "sibling", "unrelated")
WHERE = {"own": "ZZ1", "child": "ZZ101", "parent": "ZZA", "sibling": "ZZ2", "unrelated": "ZZ3"}
ROLES = ("learner", "trainer", "manager", "administrator", "platform-administrator", "employed-only", "nobody")

# Y: allowed, -: refused, at                         own child parent sibling unrelated
EXPECTED = {
    ("learner", "learn"):                             "Y   Y     -      -       -",
    ("learner", "view-organisation"):                 "Y   Y     -      -       -",
    ("learner", "view-people"):                       "-   -     -      -       -",
    ("learner", "register-people"):                   "-   -     -      -       -",
    ("learner", "enrol-people"):                      "-   -     -      -       -",
    ("learner", "view-reports"):                      "-   -     -      -       -",
    ("learner", "run-cohorts"):                       "-   -     -      -       -",
    ("learner", "grant-roles"):                       "-   -     -      -       -",
    ("learner", "view-licences"):                     "-   -     -      -       -",
    ("learner", "edit-registry"):                     "-   -     -      -       -",
    ("learner", "manage-licences"):                   "-   -     -      -       -",
    ("trainer", "learn"):                             "Y   Y     -      -       -",
    ("trainer", "view-organisation"):                 "Y   Y     -      -       -",
    ("trainer", "view-people"):                       "-   -     -      -       -",
    ("trainer", "register-people"):                   "-   -     -      -       -",
    ("trainer", "enrol-people"):                      "-   -     -      -       -",
    ("trainer", "view-reports"):                      "-   -     -      -       -",
    ("trainer", "run-cohorts"):                       "Y   Y     -      -       -",
    ("trainer", "grant-roles"):                       "-   -     -      -       -",
    ("trainer", "view-licences"):                     "-   -     -      -       -",
    ("trainer", "edit-registry"):                     "-   -     -      -       -",
    ("trainer", "manage-licences"):                   "-   -     -      -       -",
    ("manager", "learn"):                             "-   -     -      -       -",
    ("manager", "view-organisation"):                 "Y   Y     -      -       -",
    ("manager", "view-people"):                       "Y   Y     -      -       -",
    ("manager", "register-people"):                   "Y   Y     -      -       -",
    ("manager", "enrol-people"):                      "Y   Y     -      -       -",
    ("manager", "view-reports"):                      "Y   Y     -      -       -",
    ("manager", "run-cohorts"):                       "-   -     -      -       -",
    ("manager", "grant-roles"):                       "-   -     -      -       -",
    ("manager", "view-licences"):                     "-   -     -      -       -",
    ("manager", "edit-registry"):                     "-   -     -      -       -",
    ("manager", "manage-licences"):                   "-   -     -      -       -",
    ("administrator", "learn"):                       "-   -     -      -       -",
    ("administrator", "view-organisation"):           "Y   Y     -      -       -",
    ("administrator", "view-people"):                 "Y   Y     -      -       -",
    ("administrator", "register-people"):             "Y   Y     -      -       -",
    ("administrator", "enrol-people"):                "Y   Y     -      -       -",
    ("administrator", "view-reports"):                "Y   Y     -      -       -",
    ("administrator", "run-cohorts"):                 "Y   Y     -      -       -",
    ("administrator", "grant-roles"):                 "Y   Y     -      -       -",
    ("administrator", "view-licences"):               "Y   Y     -      -       -",
    ("administrator", "edit-registry"):               "-   -     -      -       -",
    ("administrator", "manage-licences"):             "-   -     -      -       -",
    ("platform-administrator", "learn"):              "Y   Y     Y      Y       Y",
    ("platform-administrator", "view-organisation"):  "Y   Y     Y      Y       Y",
    ("platform-administrator", "view-people"):        "Y   Y     Y      Y       Y",
    ("platform-administrator", "register-people"):    "Y   Y     Y      Y       Y",
    ("platform-administrator", "enrol-people"):       "Y   Y     Y      Y       Y",
    ("platform-administrator", "view-reports"):       "Y   Y     Y      Y       Y",
    ("platform-administrator", "run-cohorts"):        "Y   Y     Y      Y       Y",
    ("platform-administrator", "grant-roles"):        "Y   Y     Y      Y       Y",
    ("platform-administrator", "view-licences"):      "Y   Y     Y      Y       Y",
    ("platform-administrator", "edit-registry"):      "Y   Y     Y      Y       Y",
    ("platform-administrator", "manage-licences"):    "Y   Y     Y      Y       Y",
    ("employed-only", "learn"):                       "Y   Y     -      -       -",
    ("employed-only", "view-organisation"):           "Y   Y     -      -       -",
    ("employed-only", "view-people"):                 "-   -     -      -       -",
    ("employed-only", "register-people"):             "-   -     -      -       -",
    ("employed-only", "enrol-people"):                "-   -     -      -       -",
    ("employed-only", "view-reports"):                "-   -     -      -       -",
    ("employed-only", "run-cohorts"):                 "-   -     -      -       -",
    ("employed-only", "grant-roles"):                 "-   -     -      -       -",
    ("employed-only", "view-licences"):               "-   -     -      -       -",
    ("employed-only", "edit-registry"):               "-   -     -      -       -",
    ("employed-only", "manage-licences"):             "-   -     -      -       -",
    ("nobody", "learn"):                              "-   -     -      -       -",
    ("nobody", "view-organisation"):                  "-   -     -      -       -",
    ("nobody", "view-people"):                        "-   -     -      -       -",
    ("nobody", "register-people"):                    "-   -     -      -       -",
    ("nobody", "enrol-people"):                       "-   -     -      -       -",
    ("nobody", "view-reports"):                       "-   -     -      -       -",
    ("nobody", "run-cohorts"):                        "-   -     -      -       -",
    ("nobody", "grant-roles"):                        "-   -     -      -       -",
    ("nobody", "view-licences"):                      "-   -     -      -       -",
    ("nobody", "edit-registry"):                      "-   -     -      -       -",
    ("nobody", "manage-licences"):                    "-   -     -      -       -",
}  # fmt: skip

CASES = [
    pytest.param(role, action, relation, allowed == "Y", id=f"{role}-{action}-{relation}")
    for (role, action), row in EXPECTED.items()
    for relation, allowed in zip(RELATIONS, row.split(), strict=True)
]


def test_the_table_covers_every_role_and_every_action() -> None:
    assert {action for _, action in EXPECTED} == {action.value for action in api.Action}
    assert set(EXPECTED) == {(role, action.value) for role in ROLES for action in api.Action}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int | None]]:
    """Who each person is (user id by role) and where each relation is (organisation id by relation)."""
    with django_db_blocker.unblock():
        load_sample_registry()
        people: dict[str, int | None] = {}
        for role in ROLES:
            user = get_user_model().objects.create_user(f"{role}@matrix.example", None)
            people[role] = user.pk
            if role == "platform-administrator":
                grant(user.pk, role, None)
            elif role == "employed-only":
                employ(user.pk, "ZZ1")
            elif role != "nobody":
                grant(user.pk, role, "ZZ1")
        places: dict[str, int | None] = {relation: organisation_id(code) for relation, code in WHERE.items()}
        yield {**{f"user:{k}": v for k, v in people.items()}, **{f"org:{k}": v for k, v in places.items()}}
        clear_registry()
        get_user_model().objects.filter(pk__in=list(people.values())).delete()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "relation", "allowed"), CASES)
def test_can_and_scope_follow_the_table(
    world: dict[str, int], role: str, action: str, relation: str, allowed: bool
) -> None:
    user_id, organisation = world[f"user:{role}"], world[f"org:{relation}"]
    assert api.can(user_id, action, organisation) is allowed
    found = api.organisation(organisation)
    assert found is not None
    assert api.scope(user_id, action).covers(found.path) is allowed


@pytest.mark.django_db
def test_nobody_signed_in_and_unknown_organisations_are_refused(world: dict[str, int]) -> None:
    platform = world["user:platform-administrator"]
    assert api.can(None, api.Action.VIEW_ORGANISATION, world["org:own"]) is False
    assert api.scope(None, api.Action.VIEW_ORGANISATION).nowhere
    assert api.can(platform, api.Action.VIEW_ORGANISATION, 987654321) is False
    # With no organisation: across the whole service, which only platform administrators may do.
    assert api.can(platform, api.Action.EDIT_REGISTRY, None) is True
    assert api.can(world["user:administrator"], api.Action.GRANT_ROLES, None) is False
