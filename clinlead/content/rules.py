"""The rule for completing a session version, in one place for every route to a completion.

A learner completes a session when they have seen every page, answered every required exercise, and (if
the session sets a pass mark) answered at least that percentage of its marked exercises correctly.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - types only
    from .data import Page


@dataclass(frozen=True)
class CompletionRule:
    page_count: int
    required_exercise_keys: frozenset[str]
    marked_exercise_keys: frozenset[str]
    pass_mark: int | None = None  # percent of marked exercises answered correctly, when the session sets one

    @classmethod
    def of(cls, pages: Iterable["Page"], pass_mark: int | None) -> "CompletionRule":
        """The rule for a session version made of these pages."""
        pages = tuple(pages)
        exercises = [exercise for page in pages for exercise in page.exercises]
        return cls(
            page_count=len(pages),
            required_exercise_keys=frozenset(e.key for e in exercises if e.required),
            marked_exercise_keys=frozenset(e.key for e in exercises if e.marked),
            pass_mark=pass_mark,
        )

    def score_percent(self, correct_by_exercise: Mapping[str, bool | None]) -> int | None:
        """Percent of the marked exercises answered correctly (unanswered ones count as wrong); None if none."""
        if not self.marked_exercise_keys:
            return None
        right = sum(1 for key in self.marked_exercise_keys if correct_by_exercise.get(key))
        return round(100 * right / len(self.marked_exercise_keys))

    def passed(self, score_percent: int | None) -> bool:
        """Whether a score reaches the pass mark; always, when the session sets none."""
        return self.pass_mark is None or (score_percent or 0) >= self.pass_mark

    def is_met(self, pages_viewed: Collection[int], answered: Collection[str], score_percent: int | None) -> bool:
        """Every page seen, every required exercise answered, and the pass mark reached."""
        all_pages = len(set(pages_viewed)) >= self.page_count
        all_required = self.required_exercise_keys <= set(answered)
        return all_pages and all_required and self.passed(score_percent)
