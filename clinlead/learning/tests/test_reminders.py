"""Reminders about assigned sessions: before the due date (REMINDER_DAYS_BEFORE_DUE days, 7 unless set) and after
it, each once, never for a completed session, and none lost when sending fails (docs/decisions/0023)."""

import datetime
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pytest
from django.test import override_settings

from clinlead.learning import api as learning
from clinlead.learning.models import ReminderSent
from clinlead.learning.testing import released_together
from tests.factories import make_learner, play_everything, signed_in

from .test_assignments import people

DUE = datetime.date(2027, 3, 31)


class Outbox:
    def __init__(self) -> None:
        self.sent: list[learning.DueReminder] = []

    def __call__(self, reminders: Sequence[learning.DueReminder]) -> None:
        self.sent.extend(reminders)

    def run(self, today: datetime.date) -> learning.ReminderCounts:
        return learning.send_reminders_once(today, self)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


@pytest.mark.django_db
def test_a_reminder_goes_seven_days_before_the_due_date_and_once_only() -> None:
    manager, learner = people(2)
    learning.assign([learner], "p", ["s"], DUE, manager, "Zeta Trust")
    outbox = Outbox()
    assert outbox.run(day(-8)) == learning.ReminderCounts(before=0, after=0)
    assert outbox.run(day(-7)) == learning.ReminderCounts(before=1, after=0)
    assert outbox.sent == [learning.DueReminder("before", learner, "p", "s", DUE, manager, "Zeta Trust")]
    for offset in (-7, -6, 0):
        assert outbox.run(day(offset)) == learning.ReminderCounts(before=0, after=0)
    assert len(outbox.sent) == 1


@pytest.mark.django_db
def test_a_reminder_goes_the_day_after_the_due_date_once_and_a_missed_day_is_caught_up() -> None:
    [learner] = people(1)
    learning.assign([learner], "p", ["s"], DUE, None)
    outbox = Outbox()
    assert outbox.run(day(0)) == learning.ReminderCounts(before=1, after=0)  # due today: still "before"
    assert outbox.run(day(3)) == learning.ReminderCounts(before=0, after=1)  # days 1 and 2 were missed
    assert outbox.run(day(4)).after == 0
    assert [r.kind for r in outbox.sent] == ["before", "after"]


@pytest.mark.django_db
def test_no_reminder_for_a_completed_session_nor_for_learning_nobody_assigned(loaded_example: Path) -> None:
    done = make_learner()
    play_everything(signed_in(done))  # completes example's speaking-up
    [waiting] = people(1)
    learning.assign([done.pk, waiting], "example", ["speaking-up"], DUE, None)
    learning.enrol(waiting, "example", "chosen-by-the-learner")
    outbox = Outbox()
    outbox.run(day(-1))
    outbox.run(day(1))
    assert [(r.user_id, r.kind) for r in outbox.sent] == [(waiting, "before"), (waiting, "after")]


@pytest.mark.django_db
@override_settings(REMINDER_DAYS_BEFORE_DUE=2)
def test_the_days_before_are_a_setting() -> None:
    [learner] = people(1)
    learning.assign([learner], "p", ["s"], DUE, None)
    outbox = Outbox()
    assert outbox.run(day(-3)).before == 0
    assert outbox.run(day(-2)).before == 1


@pytest.mark.django_db
def test_a_failure_while_sending_records_nothing_and_the_next_run_sends_them() -> None:
    staff = people(3)
    learning.assign(staff, "p", ["s"], DUE, None)

    def broken(reminders: Sequence[learning.DueReminder]) -> None:
        raise ConnectionError("the mail server is down")

    with pytest.raises(ConnectionError):
        learning.send_reminders_once(day(-1), broken)
    assert not ReminderSent.objects.exists()
    outbox = Outbox()
    assert outbox.run(day(-1)).before == 3


@pytest.mark.django_db
def test_many_reminders_go_in_batches_each_once() -> None:
    staff = people(1100)
    learning.assign(staff, "p", ["s", "t"], DUE, None)
    outbox = Outbox()
    assert outbox.run(day(-1)).before == 2200
    assert len({(r.user_id, r.session_key) for r in outbox.sent}) == 2200
    assert outbox.run(day(-1)).before == 0


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once() -> None:
    staff = people(600)
    learning.assign(staff, "p", ["s"], DUE, None)
    outboxes = [Outbox() for _ in range(3)]
    results = released_together(*[partial(outbox.run, day(1)) for outbox in outboxes])
    assert [r for r in results if isinstance(r, BaseException)] == []
    sent = [r.user_id for outbox in outboxes for r in outbox.sent]
    assert sorted(sent) == sorted(staff)
    assert ReminderSent.objects.filter(kind="after").count() == 600
