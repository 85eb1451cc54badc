"""Roles at an organisation: who holds which, granting by email address and revoking, within the granter's own
subtree; the platform administrators, never fewer than one; and the header's way to the organisation pages."""

import html
from collections.abc import Callable

import pytest
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse

from clinlead.organisations import api

from .conftest import Cast

SignIn = Callable[[int], Client]


def _text(response: HttpResponseBase) -> str:
    return html.unescape(str(response.content.decode()))  # type: ignore[attr-defined]


def _roles_at(cast: Cast, code: str) -> set[tuple[int, str, bool]]:
    return {(h.user_id, h.role, h.inherited) for h in api.role_holders(cast.ids[code])}


def test_an_administrator_sees_who_holds_which_role_here_and_above(cast: Cast, sign_in: SignIn) -> None:
    page = _text(sign_in(cast.administrator).get(reverse("orgadmin:roles", args=[cast.ids["ZZ101"]])))
    assert "No roles have been granted here." in page
    assert "Granted above, and holding here too" in page
    for text in ("manager@example.nhs.uk", "Organisation manager", "administrator@example.nhs.uk"):
        assert text in page
    assert "Northshire Teaching Hospitals NHS Foundation Trust (ZZ1)" in page
    assert "outsider@example.nhs.uk" not in page  # granted at ZZ3, elsewhere


def test_an_administrator_grants_a_role_by_email_address_and_revokes_it(cast: Cast, sign_in: SignIn) -> None:
    administrator = sign_in(cast.administrator)
    roles = reverse("orgadmin:roles", args=[cast.ids["ZZ101"]])
    response = administrator.post(roles, {"email": " Learner@Example.NHS.uk ", "role": "trainer"})
    assert response.status_code == 302
    assert (cast.learner, "trainer", False) in _roles_at(cast, "ZZ101")
    assert api.can(cast.learner, api.Action.RUN_COHORTS, cast.ids["ZZ101"])
    assert "learner@example.nhs.uk is now trainer at Northshire Royal Infirmary." in _text(administrator.get(roles))
    # Granting it again changes nothing, and says so.
    administrator.post(roles, {"email": "learner@example.nhs.uk", "role": "trainer"})
    assert "was already trainer" in _text(administrator.get(roles))
    assert len([h for h in api.role_holders(cast.ids["ZZ101"]) if h.role == "trainer"]) == 1

    grant = next(h.grant_id for h in api.role_holders(cast.ids["ZZ101"]) if h.role == "trainer")
    revoke = reverse("orgadmin:revoke", args=[cast.ids["ZZ101"], grant])
    assert "Revoke trainer from Learner" in _text(administrator.get(revoke))
    assert (cast.learner, "trainer", False) in _roles_at(cast, "ZZ101")  # asking changed nothing
    assert administrator.post(revoke).status_code == 302
    assert (cast.learner, "trainer", False) not in _roles_at(cast, "ZZ101")
    assert not api.can(cast.learner, api.Action.RUN_COHORTS, cast.ids["ZZ101"])
    assert administrator.post(revoke).status_code == 404  # gone


def test_an_administrator_cannot_grant_platform_administrator_nor_above_their_subtree(
    cast: Cast, sign_in: SignIn
) -> None:
    administrator = sign_in(cast.administrator)
    page = administrator.get(reverse("orgadmin:roles", args=[cast.ids["ZZ1"]]))
    assert "platform-administrator" not in page.content.decode()
    refused = administrator.post(
        reverse("orgadmin:roles", args=[cast.ids["ZZ1"]]),
        {"email": "nobody@example.nhs.uk", "role": "platform-administrator"},
    )
    assert "Choose one of the roles listed" in _text(refused)
    assert not api.is_platform_administrator(cast.nobody)
    # Above (the ICB) and beside (the other trust) are out of their view altogether.
    for code in ("ZZA", "ZZ2"):
        address = reverse("orgadmin:roles", args=[cast.ids[code]])
        assert administrator.post(address, {"email": "nobody@example.nhs.uk", "role": "manager"}).status_code == 404
    assert api.scope(cast.nobody, api.Action.VIEW_ORGANISATION).nowhere
    # And the rule is asked again below the page: an api call cannot grant above their subtree either.
    with pytest.raises(api.RoleProblem, match="You cannot grant roles at this organisation"):
        api.grant_role(cast.administrator, "nobody@example.nhs.uk", "manager", cast.ids["ZZA"])


def test_bad_input_on_the_grant_form_is_named_on_its_field(cast: Cast, sign_in: SignIn) -> None:
    administrator = sign_in(cast.administrator)
    roles = reverse("orgadmin:roles", args=[cast.ids["ZZ1"]])
    before = _roles_at(cast, "ZZ1")
    for data, field, message in (
        ({"email": "", "role": "manager"}, "email", "Enter the email address of the person"),
        ({"email": "not an address", "role": "manager"}, "email", "Enter an email address in the correct format"),
        ({"email": "stranger@example.nhs.uk", "role": "manager"}, "email", "No account has the address stranger@"),
        ({"email": "nobody@example.nhs.uk", "role": ""}, "role", "Choose a role"),
        ({"email": "nobody@example.nhs.uk", "role": "overlord"}, "role", "Choose one of the roles listed"),
    ):
        page = _text(administrator.post(roles, data))
        assert "There is a problem" in page
        assert f'href="#id_{field}"' in page
        assert message in page, data
    assert _roles_at(cast, "ZZ1") == before


def test_platform_administrators_add_and_remove_each_other_but_never_the_last(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    page = reverse("orgadmin:platform-administrators")
    assert "The last one" in _text(platform.get(page))
    assert platform.post(page, {"email": "nobody@example.nhs.uk"}).status_code == 302
    assert api.is_platform_administrator(cast.nobody)
    assert "nobody@example.nhs.uk is now a platform administrator." in _text(platform.get(page))
    assert "Enter an email address in the correct format" in _text(platform.post(page, {"email": "nobody"}))

    # The newcomer removes the first; then nobody can remove the newcomer, the last one.
    newcomer = sign_in(cast.nobody)
    remove_first = reverse("orgadmin:remove-platform-administrator", args=[cast.platform])
    assert newcomer.post(remove_first).status_code == 302
    assert [h.user_id for h in api.platform_administrators()] == [cast.nobody]
    remove_last = reverse("orgadmin:remove-platform-administrator", args=[cast.nobody])
    refused = _text(newcomer.post(remove_last))
    assert "This is the last platform administrator: add another before removing them" in refused
    assert [h.user_id for h in api.platform_administrators()] == [cast.nobody]
    # Someone who is not one is 404 to remove.
    address = reverse("orgadmin:remove-platform-administrator", args=[cast.manager])
    assert newcomer.get(address).status_code == 404


def test_the_header_links_to_the_organisations_for_role_holders_only(cast: Cast, sign_in: SignIn) -> None:
    link = f'href="{reverse("orgadmin:organisations")}"'
    profile = reverse("accounts:profile")
    for user_id in (cast.platform, cast.administrator, cast.manager):
        assert link in sign_in(user_id).get(profile, follow=True).content.decode()
    for user_id in (cast.learner, cast.nobody):
        assert link not in sign_in(user_id).get(profile, follow=True).content.decode()
    assert link not in Client().get(reverse("orgadmin:organisations"), follow=True).content.decode()
