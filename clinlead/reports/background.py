"""The monthly reports by email (docs/decisions/0025), run by the task queue (docs/decisions/0021): on Celery beat in
production, on the web process's scheduler thread otherwise. It runs every day and sends only what has not gone
this month, so the report goes on the first day of the month, or on the first day after that the queue was
running. `manage.py send_monthly_reports` does the same by hand."""

import datetime
from typing import Any

from clinlead.tasks import api as tasks

from .monthly import send_monthly_reports

SEND_MONTHLY_REPORTS = "reports.send-monthly-reports"


@tasks.task(SEND_MONTHLY_REPORTS, retries=2)
def send_reports(progress: tasks.Progress) -> dict[str, Any]:
    counts = send_monthly_reports()
    progress.report(1, 1, "Monthly reports sent")
    return {"sent": counts.sent, "already_sent": counts.already_sent, "not_allowed": counts.not_allowed}


# Before the working day, and before the reminders at 07:00.
tasks.every_day(SEND_MONTHLY_REPORTS, datetime.time(6, 0))
