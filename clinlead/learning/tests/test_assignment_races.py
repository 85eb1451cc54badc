"""Assignments released at the same instant (threads waiting on a barrier, each with its own connection): two
managers assigning the same people, and an assignment arriving while its learners enrol themselves. Each ends
with one enrolment per person and session, and nobody gets an error. This matters on PostgreSQL, which has row
locks and detects deadlocks; SQLite runs writers one at a time."""

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from clinlead.learning import api as learning
from clinlead.learning.models import Enrolment, Learner
from clinlead.learning.testing import released_together

pytestmark = pytest.mark.django_db(transaction=True)
P = "leadership"
DUE = datetime.date(2027, 3, 31)
ROUNDS = 10
SESSIONS = ["giving-feedback", "speaking-up"]


def people(count: int, prefix: str) -> list[int]:
    user_model: Any = get_user_model()
    user_model.objects.bulk_create([user_model(email=f"{prefix}{i}@nhs.net", password="!") for i in range(count)])
    return list(user_model.objects.filter(email__startswith=prefix).order_by("pk").values_list("pk", flat=True))


def one_enrolment_each(user_ids: list[int], sessions: list[str]) -> None:
    rows = list(Enrolment.objects.filter(user_id__in=user_ids).values_list("user_id", "session_key"))
    assert sorted(rows) == sorted((user_id, key) for user_id in user_ids for key in sessions)


def test_two_managers_assigning_the_same_people_at_once_make_one_enrolment_each() -> None:
    for round_number in range(ROUNDS):
        staff = people(300, f"round{round_number}-")
        # Some have written before (their Learner row exists), most have not: both of lock 1's paths race.
        for user_id in staff[::7]:
            learning.enrol(user_id, P, "something-else")
        first, second = released_together(
            partial(learning.assign, staff, P, SESSIONS, DUE, None, "Zeta Trust"),
            partial(learning.assign, staff[100:] + staff[:100], P, SESSIONS[::-1], DUE, None, "Zeta Trust"),
        )
        assert isinstance(first, learning.AssignResult), first
        assert isinstance(second, learning.AssignResult), second
        assert first.created + second.created == 600
        assert first.unchanged + second.unchanged == 600
        rows = list(Enrolment.objects.filter(user_id__in=staff, assigned_at__isnull=False).values_list("user_id"))
        assert len(rows) == 600
        assert Learner.objects.filter(user_id__in=staff).count() == 300


def test_an_assignment_racing_learners_adding_the_same_session_themselves_leaves_one_enrolment() -> None:
    for round_number in range(ROUNDS):
        staff = people(40, f"self{round_number}-")
        calls: list[Callable[[], object]] = [partial(learning.assign, staff, P, ["speaking-up"], DUE, None, "")]
        calls += [partial(learning.enrol, user_id, P, "speaking-up") for user_id in staff[:8]]
        results = released_together(*calls)
        assert [r for r in results if isinstance(r, BaseException)] == []
        one_enrolment_each(staff, ["speaking-up"])
        assert Enrolment.objects.filter(user_id__in=staff, due_on=DUE, assigned_at__isnull=False).count() == 40
