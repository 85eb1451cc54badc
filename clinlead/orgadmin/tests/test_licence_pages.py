"""Licence pages by role: platform administrators record and change licences (every bad field named), an
organisation's administrators see its licences and their seat use by month, and nobody else finds them."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinlead.organisations import api as organisations
from clinlead.organisations.testing import employ, grant, make_organisation
from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LIST, NEW = "/organisations/licences/", "/organisations/licences/new/"


@pytest.fixture
def registry(loaded_example: Path) -> int:
    """A care company with a branch, an unrelated company, and a licence for the company; the licence's id."""
    make_organisation("L-CO", "Carewell Group")
    make_organisation("L-CO1", "Carewell Seaview", parent_code="L-CO")
    make_organisation("L-OTHER", "Other Care")
    return organisations.save_licence(
        organisation_code="L-CO",
        programme_keys=["example"],
        seats=10,
        starts_on=TODAY.replace(day=1) - datetime.timedelta(days=40),
        ends_on=TODAY + datetime.timedelta(days=200),
        reference="PO-77",
    ).id


def _person(email: str, role: str, code: str | None) -> Client:
    user = make_learner(email)
    grant(user.pk, role, code)
    return signed_in(user)


def _form(**changes: Any) -> dict[str, Any]:
    return {
        "organisation_code": "l-other",
        "programme_keys": ["example"],
        "seats": "25",
        "starts_on": "1/4/2026",
        "ends_on": "31/3/2027",
        "reference": "PO-88",
    } | changes


def test_a_platform_administrator_records_and_changes_a_licence(registry: int) -> None:
    admin = _person("admin@clinlead.example", "platform-administrator", None)
    assert 'href="/organisations/licences/new/"' in admin.get(LIST).content.decode()
    form = admin.get(NEW).content.decode()
    assert 'name="programme_keys" type="checkbox" value="example"' in form

    saved = admin.post(NEW, _form())
    assert saved.status_code == 302
    (licence,) = [lic for lic in organisations.licences_in(organisations.Scope(True, ())) if lic.id != registry]
    assert saved["Location"] == f"/organisations/licences/{licence.id}/"
    assert (licence.organisation_code, licence.seats, licence.starts_on, licence.ends_on, licence.reference) == (
        "L-OTHER",
        25,
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
        "PO-88",
    )
    change_url = f"/organisations/licences/{licence.id}/change/"
    assert 'value="25"' in admin.get(change_url).content.decode()
    assert admin.post(change_url, _form(seats="30")).status_code == 302
    changed = organisations.licence(licence.id)
    assert changed is not None
    assert changed.seats == 30
    assert "Other Care" in admin.get(LIST).content.decode()


BAD_FIELDS = [
    ({"organisation_code": ""}, "Enter the code of the organisation the licence is for"),
    ({"organisation_code": "NOPE"}, "There is no organisation with the code &#39;NOPE&#39;"),
    ({"programme_keys": []}, "Choose at least one programme the licence covers"),
    ({"programme_keys": ["not-published"]}, "Choose programmes from the list"),
    ({"seats": "lots"}, "Enter the number of seats as a whole number, such as 250"),
    ({"seats": "0"}, "Enter a number of seats of 1 or more"),
    ({"starts_on": "31/2/2026"}, "Enter the start date as day/month/year, for example 1/4/2026"),
    ({"starts_on": ""}, "Enter the date the licence starts"),
    ({"ends_on": "next year"}, "Enter the end date as day/month/year, for example 31/3/2027"),
    ({"ends_on": "1/1/2026"}, "The end date must be the same as or after the start date"),
    ({"reference": "x" * 101}, "Enter a reference of 100 characters or fewer"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_FIELDS)
def test_each_bad_field_is_named_on_the_form_and_nothing_is_saved(
    registry: int, changes: dict[str, Any], message: str
) -> None:
    admin = _person("admin@clinlead.example", "platform-administrator", None)
    response = admin.post(NEW, _form(**changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    field = next(iter(changes))
    assert f'href="#id_{field}"' in body  # the error summary leads to the field
    assert len(organisations.licences_in(organisations.Scope(True, ()))) == 1


def test_fewer_seats_than_people_hold_is_refused_on_the_seats_field(registry: int) -> None:
    for n in range(3):
        person = make_learner(f"carer{n}@carewell.example")
        employ(person.pk, "L-CO1")
        organisations.take_seat(person.pk, "example")
    admin = _person("admin@clinlead.example", "platform-administrator", None)
    change = {"organisation_code": "L-CO", "seats": "2", "starts_on": "1/1/2026", "ends_on": "31/12/2027"}
    body = admin.post(f"/organisations/licences/{registry}/change/", _form(**change)).content.decode()
    assert "3 people hold seats on this licence: enter 3 seats or more" in body
    assert 'href="#id_seats"' in body


def test_an_organisation_administrator_sees_its_licences_and_seat_use_by_month(registry: int) -> None:
    person = make_learner("carer@carewell.example")
    employ(person.pk, "L-CO1")
    organisations.take_seat(person.pk, "example")
    for code in ("L-CO", "L-CO1"):  # at the licence's organisation, and below it (the licence is above)
        manager = _person(f"admin@{code.lower()}.example", "administrator", code)
        listing = manager.get(LIST)
        if code == "L-CO":
            assert listing.status_code == 200
            assert "Carewell Group (L-CO)" in listing.content.decode()
            assert "Record a licence" not in listing.content.decode()
            page = manager.get(f"/organisations/licences/{registry}/").content.decode()
            assert "1 in use of 10 (9 free)" in page
            assert f'<td class="nhsuk-table__cell">{TODAY.strftime("%B %Y")}</td>' in page
            assert "Change the licence" not in page
            assert manager.get(NEW).status_code == 403
            assert manager.post(f"/organisations/licences/{registry}/change/", _form()).status_code == 403
        else:
            assert "There are no licences for your organisations." in listing.content.decode()
            assert manager.get(f"/organisations/licences/{registry}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "code"), [("administrator", "L-OTHER"), ("manager", "L-CO"), ("trainer", "L-CO"), ("learner", "L-CO")]
)
def test_anyone_else_finds_no_such_licence(registry: int, role: str, code: str) -> None:
    outsider = _person("someone@example.com", role, code)
    for url in (f"/organisations/licences/{registry}/", f"/organisations/licences/{registry}/change/"):
        assert outsider.get(url).status_code == 404
    assert outsider.get("/organisations/licences/99999/").status_code == 404
    assert outsider.get(NEW).status_code == 403
    if role == "administrator":
        assert "Carewell" not in outsider.get(LIST).content.decode()
    else:
        assert outsider.get(LIST).status_code == 403


def test_visitors_who_are_not_signed_in_are_asked_to_sign_in(registry: int) -> None:
    for url in (LIST, NEW, f"/organisations/licences/{registry}/"):
        assert Client().get(url)["Location"].startswith("/accounts/login/")


def test_the_list_takes_the_same_number_of_queries_however_many_licences(registry: int) -> None:
    admin = _person("admin@clinlead.example", "platform-administrator", None)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as done:
            assert admin.get(LIST).status_code == 200
        return len(done)

    queries_for_the_list()  # the site's header is read once and kept for a minute
    with_one = queries_for_the_list()
    for n in range(10):
        make_organisation(f"L-X{n}", f"Company {n}")
        organisations.save_licence(
            organisation_code=f"L-X{n}", programme_keys=["example"], seats=5, starts_on=TODAY, ends_on=TODAY
        )
    queries_for_the_list()
    assert queries_for_the_list() == with_one
    assert admin.get(LIST).content.decode().count('href="/organisations/licences/') >= 11
