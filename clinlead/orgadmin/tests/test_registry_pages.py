"""The registry's pages: the organisations a person can see as a tree, one organisation, and the platform
administrators' forms to add and change organisations."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.organisations import api

from .conftest import Cast

SignIn = Callable[[int], Client]


def _codes_listed(html: str) -> set[str]:
    return set(re.findall(r'<td class="nhsuk-table__cell">([A-Z0-9-]+)</td>', html))


def test_a_platform_administrator_sees_the_whole_registry_as_a_tree(cast: Cast, sign_in: SignIn) -> None:
    page = sign_in(cast.platform).get(reverse("orgadmin:organisations"))
    assert page.status_code == 200
    html = page.content.decode()
    assert _codes_listed(html) == set(cast.ids)
    # A site sits under its trust under its ICB: indented two levels, straight after its parent.
    assert re.search(r'clinlead-tree-2"><a href="/organisations/\d+/">Northshire Royal Infirmary', html)
    assert html.index("Northshire Teaching Hospitals") < html.index("Northshire Royal Infirmary")
    assert "Add an organisation" in html
    assert "Upload a registry file" in html


def test_a_manager_sees_their_trust_and_its_sites_only(cast: Cast, sign_in: SignIn) -> None:
    html = sign_in(cast.manager).get(reverse("orgadmin:organisations")).content.decode()
    assert _codes_listed(html) == {"ZZ1", "ZZ101", "ZZ102", "ZZ103"}
    assert 'class="nhsuk-table__cell"><a' in html  # the trust itself is not indented: the list starts there
    assert "Add an organisation" not in html


def test_a_learner_sees_where_they_work_and_nobody_else_gets_a_list(cast: Cast, sign_in: SignIn) -> None:
    assert _codes_listed(sign_in(cast.learner).get(reverse("orgadmin:organisations")).content.decode()) == {"ZZ101"}
    assert sign_in(cast.nobody).get(reverse("orgadmin:organisations")).status_code == 403
    signed_out = Client().get(reverse("orgadmin:organisations"))
    assert signed_out.status_code == 302
    assert "/accounts/login/" in signed_out["Location"]


def test_search_finds_by_name_or_by_code_within_scope(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    assert _codes_listed(platform.get(reverse("orgadmin:organisations"), {"q": "hospice"}).content.decode()) == {
        "L-STLUKE"
    }
    assert _codes_listed(platform.get(reverse("orgadmin:organisations"), {"q": "zz10"}).content.decode()) == {
        "ZZ101",
        "ZZ102",
        "ZZ103",
    }
    # The manager of ZZ3 searching for a Northshire name finds nothing: outside their scope.
    outsider = sign_in(cast.outsider).get(reverse("orgadmin:organisations"), {"q": "Northshire"}).content.decode()
    assert _codes_listed(outsider) == set()
    assert "0 organisations match" in outsider


def _many_sites(count: int) -> str:
    lines = ["code,name,parent_code,postcode,opened_on,closed_on"]
    lines += [f"ZZ{index:03d},Ward block {index:03d},ZZ3,,," for index in range(400, 400 + count)]
    return "\n".join(lines) + "\n"


def test_the_list_comes_a_page_at_a_time_in_a_fixed_number_of_queries(
    cast: Cast, sign_in: SignIn, django_assert_max_num_queries: Any
) -> None:
    platform = sign_in(cast.platform)
    platform.get(reverse("orgadmin:organisations"))  # the session and the header's programme, once
    with django_assert_max_num_queries(12) as few:
        platform.get(reverse("orgadmin:organisations"))
    api.load_registry_text(_many_sites(120))
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = platform.get(reverse("orgadmin:organisations")).content.decode()
    assert len(_codes_listed(first)) == 50
    assert "Page 1 of 3 (134 organisations)" in first
    last = platform.get(reverse("orgadmin:organisations"), {"page": "3"}).content.decode()
    assert len(_codes_listed(last)) == 34
    assert "Previous page" in last
    assert "Next page" not in last
    # A page past the end shows the last one; a page that is not a number, the first.
    assert _codes_listed(platform.get(reverse("orgadmin:organisations"), {"page": "99"}).content.decode()) == (
        _codes_listed(last)
    )
    assert "Page 1 of 3" in platform.get(reverse("orgadmin:organisations"), {"page": "x"}).content.decode()
    # The trust's own page lists its first hundred sites (of 121) and sends the reader to the list for the rest.
    trust = platform.get(reverse("orgadmin:organisation", args=[cast.ids["ZZ3"]])).content.decode()
    assert "And 21 more organisations" in trust
    assert trust.count(", site)</li>") == 100


def test_an_organisation_page_shows_its_details_parent_children_and_roles(cast: Cast, sign_in: SignIn) -> None:
    html = sign_in(cast.administrator).get(reverse("orgadmin:organisation", args=[cast.ids["ZZ1"]])).content.decode()
    for text in (
        "Northshire Teaching Hospitals NHS Foundation Trust",
        "northshire-th.nhs.uk",
        "NS1 2BB",
        "Opened 1 April 2004",
        "Yes: its staff have free access",
        "Northshire Integrated Care Board (ZZA)",  # its parent, named but not linked: outside their view
        "Northshire Royal Infirmary",
        "Eastvale General Hospital",
        "Westbrook Community Hospital",
        reverse("orgadmin:roles", args=[cast.ids["ZZ1"]]),
    ):
        assert text in html
    assert reverse("orgadmin:organisation", args=[cast.ids["ZZA"]]) not in html
    assert reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]) not in html
    platform = sign_in(cast.platform).get(reverse("orgadmin:organisation", args=[cast.ids["ZZ1"]])).content.decode()
    assert reverse("orgadmin:organisation", args=[cast.ids["ZZA"]]) in platform
    assert reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]) in platform


def _every_url_with_an_id(cast: Cast, code: str) -> list[str]:
    organisation = cast.ids[code]
    grant = api.role_holders(cast.ids["ZZ1"])[0].grant_id
    return [
        reverse("orgadmin:organisation", args=[organisation]),
        reverse("orgadmin:edit", args=[organisation]),
        reverse("orgadmin:roles", args=[organisation]),
        reverse("orgadmin:revoke", args=[organisation, grant]),
    ]


@pytest.mark.parametrize("code", ["ZZ1", "ZZ101", "ZZA", "ZZ2"])
def test_a_manager_of_an_unrelated_organisation_gets_404_at_every_address(
    cast: Cast, sign_in: SignIn, code: str
) -> None:
    outsider = sign_in(cast.outsider)
    for address in _every_url_with_an_id(cast, code):
        assert outsider.get(address).status_code == 404, address
        assert outsider.post(address, {"name": "Taken over", "email": "x@example.nhs.uk"}).status_code == 404
    assert api.organisation(cast.ids[code]).name != "Taken over"  # type: ignore[union-attr]
    assert len(api.role_holders(cast.ids["ZZ1"])) == 2


def test_an_organisation_that_does_not_exist_is_404_like_one_out_of_sight(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    for name in ("orgadmin:organisation", "orgadmin:edit", "orgadmin:roles"):
        assert platform.get(reverse(name, args=[987654])).status_code == 404
    assert platform.get(reverse("orgadmin:revoke", args=[cast.ids["ZZ1"], 987654])).status_code == 404


def test_a_manager_gets_403_on_the_pages_that_change_the_registry_or_roles(cast: Cast, sign_in: SignIn) -> None:
    manager = sign_in(cast.manager)
    grant = api.role_holders(cast.ids["ZZ1"])[0].grant_id
    for address in (
        reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]),
        reverse("orgadmin:edit", args=[cast.ids["ZZ101"]]),
        reverse("orgadmin:roles", args=[cast.ids["ZZ1"]]),
        reverse("orgadmin:revoke", args=[cast.ids["ZZ1"], grant]),
        reverse("orgadmin:create"),
        reverse("orgadmin:upload"),
        reverse("orgadmin:platform-administrators"),
        reverse("orgadmin:remove-platform-administrator", args=[cast.platform]),
    ):
        assert manager.get(address).status_code == 403, address
        assert manager.post(address, {"email": "manager@example.nhs.uk", "role": "administrator"}).status_code == 403
    # An organisation administrator changes roles, not the registry.
    assert sign_in(cast.administrator).get(reverse("orgadmin:edit", args=[cast.ids["ZZ1"]])).status_code == 403
    assert len(api.role_holders(cast.ids["ZZ1"])) == 2
    assert len(api.platform_administrators()) == 1


def test_every_page_opens_for_the_role_it_is_for(cast: Cast, sign_in: SignIn) -> None:
    platform, administrator = sign_in(cast.platform), sign_in(cast.administrator)
    grant = api.role_holders(cast.ids["ZZ1"])[0].grant_id
    api.add_platform_administrator(cast.platform, "nobody@example.nhs.uk")
    for client, address, heading in (
        (platform, reverse("orgadmin:organisations"), "Your organisations"),
        (platform, reverse("orgadmin:create") + "?parent=ZZ1", "Add an organisation"),
        (platform, reverse("orgadmin:upload"), "Upload a registry file"),
        (platform, reverse("orgadmin:edit", args=[cast.ids["ZZ101"]]), "Change Northshire Royal Infirmary"),
        (platform, reverse("orgadmin:platform-administrators"), "Platform administrators"),
        (platform, reverse("orgadmin:remove-platform-administrator", args=[cast.nobody]), "as a platform admin"),
        (administrator, reverse("orgadmin:organisation", args=[cast.ids["ZZ101"]]), "Northshire Royal Infirmary"),
        (administrator, reverse("orgadmin:roles", args=[cast.ids["ZZ1"]]), "Roles"),
        (administrator, reverse("orgadmin:revoke", args=[cast.ids["ZZ1"], grant]), "Revoke"),
    ):
        page = client.get(address)
        assert page.status_code == 200, address
        assert heading in re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1), address  # type: ignore[union-attr]


def test_an_organisation_page_links_the_staff_pages_to_those_who_manage_people_there(
    cast: Cast, sign_in: SignIn
) -> None:
    at_trust = reverse("orgadmin:organisation", args=[cast.ids["ZZ1"]])
    managing = sign_in(cast.manager).get(at_trust).content.decode()
    assert f"{reverse('workforce:staff')}?organisation={cast.ids['ZZ1']}" in managing
    assert reverse("workforce:upload") in managing
    assert reverse("workforce:enrol") in managing
    learning = sign_in(cast.learner).get(reverse("orgadmin:organisation", args=[cast.ids["ZZ101"]])).content.decode()
    assert reverse("workforce:upload") not in learning
    assert reverse("workforce:staff") not in learning
