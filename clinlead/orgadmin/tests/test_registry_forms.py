"""Adding and changing organisations, and uploading a registry file: what is saved, where the tree moves, and a
clear message on the field for every kind of bad input, with nothing written."""

import html
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clinlead.organisations import api

from .conftest import Cast

SignIn = Callable[[int], Client]

NEW = {
    "name": "Northshire Hospice at Home",
    "code": "L-NHAH",
    "kind": "hospice",
    "eligible": "on",
    "parent_code": "ZZA",
    "postcode": "ns7 1aa",
    "opened_on": "2025-04-01",
    "closed_on": "",
    "email_domains": "nhah.example  care.nhah.example",
}


def _everything(cast: Cast) -> list[api.OrganisationData]:
    return api.organisations_in(api.scope(cast.platform, api.Action.VIEW_ORGANISATION))


def test_a_platform_administrator_adds_an_organisation_under_a_parent(cast: Cast, sign_in: SignIn) -> None:
    response = sign_in(cast.platform).post(reverse("orgadmin:create"), NEW)
    added = api.organisations_by_code(["L-NHAH"])["L-NHAH"]
    assert response.status_code == 302
    assert response["Location"] == reverse("orgadmin:organisation", args=[added.id])
    assert (added.name, added.kind, added.eligible, added.postcode) == (NEW["name"], "hospice", True, "NS7 1AA")
    assert added.parent_id == cast.ids["ZZA"]
    assert added.email_domains == ("care.nhah.example", "nhah.example")
    assert str(added.opened_on) == "2025-04-01"
    # It is in the view of the ICB's people, and its page says it was saved.
    page = sign_in(cast.platform).get(response["Location"])
    assert "Northshire Hospice at Home" in page.content.decode()


def test_changing_a_parent_moves_the_whole_subtree(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    form = platform.get(reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]))
    assert 'value="ZZA"' in form.content.decode()  # the form starts from what is registered
    changed = {**NEW, "name": "Northshire Teaching Hospitals", "code": "ZZ1", "kind": "trust", "parent_code": "ZZB"}
    changed["email_domains"] = "northshire-th.nhs.uk"
    assert platform.post(reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]), changed).status_code == 302
    moved = {o.code: o for o in _everything(cast)}
    assert moved["ZZ1"].parent_id == cast.ids["ZZB"]
    for site in ("ZZ101", "ZZ102", "ZZ103"):
        assert moved[site].path.startswith(moved["ZZB"].path), site
        assert moved[site].depth == 2
    assert not moved["ZZ201"].path.startswith(moved["ZZB"].path)
    # The permission rule follows the tree: ZZB's people now see the sites, ZZA's no longer do.
    southern = api.scope(cast.outsider, api.Action.VIEW_ORGANISATION)
    assert not southern.covers(moved["ZZ101"].path)  # ZZ3 is beside ZZ1 still, not above it
    assert api.scope(cast.platform, api.Action.EDIT_REGISTRY).covers(moved["ZZ101"].path)


def test_an_organisation_cannot_move_under_itself_or_anything_inside_it(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    trust = {**NEW, "name": "Northshire Teaching Hospitals", "code": "ZZ1", "kind": "trust"}
    for parent, message in (("ZZ101", "which is inside it"), ("ZZ1", "cannot be moved under itself")):
        page = platform.post(reverse("orgadmin:edit", args=[cast.ids["ZZ1"]]), {**trust, "parent_code": parent})
        assert page.status_code == 200
        assert message in html.unescape(page.content.decode())
    assert api.organisation(cast.ids["ZZ1"]).parent_id == cast.ids["ZZA"]  # type: ignore[union-attr]


# Each field, a bad value, and the message on that field (the error summary links to it).
BAD = [
    ("name", "", "Enter the organisation's name"),
    ("name", "x" * 201, "at most 200 characters"),
    ("code", "", "Enter the organisation's code"),
    ("code", "ZZ 9", "'ZZ 9' is not an ODS code"),
    ("code", "ZZ2", "ZZ2 is already the code of Northshire Community and Mental Health NHS Trust"),
    ("kind", "", "Choose the type of organisation"),
    ("kind", "castle", "Choose one of the types listed"),
    ("parent_code", "ZZ9", "No organisation has the code ZZ9"),
    ("postcode", "NS1 2BB NS1 2BB", "Longer than 10 characters"),
    ("opened_on", "1 April", "'1 April' is not a date: write it as 20240401 or 2024-04-01"),
    ("closed_on", "2020-01-01", "Closes before it opens"),
    ("email_domains", "nhah.example not_a_domain", "'not_a_domain' is not an email domain"),
    ("email_domains", "southmoor-uh.nhs.uk", "southmoor-uh.nhs.uk already belongs to Southmoor University Hospitals"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD)])
def test_bad_input_in_every_field_is_named_on_that_field_and_nothing_is_saved(
    cast: Cast, sign_in: SignIn, field: str, value: str, message: str
) -> None:
    before = _everything(cast)
    page = sign_in(cast.platform).post(reverse("orgadmin:create"), {**NEW, field: value})
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "There is a problem" in text
    assert f'href="#id_{field}"' in text  # the summary links to the field
    assert message in text
    assert f'id="id_{field}-error"' in text  # and the message is drawn by the field itself
    assert _everything(cast) == before


def _upload(client: Client, text: str | bytes, name: str = "registry.csv") -> str:
    data = text.encode() if isinstance(text, str) else text
    page = client.post(reverse("orgadmin:upload"), {"file": SimpleUploadedFile(name, data, "text/csv")})
    if page.status_code == 302:
        return "saved"
    return html.unescape(page.content.decode())


HEADER = "code,name,parent_code,postcode,opened_on,closed_on,kind,eligible,email_domains\n"


def test_a_registry_file_is_loaded_and_changes_nothing_twice(cast: Cast, sign_in: SignIn) -> None:
    platform = sign_in(cast.platform)
    text = HEADER + "ZZ104,Northshire Eye Centre,ZZ1,NS1 4PP,20240401,,site,yes,\n"
    assert _upload(platform, "\ufeff" + text) == "saved"
    assert "1 organisations added" in platform.get(reverse("orgadmin:organisations")).content.decode()
    assert api.organisations_by_code(["ZZ104"])["ZZ104"].parent_id == cast.ids["ZZ1"]
    assert _upload(platform, text) == "saved"
    assert (
        "0 organisations added, 0 changed, 1 as they were"
        in platform.get(reverse("orgadmin:organisations")).content.decode()
    )


def test_a_registry_file_with_problems_writes_nothing_and_names_each_line_and_column(
    cast: Cast, sign_in: SignIn
) -> None:
    before = _everything(cast)
    text = (
        HEADER
        + "ZZ104,Northshire Eye Centre,ZZ1,NS1 4PP,20240401,,site,yes,\n"  # good, and not loaded
        + "ZZ105,,ZZ1,,2024-13-01,,site,maybe,\n"
        + "ZZ106,Orphan Clinic,ZZ9,,,,site,yes,\n"
    )
    page = _upload(sign_in(cast.platform), text, "northshire.csv")
    assert "The registry was not changed: northshire.csv has 4 problems" in page
    for problem in (
        "Line 3, column name: the organisation needs a name",
        "Line 3, column opened_on: '2024-13-01' is not a date",
        "Line 3, column eligible: 'maybe': write yes or no",
        "Line 4, column parent_code: ZZ9 is neither in this file nor registered",
    ):
        assert problem in page
    assert _everything(cast) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("code,name\nZZ104,Eye Centre\n", "Line 1: missing columns: parent_code, postcode, opened_on, closed_on"),
        ("naïve café".encode("cp1252"), "registry.csv is not UTF-8 text (byte 2 is not)"),
        (b"", "The file is empty"),
        (HEADER + "ZZ104,Eye\x00Centre,ZZ1,,,,site,yes,\n", "Line 2 of registry.csv holds a control character"),
    ],
)
def test_a_file_that_is_not_a_registry_is_refused_with_a_reason(
    cast: Cast, sign_in: SignIn, content: str | bytes, message: str
) -> None:
    before = _everything(cast)
    page = _upload(sign_in(cast.platform), content)
    assert message in page
    assert _everything(cast) == before


def test_uploading_without_a_file_asks_for_one(cast: Cast, sign_in: SignIn) -> None:
    page = sign_in(cast.platform).post(reverse("orgadmin:upload"), {})
    assert "Choose a registry file to upload" in page.content.decode()
