"""manage.py sendreminders [--today YYYY-MM-DD]: email learners about assigned sessions due soon or overdue.

Run daily (the task queue schedules it); running it more often, or again after a failure, sends nothing twice.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.mylearning.api import send_due_reminders


class Command(BaseCommand):
    help = "Email learners about assigned sessions that are due soon or overdue; each reminder goes once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="the date to send for, as YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today {options['today']!r}: expected a date as YYYY-MM-DD") from error
        counts = send_due_reminders(today)
        self.stdout.write(f"Sent {counts.before} reminders before due dates and {counts.after} after them.")
