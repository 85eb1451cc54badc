"""Learning assigned by a manager: for a whole workforce in a fixed number of queries, idempotent, updated by a
changed due date, on top of a learner's own enrolment, and read back with status and overdue (docs/decisions/0023).
"""

import datetime
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinlead.content.data import CompletionRule
from clinlead.learning import api as learning
from clinlead.learning.models import Enrolment, ReminderSent
from tests.factories import make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
P = "leadership"
SESSIONS = ("giving-feedback", "speaking-up", "working-in-teams")
DUE = datetime.date(2027, 3, 31)


def people(count: int, prefix: str = "person") -> list[int]:
    """Accounts as a staff list makes them, in bulk (no password to hash)."""
    user_model: Any = get_user_model()
    user_model.objects.bulk_create([user_model(email=f"{prefix}{i}@nhs.net", password="!") for i in range(count)])
    return list(user_model.objects.filter(email__startswith=prefix).order_by("pk").values_list("pk", flat=True))


def shape(session_key: str, pages: int, programme_key: str = P) -> learning.SessionShape:
    return learning.SessionShape(programme_key, session_key, 1, CompletionRule(pages, frozenset(), frozenset()))


def queries_to_assign(user_ids: list[int], due_on: datetime.date = DUE) -> tuple[int, learning.AssignResult]:
    with CaptureQueriesContext(connection) as queries:
        result = learning.assign(user_ids, P, SESSIONS, due_on, assigned_by=None, assigned_for="Zeta Trust")
    return len(queries), result


def test_assigning_to_twelve_hundred_people_takes_as_many_queries_as_to_ten() -> None:
    few, many = people(10, "few"), people(1200, "many")
    few_queries, few_result = queries_to_assign(few)
    many_queries, many_result = queries_to_assign(many)
    assert (many_result.created, many_result.updated, many_result.unchanged) == (3600, 0, 0)
    assert few_result.created == 30
    assert many_queries == few_queries <= 10
    assert Enrolment.objects.filter(due_on=DUE, assigned_for="Zeta Trust").count() == 3630
    # Assigning again reads, finds everything as it should be, and writes nothing.
    again_queries, again = queries_to_assign(many)
    assert again == learning.AssignResult(created=0, updated=0, unchanged=3600, missing_user_ids=())
    assert again_queries <= many_queries


def test_the_same_assignment_twice_changes_nothing() -> None:
    manager, *staff = people(4)
    first = learning.assign(staff, P, SESSIONS[:2], DUE, manager, "Zeta Trust")
    before = list(Enrolment.objects.order_by("pk").values())
    second = learning.assign(reversed(staff), P, reversed(SESSIONS[:2]), DUE, manager, "Zeta Trust")
    assert (first.created, second.created, second.updated, second.unchanged) == (6, 0, 0, 6)
    assert list(Enrolment.objects.order_by("pk").values()) == before


def test_a_changed_due_date_updates_the_assignment_and_its_reminders_start_again() -> None:
    manager, learner, other = people(3)
    learning.assign([learner, other], P, SESSIONS[:1], DUE, manager, "Zeta Trust")
    enrolment = Enrolment.objects.get(user_id=learner)
    ReminderSent.objects.create(enrolment=enrolment, kind="before", sent_at=timezone.now(), run=uuid.uuid4())
    later = DUE + datetime.timedelta(days=30)
    result = learning.assign([learner], P, SESSIONS[:1], later, manager, "Zeta Trust")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    enrolment.refresh_from_db()
    assert enrolment.due_on == later
    assert not ReminderSent.objects.exists()  # the reminder was for the old date
    assert Enrolment.objects.get(user_id=other).due_on == DUE


def test_a_session_the_learner_added_themselves_becomes_assigned() -> None:
    manager, learner = people(2)
    learning.enrol(learner, P, SESSIONS[0])
    added_at = Enrolment.objects.get(user_id=learner).enrolled_at
    result = learning.assign([learner], P, SESSIONS[:1], DUE, manager, "Zeta Trust")
    assert (result.created, result.updated) == (0, 1)
    [enrolment] = learning.enrolments(learner)
    assert (enrolment.assigned, enrolment.assigned_by_id, enrolment.due_on) == (True, manager, DUE)
    assert enrolment.enrolled_at == added_at  # still in My learning since the learner added it


def test_people_without_an_account_are_named_and_nothing_is_assigned_to_them() -> None:
    [learner] = people(1)
    result = learning.assign([learner, 999_999, 999_998], P, SESSIONS[:1], DUE, None, "")
    assert result.missing_user_ids == (999_998, 999_999)
    assert result.created == 1
    assert not Enrolment.objects.filter(user_id__in=[999_998, 999_999]).exists()


def test_a_session_must_be_named() -> None:
    [learner] = people(1)
    with pytest.raises(ValueError, match="session key is missing"):
        learning.assign([learner], P, [""], DUE, None)


def test_assignments_say_who_assigned_what_for_whom_its_status_and_whether_it_is_overdue(
    loaded_example: Path,
) -> None:
    manager, someone_else = people(2)
    learner = make_learner()
    play_everything(signed_in(learner))  # completes example's speaking-up, with its certificate
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    learning.assign([learner.pk, someone_else], "example", ["speaking-up"], yesterday, manager, "Zeta Trust")
    learning.assign([learner.pk], "example", ["started", "untouched"], yesterday, manager, "Zeta Trust")
    learning.assign([learner.pk], "example", ["later"], DUE, manager, "Zeta Trust")
    learning.assign([learner.pk], "example", ["whenever"], None, manager, "Zeta Trust")
    learning.enrol(learner.pk, "example", "my-own-choice")
    learning.record_page_view(learner.pk, shape("started", 2, "example"), 1)
    found = learning.assignments(learner.pk)
    assert [(a.session_key, a.status, a.overdue) for a in found] == [
        ("speaking-up", "completed", False),
        ("started", "in-progress", True),
        ("untouched", "not-started", True),
        ("later", "not-started", False),
        ("whenever", "not-started", False),
    ]
    assert {(a.assigned_by_id, a.assigned_for) for a in found} == {(manager, "Zeta Trust")}
    assert [(a.status, a.overdue) for a in learning.assignments(someone_else)] == [("not-started", True)]


def test_assignment_status_tells_a_manager_who_has_completed_what_in_one_query(loaded_example: Path) -> None:
    staff = people(30)
    learner = make_learner()
    play_everything(signed_in(learner))
    sessions = ["speaking-up", "another"]
    learning.assign([learner.pk, *staff], "example", sessions, DUE, None)
    with CaptureQueriesContext(connection) as queries:
        status = learning.assignment_status([learner.pk, *staff], "example", sessions)
    assert len(queries) == 1
    assert status[learner.pk] == {"speaking-up": True, "another": False}
    assert status[staff[0]] == {"speaking-up": False, "another": False}
    assert sum(done for person in status.values() for done in person.values()) == 1


def test_deleting_a_learner_removes_their_assignments_and_reminders() -> None:
    manager, learner = people(2)
    learning.assign([learner], P, SESSIONS[:1], DUE, manager)
    enrolment = Enrolment.objects.get(user_id=learner)
    ReminderSent.objects.create(enrolment=enrolment, kind="before", sent_at=timezone.now(), run=uuid.uuid4())
    learning.forget_learner(learner)
    assert not Enrolment.objects.exists()
    assert not ReminderSent.objects.exists()
