"""The daily reminders about due dates (docs/decisions/0023), run by the task queue (docs/decisions/0021): on
Celery beat in production, on the web process's scheduler thread otherwise. `manage.py sendreminders` does the
same by hand; each reminder goes once however often either runs."""

import datetime
from typing import Any

from clinlead.tasks import api as tasks

from .reminders import send_due_reminders

SEND_DUE_REMINDERS = "mylearning.send-due-reminders"


@tasks.task(SEND_DUE_REMINDERS, retries=2)
def send_reminders(progress: tasks.Progress) -> dict[str, Any]:
    counts = send_due_reminders()
    progress.report(1, 1, "Reminders sent")
    return {"before": counts.before, "after": counts.after}


# Early morning, so a reminder is waiting when people start their day.
tasks.every_day(SEND_DUE_REMINDERS, datetime.time(7, 0))
