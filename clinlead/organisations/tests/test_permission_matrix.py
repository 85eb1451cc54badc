"""The permission rule, case by case: every role x every action x where the organisation is, against a table
written out by hand (not derived from permissions.ROLE_ACTIONS, so a change to the rule fails here), and
`scope` (the rule in list form) agrees with `can` in every case.

Each person holds their role at the trust ZZ1 of samples/organisations.csv: "own" is ZZ1, "child" its site
ZZ101, "grandchild" a ward ZZ101W added under that site, "parent" the ICB ZZA above the trust, "sibling" the
trust ZZ2 beside it under ZZA, "unrelated" the trust ZZ3 under the other ICB. The registry and the people are
made once for the module (hundreds of cases, each only reads), and removed afterwards.
"""

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from clinlead.organisations import api
from clinlead.organisations.testing import clear_registry, employ, grant, load_sample_registry, organisation_id
from clinlead.sso.testing import vouch

RELATIONS = ("own", "child", "grandchild", "parent", "sibling", "unrelated")
WHERE = {"own": "ZZ1", "child": "ZZ101", "grandchild": "ZZ101W", "parent": "ZZA", "sibling": "ZZ2", "unrelated": "ZZ3"}
ROLES = (
    "learner",
    "trainer",
    "manager",
    "administrator",
    "platform-administrator",
    "employed-only",
    "nobody",
    "manager-by-sign-in",
    "vouched-by-sign-in",
)

# Y: allowed, -: refused, at                         own child grandchild parent sibling unrelated
EXPECTED = {
    ("learner", "learn"):                             "Y   Y     Y          -      -       -",
    ("learner", "view-organisation"):                 "Y   Y     Y          -      -       -",
    ("learner", "view-people"):                       "-   -     -          -      -       -",
    ("learner", "register-people"):                   "-   -     -          -      -       -",
    ("learner", "enrol-people"):                      "-   -     -          -      -       -",
    ("learner", "view-reports"):                      "-   -     -          -      -       -",
    ("learner", "run-cohorts"):                       "-   -     -          -      -       -",
    ("learner", "grant-roles"):                       "-   -     -          -      -       -",
    ("learner", "view-licences"):                     "-   -     -          -      -       -",
    ("learner", "edit-registry"):                     "-   -     -          -      -       -",
    ("learner", "manage-licences"):                   "-   -     -          -      -       -",
    ("learner", "manage-sign-in"):                    "-   -     -          -      -       -",
    ("trainer", "learn"):                             "Y   Y     Y          -      -       -",
    ("trainer", "view-organisation"):                 "Y   Y     Y          -      -       -",
    ("trainer", "view-people"):                       "-   -     -          -      -       -",
    ("trainer", "register-people"):                   "-   -     -          -      -       -",
    ("trainer", "enrol-people"):                      "-   -     -          -      -       -",
    ("trainer", "view-reports"):                      "-   -     -          -      -       -",
    ("trainer", "run-cohorts"):                       "Y   Y     Y          -      -       -",
    ("trainer", "grant-roles"):                       "-   -     -          -      -       -",
    ("trainer", "view-licences"):                     "-   -     -          -      -       -",
    ("trainer", "edit-registry"):                     "-   -     -          -      -       -",
    ("trainer", "manage-licences"):                   "-   -     -          -      -       -",
    ("trainer", "manage-sign-in"):                    "-   -     -          -      -       -",
    ("manager", "learn"):                             "-   -     -          -      -       -",
    ("manager", "view-organisation"):                 "Y   Y     Y          -      -       -",
    ("manager", "view-people"):                       "Y   Y     Y          -      -       -",
    ("manager", "register-people"):                   "Y   Y     Y          -      -       -",
    ("manager", "enrol-people"):                      "Y   Y     Y          -      -       -",
    ("manager", "view-reports"):                      "Y   Y     Y          -      -       -",
    ("manager", "run-cohorts"):                       "-   -     -          -      -       -",
    ("manager", "grant-roles"):                       "-   -     -          -      -       -",
    ("manager", "view-licences"):                     "-   -     -          -      -       -",
    ("manager", "edit-registry"):                     "-   -     -          -      -       -",
    ("manager", "manage-licences"):                   "-   -     -          -      -       -",
    ("manager", "manage-sign-in"):                    "-   -     -          -      -       -",
    ("administrator", "learn"):                       "-   -     -          -      -       -",
    ("administrator", "view-organisation"):           "Y   Y     Y          -      -       -",
    ("administrator", "view-people"):                 "Y   Y     Y          -      -       -",
    ("administrator", "register-people"):             "Y   Y     Y          -      -       -",
    ("administrator", "enrol-people"):                "Y   Y     Y          -      -       -",
    ("administrator", "view-reports"):                "Y   Y     Y          -      -       -",
    ("administrator", "run-cohorts"):                 "Y   Y     Y          -      -       -",
    ("administrator", "grant-roles"):                 "Y   Y     Y          -      -       -",
    ("administrator", "view-licences"):               "Y   Y     Y          -      -       -",
    ("administrator", "edit-registry"):               "-   -     -          -      -       -",
    ("administrator", "manage-licences"):             "-   -     -          -      -       -",
    ("administrator", "manage-sign-in"):              "-   -     -          -      -       -",
    ("platform-administrator", "learn"):              "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "view-organisation"):  "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "view-people"):        "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "register-people"):    "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "enrol-people"):       "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "view-reports"):       "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "run-cohorts"):        "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "grant-roles"):        "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "view-licences"):      "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "edit-registry"):      "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "manage-licences"):    "Y   Y     Y          Y      Y       Y",
    ("platform-administrator", "manage-sign-in"):     "Y   Y     Y          Y      Y       Y",
    ("employed-only", "learn"):                       "Y   Y     Y          -      -       -",
    ("employed-only", "view-organisation"):           "Y   Y     Y          -      -       -",
    ("employed-only", "view-people"):                 "-   -     -          -      -       -",
    ("employed-only", "register-people"):             "-   -     -          -      -       -",
    ("employed-only", "enrol-people"):                "-   -     -          -      -       -",
    ("employed-only", "view-reports"):                "-   -     -          -      -       -",
    ("employed-only", "run-cohorts"):                 "-   -     -          -      -       -",
    ("employed-only", "grant-roles"):                 "-   -     -          -      -       -",
    ("employed-only", "view-licences"):               "-   -     -          -      -       -",
    ("employed-only", "edit-registry"):               "-   -     -          -      -       -",
    ("employed-only", "manage-licences"):             "-   -     -          -      -       -",
    ("employed-only", "manage-sign-in"):              "-   -     -          -      -       -",
    ("nobody", "learn"):                              "-   -     -          -      -       -",
    ("nobody", "view-organisation"):                  "-   -     -          -      -       -",
    ("nobody", "view-people"):                        "-   -     -          -      -       -",
    ("nobody", "register-people"):                    "-   -     -          -      -       -",
    ("nobody", "enrol-people"):                       "-   -     -          -      -       -",
    ("nobody", "view-reports"):                       "-   -     -          -      -       -",
    ("nobody", "run-cohorts"):                        "-   -     -          -      -       -",
    ("nobody", "grant-roles"):                        "-   -     -          -      -       -",
    ("nobody", "view-licences"):                      "-   -     -          -      -       -",
    ("nobody", "edit-registry"):                      "-   -     -          -      -       -",
    ("nobody", "manage-licences"):                    "-   -     -          -      -       -",
    ("nobody", "manage-sign-in"):                     "-   -     -          -      -       -",
}  # fmt: skip
# People who came through single sign-on (sso): a manager role mapped from what their identity provider said, and a
# post where their organisation vouched for them, may do exactly what the same role or post given by hand allows.
EXPECTED |= {
    ("manager-by-sign-in", action): EXPECTED["manager", action] for role, action in list(EXPECTED) if role == "manager"
}
EXPECTED |= {
    ("vouched-by-sign-in", action): EXPECTED["employed-only", action]
    for role, action in list(EXPECTED)
    if role == "employed-only"
}

# One case per row of the table: a failure shows the whole row as expected and as found.
CASES = [pytest.param(role, action, id=f"{role}-{action}") for role, action in EXPECTED]


def test_the_table_covers_every_role_and_every_action() -> None:
    assert {action for _, action in EXPECTED} == {action.value for action in api.Action}
    assert set(EXPECTED) == {(role, action.value) for role in ROLES for action in api.Action}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """Who each person is (user id by role) and where each relation is (organisation id by relation)."""
    with django_db_blocker.unblock():
        load_sample_registry()
        api.load_registry_text(
            "code,name,parent_code,postcode,opened_on,closed_on,kind\nZZ101W,Ward 7,ZZ101,,,,department\n"
        )
        people: dict[str, int | None] = {}
        for role in ROLES:
            user = get_user_model().objects.create_user(f"{role}@matrix.example", None)
            people[role] = user.pk
            if role == "platform-administrator":
                grant(user.pk, role, None)
            elif role == "employed-only":
                employ(user.pk, "ZZ1")
            elif role == "manager-by-sign-in":
                vouch(user.pk, [], [("manager", organisation_id("ZZ1"))])
            elif role == "vouched-by-sign-in":
                vouch(user.pk, [organisation_id("ZZ1")], [])
            elif role != "nobody":
                grant(user.pk, role, "ZZ1")
        places: dict[str, int | None] = {relation: organisation_id(code) for relation, code in WHERE.items()}
        paths = {o.id: o.path for o in api.organisations_in(api.scope(people["platform-administrator"], "learn"))}
        yield {
            **{f"user:{k}": v for k, v in people.items()},
            **{f"org:{k}": v for k, v in places.items()},
            "paths": paths,
        }
        clear_registry()
        get_user_model().objects.filter(pk__in=list(people.values())).delete()


def _row(allowed: list[bool]) -> str:
    return " ".join("Y" if yes else "-" for yes in allowed)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action"), CASES)
def test_can_and_scope_follow_the_table(world: dict[str, Any], role: str, action: str) -> None:
    user_id = world[f"user:{role}"]
    places = [world[f"org:{relation}"] for relation in RELATIONS]
    expected = " ".join(EXPECTED[role, action].split())
    assert _row([api.can(user_id, action, place) for place in places]) == expected, "can"
    where = api.scope(user_id, action)
    assert _row([where.covers(world["paths"][place]) for place in places]) == expected, "scope"


@pytest.mark.django_db
def test_nobody_signed_in_and_unknown_organisations_are_refused(world: dict[str, int]) -> None:
    platform = world["user:platform-administrator"]
    assert api.can(None, api.Action.VIEW_ORGANISATION, world["org:own"]) is False
    assert api.scope(None, api.Action.VIEW_ORGANISATION).nowhere
    assert api.can(platform, api.Action.VIEW_ORGANISATION, 987654321) is False
    # With no organisation: across the whole service, which only platform administrators may do.
    assert api.can(platform, api.Action.EDIT_REGISTRY, None) is True
    assert api.can(world["user:administrator"], api.Action.GRANT_ROLES, None) is False
    # Which identity providers vouch for people is the platform administrators' alone (single sign-on's pages).
    assert api.can(platform, api.Action.MANAGE_SIGN_IN, None) is True
    assert api.can(world["user:administrator"], api.Action.MANAGE_SIGN_IN, None) is False


# The cohorts' pages (issue 12), person by person: "ok" the page, "403" the page saying who it is for, "404" not
# found, "302" done (then back to the cohort). A cohort at the trust ZZ1 ("own") and one at the unrelated trust ZZ3:
# each trainer reaches only the cohorts of their own organisations, by whatever id they try.
# role                     /cohorts/new/  own cohort  unrelated cohort  own cohort's new join code (POST)
#                          own cohort's remove-a-member page, and its delete page; the unrelated cohort's delete (POST)
COHORT_PAGES = {
    "learner":                "403         404         404               404   404  404  404",
    "trainer":                "ok          ok          404               302   ok   ok   404",
    "manager":                "403         404         404               404   404  404  404",
    "administrator":          "ok          ok          404               302   ok   ok   404",
    "platform-administrator": "ok          ok          ok                302   ok   ok   302",
    "employed-only":          "403         404         404               404   404  404  404",
    "nobody":                 "403         404         404               404   404  404  404",
    "manager-by-sign-in":     "403         404         404               404   404  404  404",
    "vouched-by-sign-in":     "403         404         404               404   404  404  404",
}  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_cohort_pages_follow_the_table(world: dict[str, Any], role: str) -> None:
    from django.test import Client

    from clinlead.cohorts import api as cohorts

    made_by = world["user:platform-administrator"]
    own = cohorts.create_cohort(made_by, world["org:own"], "Own", None, None, with_code=True)
    unrelated = cohorts.create_cohort(made_by, world["org:unrelated"], "Unrelated", None, None, with_code=True)
    member = world["user:nobody"]
    cohorts.add_members(own, [member], "email")
    client = Client()
    client.force_login(get_user_model().objects.get(pk=world[f"user:{role}"]))
    found = [
        client.get(address).status_code for address in ("/cohorts/new/", f"/cohorts/{own}/", f"/cohorts/{unrelated}/")
    ]
    found.append(client.post(f"/cohorts/{own}/join-code/", {"code": "new"}).status_code)
    found.append(client.get(f"/cohorts/{own}/members/{member}/remove/").status_code)
    found.append(client.get(f"/cohorts/{own}/delete/").status_code)
    found.append(client.post(f"/cohorts/{unrelated}/delete/").status_code)
    assert " ".join("ok" if code == 200 else str(code) for code in found) == " ".join(COHORT_PAGES[role].split())


# The pages of managers' reports (issue 12) answer as the table says for view-reports, for every role and place:
# a report on an organisation in scope (200), one outside it (404), and for someone with no reports anywhere the
# page saying who reports are for (403).
REPORT_PAGES = ("/reports/", "/reports/session/", "/reports/person.csv", "/reports/session.xlsx")


@pytest.mark.django_db
def test_report_pages_follow_the_table(world: dict[str, Any], loaded_starter: Any) -> None:
    from django.test import Client

    for role in ROLES:
        user_id = world[f"user:{role}"]
        allowed = EXPECTED[role, "view-reports"].split()
        client = Client()
        if user_id is not None:
            client.force_login(get_user_model().objects.get(pk=user_id))
        for relation, yes in zip(RELATIONS, allowed, strict=True):
            query = {"organisation": world[f"org:{relation}"], "session": "acting-with-integrity"}
            for page in REPORT_PAGES:
                status = client.get(page, query).status_code
                expected = 200 if yes == "Y" else 404 if "Y" in allowed else 403
                assert status == expected, (role, relation, page)
            # Subscribing to a report by email (a POST): redirected back to the report when allowed.
            status = client.post("/reports/subscribe/", {"query": f"organisation={query['organisation']}"}).status_code
            assert status == (302 if yes == "Y" else 404 if "Y" in allowed else 403), (role, relation, "subscribe")
