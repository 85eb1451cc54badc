from typing import Any

from django.core.management.base import BaseCommand

from clinlead.reports.monthly import send_monthly_reports


class Command(BaseCommand):
    help = "Email each manager's monthly report (a CSV attachment) that has not been sent this month yet."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = send_monthly_reports()
        self.stdout.write(
            f"sent {counts.sent}, already sent this month {counts.already_sent}, no longer allowed {counts.not_allowed}"
        )
