"""The one door into `learning`: record what a learner does, and read it back as plain data."""

from .data import AnswerRecord, CompletionData, EnrolmentData, ProgressData, RecordResult, SessionShape
from .events import completion_recorded
from .queries import (
    activity,
    answers,
    completion,
    completion_count,
    completions,
    completions_of_learners,
    enrolled_programmes,
    enrolments,
    export,
    in_my_learning,
    is_enrolled,
    programme_progress,
    session_completion,
    session_progress,
)
from .services import enrol, forget_learner, record_answer, record_page_view, record_time

__all__ = [
    "AnswerRecord",
    "CompletionData",
    "EnrolmentData",
    "ProgressData",
    "RecordResult",
    "SessionShape",
    "activity",
    "answers",
    "completion",
    "completion_count",
    "completion_recorded",
    "completions",
    "completions_of_learners",
    "enrol",
    "enrolled_programmes",
    "enrolments",
    "export",
    "forget_learner",
    "in_my_learning",
    "is_enrolled",
    "programme_progress",
    "record_answer",
    "record_page_view",
    "record_time",
    "session_completion",
    "session_progress",
]

# Assigned learning and its reminders (issue 10, docs/decisions/0023).
from .assignments import assign, assignment_status, assignments
from .data import (
    AssignmentCounts,
    AssignmentData,
    AssignResult,
    DueReminder,
    GroupAnswer,
    GroupProgress,
    ReminderCounts,
    ReportCompletion,
)
from .group import group_answers, group_progress  # a group's learning, for trainers' cohorts (issue 12)
from .reminders import send_reminders_once
from .reports import assignment_counts, assignments_of, completion_counts, completions_of

__all__ += [
    "AssignResult",
    "AssignmentData",
    "DueReminder",
    "ReminderCounts",
    "assign",
    "assignment_status",
    "assignments",
    "send_reminders_once",
]

# A group's learning, for trainers' cohorts (issue 12).
__all__ += ["GroupAnswer", "GroupProgress", "group_answers", "group_progress"]
from .assignments import unassign  # noqa: E402  # a cohort deleted withdraws what it assigned

__all__ += ["unassign"]
# Records shared by permission (issue 12, docs/decisions/0027): a learner's reflections, when they share them.
from .data import ReflectionData  # noqa: E402
from .queries import reflections  # noqa: E402

__all__ += ["ReflectionData", "reflections"]
# Completions in recorded order, for the Electronic Staff Record's export (issue 12, docs/decisions/0028).
from .data import RecordedCompletion  # noqa: E402
from .feed import recorded_completions, recorded_completions_by_uuid  # noqa: E402

__all__ += ["RecordedCompletion", "recorded_completions", "recorded_completions_by_uuid"]
# Managers' reports (issue 12, docs/decisions/0025): many learners at once, one query each (imported above).
__all__ += [
    "AssignmentCounts",
    "ReportCompletion",
    "assignment_counts",
    "assignments_of",
    "completion_counts",
    "completions_of",
]
