"""Reminder emails about assigned sessions: before the due date and after it, each once, to the learner alone,
never for a completed session; `manage.py sendreminders` sends them (docs/decisions/0023)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from clinlead.learning import api as learning
from clinlead.mylearning import api as mylearning
from tests.factories import make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
P = "leadership-for-clinicians"
DUE = datetime.date(2027, 3, 31)


def day(offset: int) -> datetime.date:
    return DUE + datetime.timedelta(days=offset)


def test_a_learner_is_reminded_a_week_before_and_the_day_after_once_each(loaded_starter: Path) -> None:
    manager = make_learner("pat.manager@nhs.net", name="Pat Manager")
    learner = make_learner("sam@nhs.net")
    learning.assign([learner.pk], P, ["working-within-teams"], DUE, manager.pk, "Zeta Trust")
    assert mylearning.send_due_reminders(day(-8)) == learning.ReminderCounts(before=0, after=0)
    assert mylearning.send_due_reminders(day(-7)) == learning.ReminderCounts(before=1, after=0)
    [soon] = mail.outbox
    assert soon.to == ["sam@nhs.net"]
    assert "A session assigned to you is due soon" in soon.subject
    body = " ".join(str(soon.body).split())
    assert "Pat Manager at Zeta Trust asked you to complete Working within teams" in body
    assert "by 31 March 2027" in body
    assert f"/programmes/{P}/sessions/working-within-teams/play/" in body
    assert "/my-learning/" in body
    html = soon.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Working within teams" in str(html)
    assert mylearning.send_due_reminders(day(-3)) == learning.ReminderCounts(before=0, after=0)
    assert mylearning.send_due_reminders(day(1)) == learning.ReminderCounts(before=0, after=1)
    assert mylearning.send_due_reminders(day(2)) == learning.ReminderCounts(before=0, after=0)
    assert len(mail.outbox) == 2
    assert "overdue" in mail.outbox[1].subject
    assert "That date has passed" in " ".join(str(mail.outbox[1].body).split())


def test_each_learner_gets_only_their_own_reminder(loaded_starter: Path) -> None:
    sam, alex = make_learner("sam@nhs.net"), make_learner("alex@nhs.net")
    learning.assign([sam.pk], P, ["working-within-teams"], DUE, None, "Zeta Trust")
    learning.assign([alex.pk], P, ["learning-from-incidents"], DUE, None, "")
    mylearning.send_due_reminders(day(-1))
    by_address = {message.to[0]: " ".join(str(message.body).split()) for message in mail.outbox}
    assert set(by_address) == {"sam@nhs.net", "alex@nhs.net"}
    assert "Zeta Trust asked you to complete Working within teams" in by_address["sam@nhs.net"]
    assert "Learning from incidents" not in by_address["sam@nhs.net"]
    assert "Your organisation asked you to complete Learning from incidents" in by_address["alex@nhs.net"]


def test_no_reminder_for_a_completed_session(loaded_example: Path) -> None:
    learner = make_learner()
    learning.assign([learner.pk], "example", ["speaking-up"], DUE, None, "Zeta Trust")
    play_everything(signed_in(learner))
    assert mylearning.send_due_reminders(day(-1)) == learning.ReminderCounts(before=0, after=0)
    assert mylearning.send_due_reminders(day(1)) == learning.ReminderCounts(before=0, after=0)
    assert mail.outbox == []


def test_the_command_sends_the_days_reminders_and_says_how_many(loaded_starter: Path) -> None:
    learner = make_learner()
    learning.assign([learner.pk], P, ["working-within-teams", "learning-from-incidents"], DUE, None)
    out = io.StringIO()
    call_command("sendreminders", "--today", day(2).isoformat(), stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminders before due dates and 2 after them."
    assert len(mail.outbox) == 2
    call_command("sendreminders", "--today", day(2).isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 2


def test_the_command_names_a_date_it_cannot_read() -> None:
    with pytest.raises(CommandError, match="'31/03/2027': expected a date as YYYY-MM-DD"):
        call_command("sendreminders", "--today", "31/03/2027")
