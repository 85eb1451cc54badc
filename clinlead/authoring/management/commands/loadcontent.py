from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.authoring.api import LoadError, load_content


class Command(BaseCommand):
    help = "Check programme content, then publish it to the catalogue in one transaction (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="content/ or one programme folder inside it")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        try:
            report = load_content(folder)
        except LoadError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"nothing was loaded: {len(error.problems)} problem(s) in {folder}") from error
        if not report.changed:
            self.stdout.write(f"{folder}: already up to date, nothing changed")
            return
        versions = ", ".join(report.new_versions) or "none"
        self.stdout.write(
            f"{folder}: loaded ({report.created} created, {report.updated} updated, "
            f"{report.deleted} removed; new session versions: {versions})"
        )
