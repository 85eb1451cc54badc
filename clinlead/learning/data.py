"""Plain data in and out of `learning`."""

import datetime
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SessionShape:
    """What learning needs to know about a session version to judge progress and completion.

    The player builds it from the catalogue; learning never reads the catalogue itself.
    """

    programme_key: str
    session_key: str
    version: int
    page_count: int
    required_exercise_keys: frozenset[str]
    marked_exercise_keys: frozenset[str]
    pass_mark: int | None = None  # percent of marked exercises answered correctly, when the session sets one


@dataclass(frozen=True)
class ProgressData:
    programme_key: str
    session_key: str
    version: int
    status: str  # "in-progress" or "completed"
    current_page: int
    pages_viewed: tuple[int, ...]
    percent: int
    seconds_spent: int
    score_percent: int | None
    last_activity_at: datetime.datetime
    started_at: datetime.datetime
    completed_at: datetime.datetime | None = None


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
