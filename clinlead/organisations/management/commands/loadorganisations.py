from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.organisations.api import RegistryProblems, load_registry_file


class Command(BaseCommand):
    help = "Load or update the organisation registry from a CSV file in the ODS ets-style columns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            result = load_registry_file(path)
        except RegistryProblems as problems:
            raise CommandError(
                f"{path}: nothing loaded, {len(problems.problems)} problem(s):\n"
                + "\n".join(f"{path}: {p}" for p in problems.problems)
            ) from problems
        self.stdout.write(f"{path}: {result.created} created, {result.updated} updated, {result.unchanged} unchanged")
