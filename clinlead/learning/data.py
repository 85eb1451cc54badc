"""Plain data in and out of `learning`."""

import datetime
from dataclasses import dataclass
from typing import Any

from clinlead.content.data import CompletionRule


@dataclass(frozen=True)
class SessionShape:
    """Which session version a learner is in, and the rule for completing it.

    Whoever records learning (the player today; an LMS launch or an import later) passes it in from the
    catalogue's `PlayableSession.completion_rule`: learning never reads the catalogue itself.
    """

    programme_key: str
    session_key: str
    version: int
    rule: CompletionRule

    @property
    def page_count(self) -> int:
        return self.rule.page_count


@dataclass(frozen=True)
class ProgressData:
    programme_key: str
    session_key: str
    version: int
    status: str  # "in-progress" or "completed"
    current_page: int
    page_count: int  # of the version the learner is in
    pages_viewed: tuple[int, ...]
    percent: int
    seconds_spent: int
    score_percent: int | None
    last_activity_at: datetime.datetime
    started_at: datetime.datetime
    completed_at: datetime.datetime | None = None


@dataclass(frozen=True)
class EnrolmentData:
    """A programme (session_key "") or one of its sessions in a learner's My learning."""

    programme_key: str
    session_key: str
    enrolled_at: datetime.datetime

    @property
    def whole_programme(self) -> bool:
        return not self.session_key


@dataclass(frozen=True)
class CompletionData:
    uuid: str
    user_id: int
    programme_key: str
    session_key: str
    version: int
    completed_at: datetime.datetime
    seconds_spent: int
    score_percent: int | None


@dataclass(frozen=True)
class RecordResult:
    """What a write changed: the learner's progress now, and the completion if this write made it."""

    progress: ProgressData
    new_completion: CompletionData | None


@dataclass(frozen=True)
class AnswerRecord:
    exercise_key: str
    answer: dict[str, Any]
    correct: bool | None
    attempts: int
