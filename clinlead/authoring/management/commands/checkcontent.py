from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.authoring.api import read_content


class Command(BaseCommand):
    help = "Check programme content files and print every problem as path:line: message."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="content/ or one programme folder inside it")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        result = read_content(folder)
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(f"{len(result.problems)} problem(s) found in {folder}")
        sessions = sum(len(programme.sessions) for programme in result.programmes)
        self.stdout.write(f"{folder}: {len(result.programmes)} programme(s), {sessions} session(s), no problems")
