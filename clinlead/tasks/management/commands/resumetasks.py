"""manage.py resumetasks: hand every unfinished run to the back end now (after an outage of Redis, for example)."""

from typing import Any

from django.core.management.base import BaseCommand

from clinlead.tasks.services import resume_unfinished


class Command(BaseCommand):
    help = (
        "Hand to the back end (TASKS_BACKEND) every run left queued, or left running by a process that is gone. "
        "Safe to repeat: a run handed on twice is run once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = resume_unfinished()
        self.stdout.write(f"Handed on {count} unfinished run(s).")
