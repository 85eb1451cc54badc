"""Licences and their seats: what a licence covers, the seat limit (all or none), seats released when a post ends,
expiry, bad input named by field, seat use by month, and two takes at once at the limit on PostgreSQL."""

import datetime
import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api
from clinlead.organisations.models import Seat
from clinlead.organisations.testing import employ, make_organisation, organisation_id

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _company_with_a_branch() -> None:
    make_organisation("L-CO", "Carewell Group")
    make_organisation("L-CO1", "Carewell Seaview", parent_code="L-CO")


def _licence(seats: int = 3, *, code: str = "L-CO", starts: datetime.date = TODAY, ends: datetime.date = TODAY) -> int:
    return api.save_licence(
        organisation_code=code,
        programme_keys=["example"],
        seats=seats,
        starts_on=starts - 30 * DAY,
        ends_on=ends + 30 * DAY,
        reference="PO-1",
    ).id


def _staff(count: int, code: str = "L-CO1") -> list[int]:
    people = [make_learner(f"person{n}@carewell.example").pk for n in range(count)]
    for person in people:
        employ(person, code)
    return people


@pytest.mark.django_db
def test_a_licence_covers_its_organisation_and_those_below_it_for_its_programmes() -> None:
    _company_with_a_branch()
    make_organisation("L-OTHER", "Other Care")
    _licence()
    (at_branch,) = _staff(1)
    elsewhere = make_learner("x@other.example").pk
    employ(elsewhere, "L-OTHER")

    assert api.licence_access(at_branch, "example").state == api.LicenceAccess.FREE
    assert api.licence_access(at_branch, "another-programme").state == api.LicenceAccess.NONE
    assert api.licence_access(elsewhere, "example").state == api.LicenceAccess.NONE
    held = api.take_seat(at_branch, "example")
    assert (held.state, held.organisation_name) == (api.LicenceAccess.HELD, "Carewell Group")
    assert api.take_seat(at_branch, "example") == held  # a second launch takes nothing more
    assert Seat.objects.filter(user_id=at_branch).count() == 1


@pytest.mark.django_db
def test_seats_are_taken_for_everyone_or_nobody_and_the_manager_is_told_how_many_are_left() -> None:
    _company_with_a_branch()
    licence_id = _licence(3)
    people = _staff(5)

    refused = api.take_seats(organisation_id("L-CO1"), "example", people)
    assert (refused.enough, refused.taken, refused.already_held, refused.seats_left) == (False, 0, 0, 3)
    assert refused.message == (
        "Only 3 seats left on Carewell Group's licence for example, and 5 of these people need one: nobody was "
        "given a seat. Choose 3 people or fewer, or ask a platform administrator for more seats."
    )
    assert not Seat.objects.exists()

    first = api.take_seats(organisation_id("L-CO1"), "example", people[:2])
    assert (first.enough, first.taken, first.already_held, first.seats_left) == (True, 2, 0, 1)
    again = api.take_seats(organisation_id("L-CO1"), "example", people[:3])
    assert (again.enough, again.taken, again.already_held, again.seats_left) == (True, 1, 2, 0)
    assert again.message == "1 seat taken (2 of these people held one already); 0 seats left."
    licence = api.licence(licence_id)
    assert licence is not None
    assert licence.seats_in_use == 3
    assert api.licence_access(people[4], "example").state == api.LicenceAccess.FULL
    assert api.take_seat(people[4], "example").state == api.LicenceAccess.FULL


@pytest.mark.django_db
def test_an_organisation_without_a_current_licence_gives_nobody_a_seat() -> None:
    _company_with_a_branch()
    _licence(3, ends=TODAY - 40 * DAY)  # ended ten days ago
    taken = api.take_seats(organisation_id("L-CO1"), "example", _staff(1))
    assert (taken.enough, taken.taken) == (False, 0)
    assert "Carewell Seaview has no current licence for example" in taken.message


@pytest.mark.django_db
def test_the_seat_is_released_when_the_employment_ends_and_another_can_take_it() -> None:
    _company_with_a_branch()
    licence_id = _licence(1)
    leaver, joiner = _staff(2)
    assert api.take_seat(leaver, "example").state == api.LicenceAccess.HELD
    assert api.licence_access(joiner, "example").state == api.LicenceAccess.FULL

    api.end_employment(leaver, organisation_id("L-CO1"), TODAY)
    assert Seat.objects.get(user_id=leaver).released_at is not None
    assert api.licence_access(joiner, "example").state == api.LicenceAccess.FREE
    assert api.take_seat(joiner, "example").state == api.LicenceAccess.HELD
    licence = api.licence(licence_id)
    assert licence is not None
    assert licence.seats_in_use == 1


@pytest.mark.django_db
def test_a_seat_is_kept_while_another_post_under_the_same_licence_lasts() -> None:
    _company_with_a_branch()
    make_organisation("L-CO2", "Carewell Hilltop", parent_code="L-CO")
    _licence(1)
    (person,) = _staff(1)
    employ(person, "L-CO2")
    api.take_seat(person, "example")
    api.end_employment(person, organisation_id("L-CO1"), TODAY)
    assert Seat.objects.get(user_id=person).released_at is None


@pytest.mark.django_db
def test_after_expiry_access_says_when_the_licence_ended() -> None:
    _company_with_a_branch()
    _licence(3)
    (person,) = _staff(1)
    api.take_seat(person, "example")
    after = TODAY + 31 * DAY
    expired = api.licence_access(person, "example", today=after)
    assert (expired.state, expired.ended_on, expired.allowed) == (api.LicenceAccess.EXPIRED, TODAY + 30 * DAY, False)
    assert api.take_seat(person, "example", today=after).state == api.LicenceAccess.EXPIRED


@pytest.mark.django_db
def test_licence_access_takes_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    _company_with_a_branch()
    for _ in range(4):
        _licence(2)
    people = _staff(9)
    api.take_seats(organisation_id("L-CO1"), "example", people[:8])
    with django_assert_max_num_queries(3):
        assert api.licence_access(people[5], "example").state == api.LicenceAccess.HELD
    with django_assert_max_num_queries(4):
        assert api.licence_access(people[8], "example").state == api.LicenceAccess.FULL


@pytest.mark.django_db
def test_every_field_of_a_bad_licence_is_named_and_nothing_is_saved() -> None:
    with pytest.raises(api.LicenceProblems) as raised:
        api.save_licence(
            organisation_code="NOPE",
            programme_keys=["Not A Key!"],
            seats=0,
            starts_on=TODAY,
            ends_on=TODAY - DAY,
            reference="x" * 101,
        )
    assert raised.value.errors == {
        "organisation_code": "There is no organisation with the code 'NOPE': enter an ODS code (such as RX1) or a "
        "local code (such as L-ELMS) from the registry",
        "programme_keys": "'Not A Key!' is not a programme key (lower-case letters, digits, hyphens)",
        "seats": "Enter a number of seats of 1 or more",
        "ends_on": "The end date must be the same as or after the start date",
        "reference": "Enter a reference of 100 characters or fewer (this one has 101)",
    }
    with pytest.raises(api.LicenceProblems) as raised:
        api.save_licence(organisation_code="", programme_keys=[], seats=1, starts_on=TODAY, ends_on=TODAY)
    assert set(raised.value.errors) == {"organisation_code", "programme_keys"}
    assert api.licences_in(api.Scope(True, ())) == []


@pytest.mark.django_db
def test_a_licence_cannot_shrink_below_the_seats_in_use() -> None:
    _company_with_a_branch()
    licence_id = _licence(3)
    api.take_seats(organisation_id("L-CO1"), "example", _staff(2))
    change = {"organisation_code": "l-co", "programme_keys": ["example"], "starts_on": TODAY, "ends_on": TODAY}
    with pytest.raises(api.LicenceProblems) as raised:
        api.save_licence(licence_id=licence_id, seats=1, **change)  # type: ignore[arg-type]
    assert raised.value.errors == {"seats": "2 people hold seats on this licence: enter 2 seats or more"}
    changed = api.save_licence(licence_id=licence_id, seats=2, **change)  # type: ignore[arg-type]
    assert (changed.seats, changed.ends_on, changed.organisation_code) == (2, TODAY, "L-CO")


@pytest.mark.django_db
def test_seat_use_by_month_counts_everyone_who_held_a_seat_in_the_month() -> None:
    _company_with_a_branch()
    licence = api.save_licence(
        organisation_code="L-CO",
        programme_keys=["example"],
        seats=5,
        starts_on=datetime.date(2026, 1, 15),
        ends_on=datetime.date(2026, 12, 31),
    )
    a, b, c = _staff(3)
    api.take_seats(organisation_id("L-CO1"), "example", [a, b, c])
    Seat.objects.filter(user_id=a).update(taken_at=at(2026, 1, 20), released_at=at(2026, 2, 3))
    Seat.objects.filter(user_id=b).update(taken_at=at(2026, 2, 10))
    Seat.objects.filter(user_id=c).update(taken_at=at(2026, 3, 31))
    assert api.seat_use_by_month(licence.id, today=datetime.date(2026, 4, 15)) == [
        (datetime.date(2026, 1, 1), 1),
        (datetime.date(2026, 2, 1), 2),  # a until the 3rd, b from the 10th
        (datetime.date(2026, 3, 1), 2),
        (datetime.date(2026, 4, 1), 2),
    ]
    after_the_end = api.seat_use_by_month(licence.id, today=datetime.date(2027, 6, 1))
    assert (len(after_the_end), after_the_end[-1]) == (12, (datetime.date(2026, 12, 1), 2))


def at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def _at_once(*calls: Any) -> list[Any]:
    """Run the calls in threads released together by a barrier; each has its own database connection."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = calls[index]()
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_takes_at_once_at_the_limit_never_exceed_the_seats() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time, so two takes cannot overlap there; PostgreSQL can")
    _company_with_a_branch()
    licence_id = _licence(4)
    people = _staff(8)
    branch = organisation_id("L-CO1")
    for _ in range(3):
        Seat.objects.all().delete()
        results = _at_once(
            lambda: api.take_seats(branch, "example", people[:3]),
            lambda: api.take_seats(branch, "example", people[3:6]),
        )
        assert sorted(r.enough for r in results) == [False, True]
        assert Seat.objects.filter(licence_id=licence_id, released_at__isnull=True).count() == 3
    Seat.objects.all().delete()
    api.take_seats(branch, "example", people[:3])
    launched = _at_once(lambda: api.take_seat(people[6], "example"), lambda: api.take_seat(people[7], "example"))
    assert sorted(r.state for r in launched) == [api.LicenceAccess.FULL, api.LicenceAccess.HELD]
    assert Seat.objects.filter(licence_id=licence_id, released_at__isnull=True).count() == 4
