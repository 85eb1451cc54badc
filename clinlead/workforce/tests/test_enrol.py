"""A manager assigns sessions to staff already on the register: chosen by organisation, staff group and job
role, checked before anything is written, assigned once however often confirmed, and never beyond their scope."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.accounts.testing import make_learner
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry

MODULE = "knowing-yourself"


def _staff() -> dict[str, int]:
    load_sample_registry()
    orgs = organisations.organisations_by_code(["ZZ101", "ZZ102", "ZZ201"])
    people = {name: make_learner(f"{name}@northshire-th.nhs.uk").pk for name in ("ada", "ben", "cai", "dee")}
    organisations.record_employments(
        [
            organisations.EmploymentRow(people["ada"], orgs["ZZ101"].id, "Ward sister", "Nursing"),
            organisations.EmploymentRow(people["ben"], orgs["ZZ102"].id, "Staff nurse", "Nursing"),
            organisations.EmploymentRow(people["cai"], orgs["ZZ102"].id, "Porter", "Estates"),
            organisations.EmploymentRow(people["dee"], orgs["ZZ201"].id, "Staff nurse", "Nursing"),
        ]
    )
    return people


def _manager(code: str) -> tuple[Client, int]:
    person = make_learner(f"manager-{code.lower()}@nhs.net", name="Morgan Manager", profession="other")
    grant(person.pk, "manager", code)
    client = Client()
    client.force_login(person)
    return client, person.pk


def _choices(**extra: Any) -> dict[str, Any]:
    return {
        "staff_group": "Nursing",
        "modules": [MODULE],
        "due_day": "31",
        "due_month": "3",
        "due_year": "2099",
    } | extra


@pytest.mark.django_db
def test_staff_are_assigned_after_the_numbers_are_checked(loaded_starter: Any) -> None:
    people = _staff()
    manager, manager_id = _manager("ZZ1")
    form = manager.get(reverse("workforce:enrol")).content.decode()
    assert "Nursing" in form
    assert "Estates" in form
    assert "Riverside" not in form

    check = manager.post(reverse("workforce:enrol"), _choices())
    page = check.content.decode()
    assert check.status_code == 200
    assert "Check who you are assigning" in page
    assert ">2<" in page.replace(" ", "")
    assert learning.assignments(people["ada"]) == []  # nothing written before confirming

    done = manager.post(reverse("workforce:enrol"), _choices(confirm="yes"))
    assert done.status_code == 302
    ada = learning.assignments(people["ada"])
    assert ada
    assert {a.due_on for a in ada} == {datetime.date(2099, 3, 31)}
    assert {a.assigned_by_id for a in ada} == {manager_id}
    assert learning.assignments(people["cai"]) == []  # Estates
    assert learning.assignments(people["dee"]) == []  # another trust, though a nurse
    assert "Assigned" in manager.get(reverse("workforce:staff")).content.decode()

    manager.post(reverse("workforce:enrol"), _choices(confirm="yes"))  # confirmed twice: nothing new
    assert len(learning.assignments(people["ada"])) == len(ada)


@pytest.mark.django_db
def test_bad_choices_are_named_and_nothing_is_assigned(loaded_starter: Any) -> None:
    people = _staff()
    manager, _ = _manager("ZZ1")
    zz201 = organisations.organisations_by_code(["ZZ201"])["ZZ201"].id
    cases = {
        "Choose at least one module or session": _choices(modules=[]),
        "Due date must be a real date": _choices(due_day="31", due_month="2"),
        "Due date must be today or in the future": _choices(due_year="2001"),
        "Select a valid choice": _choices(organisation=str(zz201)),  # outside their trust
    }
    for message, data in cases.items():
        response = manager.post(reverse("workforce:enrol"), data | {"confirm": "yes"})
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert all(learning.assignments(p) == [] for p in people.values())


@pytest.mark.django_db
def test_a_licence_short_of_seats_assigns_nobody(loaded_starter: Any) -> None:
    load_sample_registry()
    organisations.save_licence(
        organisation_code="L-NSU",
        programme_keys=["leadership-for-clinicians"],
        seats=1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2099, 12, 31),
    )
    nsu = organisations.organisations_by_code(["L-NSU"])["L-NSU"].id
    students = [make_learner(f"student{n}@nsu.example").pk for n in range(2)]
    organisations.record_employments([organisations.EmploymentRow(s, nsu, "Tutor", "Education") for s in students])
    manager, _ = _manager("L-NSU")
    response = manager.post(reverse("workforce:enrol"), _choices(staff_group="", confirm="yes"))
    assert response.status_code == 409
    assert "Only 1 seat left" in response.content.decode()
    assert all(learning.assignments(s) == [] for s in students)
