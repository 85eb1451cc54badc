"""Issue the certificate of any completion that has none.

Since completions and certificates are written in one transaction (docs/decisions/0010) none can
be missing; this mends completions recorded by earlier releases, once, after upgrading. Running it
again changes nothing.
"""

from typing import Any

from django.core.management.base import BaseCommand

from clinlead.certificates import api


class Command(BaseCommand):
    help = "Issue the certificate of every completion that has none (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        issued = api.issue_missing()
        self.stdout.write(f"certificates: {issued} issued for completions that had none")
