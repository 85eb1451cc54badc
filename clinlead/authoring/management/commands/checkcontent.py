from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinlead.authoring.api import FLESCH_FLOOR, Guessability, guessability, read_content, session_stats


class Command(BaseCommand):
    help = "Check programme content files and print every problem as path:line: message."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="content/ or one programme folder inside it")
        parser.add_argument(
            "--stats", action="store_true", help="also print pages, words, exercises and readability for each session"
        )

    def handle(self, *args: Any, folder: Path, stats: bool = False, **options: Any) -> None:
        result = read_content(folder)
        if stats:
            self._print_stats(result.programmes)
        for problem in result.problems:
            self.stderr.write(str(problem))
        if not result.ok:
            raise CommandError(f"{len(result.problems)} problem(s) found in {folder}")
        sessions = sum(len(programme.sessions) for programme in result.programmes)
        self.stdout.write(f"{folder}: {len(result.programmes)} programme(s), {sessions} session(s), no problems")

    def _print_stats(self, programmes: Any) -> None:
        header = f"{'session':45} {'pages':>5} {'min':>4} {'words':>6} {'marked':>6} {'reflect':>7} {'flesch':>6}"
        for programme in programmes:
            self.stdout.write(f"{programme.key}\n{header}")
            rows = [session_stats(session) for session in programme.sessions]
            for row in rows:
                flag = f"  below {FLESCH_FLOOR:.0f}: rewrite in plainer English" if row.below_floor else ""
                self.stdout.write(
                    f"{row.key:45} {row.pages:>5} {row.minutes:>4} {row.words:>6} {row.marked_exercises:>6} "
                    f"{row.reflections:>7} {row.flesch_reading_ease:>6.1f}{flag}"
                )
            if rows:
                mean = sum(row.flesch_reading_ease for row in rows) / len(rows)
                self.stdout.write(f"{len(rows)} sessions; mean Flesch reading ease {mean:.1f}")
            self._print_guessability(programme)

    def _print_guessability(self, programme: Any) -> None:
        """Per session and overall: is the right single-choice answer the longest, where does it sit, and
        what share of multiple-choice options are right (limits in clinlead/authoring/stats.py)."""
        self.stdout.write(f"\n{'session':45} {'single':>6} {'longest':>7} {'position':>12} {'multi':>5} {'right':>9}")
        overall = Guessability()
        for session in programme.sessions:
            figures = guessability(session)
            overall += figures
            self.stdout.write(self._guess_row(session.key, figures))
        self.stdout.write(self._guess_row("overall", overall))
        for problem in overall.problems():
            self.stdout.write(f"  over the limit: {problem}")

    @staticmethod
    def _guess_row(name: str, figures: Guessability) -> str:
        positions = "/".join(str(count) for count in figures.right_positions) or "-"
        return (
            f"{name:45} {figures.single_choice:>6} {figures.longest_right_share:>7.0%} {positions:>12} "
            f"{figures.multiple_choice:>5} {figures.multiple_right:>4}/{figures.multiple_options:<4}"
        )
