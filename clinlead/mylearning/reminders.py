"""Emails reminding learners of the sessions assigned to them: before the due date and after it (docs/decisions/
0023). `learning` decides who is due and records each reminder once; this module writes and sends the emails,
because it may ask the catalogue for titles and accounts for names, addresses and wording."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning
from clinlead.wording import date_in_words

WORDING = {"before": "mylearning/email/assignment_due_soon", "after": "mylearning/email/assignment_overdue"}


def _site(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _who(by: accounts.PersonData | None, assigned_for: str) -> str:
    """Who asked: "Pat Manager at Zeta Trust", "Pat Manager", "Zeta Trust" or "Your organisation"."""
    if by and assigned_for:
        return f"{by.name} at {assigned_for}"
    return by.name if by else (assigned_for or "Your organisation")


def send_batch(reminders: Sequence[learning.DueReminder]) -> None:
    """Email one batch of reminders (called by learning inside the transaction that records them): a fixed
    number of queries for the batch, and one connection to the mail server. A session no longer published is
    not mentioned: there is nothing to open."""
    people = accounts.people(sorted({r.user_id for r in reminders} | {r.assigned_by_id or 0 for r in reminders}))
    titles = catalogue.titles_of({r.programme_key for r in reminders})
    messages = []
    for reminder in reminders:
        learner, found = people.get(reminder.user_id), titles.get(reminder.programme_key)
        session = found.session_titles.get(reminder.session_key) if found else None
        if learner is None or found is None or session is None:
            continue
        by = people.get(reminder.assigned_by_id) if reminder.assigned_by_id else None
        context: dict[str, object] = {
            "who": _who(by, reminder.assigned_for),
            "session": session,
            "due": date_in_words(reminder.due_on),
            "play_url": _site(reverse("player:start", args=[reminder.programme_key, reminder.session_key])),
            "my_learning_url": _site(reverse("mylearning:index")),
        }
        messages.append(accounts.render_email(WORDING[reminder.kind], context, learner.email))
    get_connection().send_messages(messages)


def send_due_reminders(today: datetime.date | None = None) -> learning.ReminderCounts:
    """Send today's reminders about assigned sessions, each once however often this runs."""
    return learning.send_reminders_once(today, send_batch)
