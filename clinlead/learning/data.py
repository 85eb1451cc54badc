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
    # Set when a manager assigned it (0023); a learner's own choice has none of these.
    assigned_by_id: int | None = None
    assigned_at: datetime.datetime | None = None
    due_on: datetime.date | None = None
    assigned_for: str = ""

    @property
    def whole_programme(self) -> bool:
        return not self.session_key

    @property
    def assigned(self) -> bool:
        return self.assigned_at is not None


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


# Assigned learning (0023).


@dataclass(frozen=True)
class AssignResult:
    """What one `assign` changed, counted in enrolments (a person times a session)."""

    created: int  # new enrolments
    updated: int  # existing ones now assigned, or assigned with another due date, assigner or purpose
    unchanged: int  # already assigned exactly so
    missing_user_ids: tuple[int, ...]  # no such account (deleted, or never there): nothing assigned to them


@dataclass(frozen=True)
class AssignmentData:
    """A session assigned to a learner, with where they are in it. Titles and names are the caller's to find
    (learning knows sessions and people by key and id only)."""

    programme_key: str
    session_key: str
    assigned_by_id: int | None  # None if the assigner's account has since been deleted
    assigned_for: str
    assigned_at: datetime.datetime
    due_on: datetime.date | None
    status: str  # "not-started", "in-progress" or "completed"
    overdue: bool  # past its due date and not completed (today in the site's time zone)


@dataclass(frozen=True)
class DueReminder:
    """One reminder to send: the learner, the session and its due date; `kind` is "before" or "after" it."""

    kind: str
    user_id: int
    programme_key: str
    session_key: str
    due_on: datetime.date
    assigned_by_id: int | None
    assigned_for: str


@dataclass(frozen=True)
class ReminderCounts:
    before: int  # reminders sent ahead of a due date
    after: int  # reminders sent the day after (or later, when a day was missed) for sessions not completed


# A group's learning, for a trainer's cohort (issue 12, learning/group.py).
@dataclass(frozen=True)
class GroupProgress:
    user_id: int
    session_key: str
    status: str  # "in-progress" or "completed"


@dataclass(frozen=True)
class GroupAnswer:
    """A learner's latest answer to an exercise. `attempts` counts different answers given: one learner's second
    answer means their first was not the one they kept."""

    user_id: int
    session_key: str
    version: int
    exercise_key: str
    correct: bool | None  # None for a reflection
    attempts: int
    text: str  # a reflection's text; empty for marked exercises
    answered_at: datetime.datetime


@dataclass(frozen=True)
class ReflectionData:
    """A learner's reflection (an exercise never marked): their own words, where and when they wrote them."""

    programme_key: str
    session_key: str
    exercise_key: str
    text: str
    answered_at: datetime.datetime


@dataclass(frozen=True)
class RecordedCompletion:
    """A completion with the key it was recorded under (`id`, rising in the order completions were written), for
    feeds that hand completions out once each, in order (the Electronic Staff Record's export)."""

    id: int
    uuid: str
    user_id: int
    programme_key: str
    session_key: str
    version: int
    completed_at: datetime.datetime


# Managers' reports (issue 12, docs/decisions/0025).


@dataclass(frozen=True)
class ReportCompletion:
    """One completion as a report shows it; who it belongs to is the key it is filed under."""

    session_key: str
    completed_at: datetime.datetime
    seconds_spent: int
    score_percent: int | None


@dataclass(frozen=True)
class AssignmentCounts:
    """A learner's assignments among some sessions: how many, how many still due (by a date not yet past, or with
    no date), and how many overdue (past their due date and not completed)."""

    assigned: int
    due: int
    overdue: int
