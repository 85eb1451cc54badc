"""Reads of learning records, as plain data; each a fixed number of queries."""

import uuid
from collections.abc import Iterator
from typing import Any

from .data import AnswerRecord, CompletionData, EnrolmentData, ProgressData, ReflectionData
from .models import Answer, Completion, Enrolment, PageView, SessionProgress


def progress_data(progress: SessionProgress, completed_at: Any = None) -> ProgressData:
    return ProgressData(
        programme_key=progress.programme_key,
        session_key=progress.session_key,
        version=progress.version,
        status=progress.status,
        current_page=progress.current_page,
        page_count=progress.page_count,
        pages_viewed=tuple(progress.pages_viewed),
        percent=progress.percent,
        seconds_spent=progress.seconds_spent,
        score_percent=progress.score_percent,
        last_activity_at=progress.last_activity_at,
        started_at=progress.started_at,
        completed_at=completed_at,
    )


def completion_data(completion: Completion) -> CompletionData:
    return CompletionData(
        uuid=str(completion.uuid),
        user_id=completion.user_id or 0,
        programme_key=completion.programme_key,
        session_key=completion.session_key,
        version=completion.version,
        completed_at=completion.completed_at,
        seconds_spent=completion.seconds_spent,
        score_percent=completion.score_percent,
    )


def is_enrolled(user_id: int, programme_key: str) -> bool:
    """Whether the learner has the whole programme in My learning."""
    return Enrolment.objects.filter(user_id=user_id, programme_key=programme_key, session_key="").exists()


def enrolled_programmes(user_id: int) -> list[str]:
    """The keys of the programmes the learner has added whole, in the order they were enrolled."""
    return list(
        Enrolment.objects.filter(user_id=user_id, session_key="")
        .order_by("enrolled_at", "pk")
        .values_list("programme_key", flat=True)
    )


def enrolments(user_id: int) -> list[EnrolmentData]:
    """Everything the learner has added to My learning, whole programmes and single sessions, oldest first
    (one query)."""
    rows = Enrolment.objects.filter(user_id=user_id).order_by("enrolled_at", "pk")
    fields = ("programme_key", "session_key", "enrolled_at", "assigned_by_id", "assigned_at", "due_on", "assigned_for")
    return [EnrolmentData(*row) for row in rows.values_list(*fields)]


def in_my_learning(user_id: int, programme_key: str, session_key: str) -> bool:
    """Whether a session is in the learner's My learning: added alone, opened, or in a programme they added."""
    return Enrolment.objects.filter(
        user_id=user_id, programme_key=programme_key, session_key__in=("", session_key)
    ).exists()


def session_progress(user_id: int, programme_key: str, session_key: str) -> ProgressData | None:
    """Where the learner is in a session (any version) and when they completed it; None if never opened."""
    progress = SessionProgress.objects.filter(
        user_id=user_id, programme_key=programme_key, session_key=session_key
    ).first()
    if progress is None:
        return None
    completion = Completion.objects.filter(
        user_id=user_id, programme_key=programme_key, session_key=session_key
    ).first()
    return progress_data(progress, completion.completed_at if completion else None)


def programme_progress(user_id: int, programme_key: str) -> dict[str, ProgressData]:
    """Every session the learner has opened in a programme, by session key (two queries)."""
    completed = dict(
        Completion.objects.filter(user_id=user_id, programme_key=programme_key).values_list(
            "session_key", "completed_at"
        )
    )
    return {
        p.session_key: progress_data(p, completed.get(p.session_key))
        for p in SessionProgress.objects.filter(user_id=user_id, programme_key=programme_key)
    }


def answers(user_id: int, programme_key: str, session_key: str, version: int) -> dict[str, AnswerRecord]:
    """The learner's latest answer to each exercise of a session version, by exercise key."""
    rows = Answer.objects.filter(
        user_id=user_id, programme_key=programme_key, session_key=session_key, version=version
    ).values_list("exercise_key", "answer", "correct", "attempts")
    return {key: AnswerRecord(key, answer, correct, attempts) for key, answer, correct, attempts in rows}


def session_completion(user_id: int, programme_key: str, session_key: str) -> CompletionData | None:
    """The learner's completion of a session, whichever version they completed."""
    found = Completion.objects.filter(user_id=user_id, programme_key=programme_key, session_key=session_key).first()
    return completion_data(found) if found else None


def completions(user_id: int) -> list[CompletionData]:
    """The learner's completions, most recent first."""
    return [completion_data(c) for c in Completion.objects.filter(user_id=user_id).order_by("-completed_at")]


def completions_of_learners() -> Iterator[CompletionData]:
    """Every completion that still has its learner, oldest first, streamed from the database."""
    for found in Completion.objects.filter(user__isnull=False).order_by("pk").iterator(chunk_size=2000):
        yield completion_data(found)


def completion_count(programme_key: str, session_key: str) -> int:
    """How many learners have completed a session, deleted accounts included (their completions stay, unnamed)."""
    return Completion.objects.filter(programme_key=programme_key, session_key=session_key).count()


def completion(completion_uuid: uuid.UUID | str) -> CompletionData | None:
    """One completion by its uuid, whoever recorded it; None if there is none."""
    found = Completion.objects.filter(uuid=completion_uuid).first()
    return completion_data(found) if found else None


def activity(user_id: int) -> list[ProgressData]:
    """Every session the learner has opened, most recent first."""
    completed = {
        (programme_key, session_key): completed_at
        for programme_key, session_key, completed_at in Completion.objects.filter(user_id=user_id).values_list(
            "programme_key", "session_key", "completed_at"
        )
    }
    rows = SessionProgress.objects.filter(user_id=user_id).order_by("-last_activity_at")
    return [progress_data(p, completed.get((p.programme_key, p.session_key))) for p in rows]


def export(user_id: int) -> dict[str, Any]:
    """Everything learning holds about a learner, for their own download."""

    def rows(model: Any, *fields: str) -> list[dict[str, Any]]:
        return [
            {
                k: (str(v) if not isinstance(v, (int, float, str, bool, list, dict, type(None))) else v)
                for k, v in r.items()
            }
            for r in model.objects.filter(user_id=user_id).values(*fields)
        ]

    return {
        "enrolments": rows(
            Enrolment, "programme_key", "session_key", "enrolled_at", "assigned_at", "due_on", "assigned_for"
        ),
        "progress": rows(
            SessionProgress,
            "programme_key",
            "session_key",
            "version",
            "status",
            "current_page",
            "pages_viewed",
            "seconds_spent",
            "score_percent",
            "started_at",
            "last_activity_at",
        ),
        "page_views": rows(PageView, "programme_key", "session_key", "version", "page_number", "viewed_at", "seconds"),
        "answers": rows(
            Answer,
            "programme_key",
            "session_key",
            "version",
            "exercise_key",
            "answer",
            "correct",
            "attempts",
            "answered_at",
        ),
        "completions": rows(
            Completion,
            "uuid",
            "programme_key",
            "session_key",
            "version",
            "completed_at",
            "seconds_spent",
            "score_percent",
        ),
    }


def reflections(user_id: int) -> list[ReflectionData]:
    """The learner's reflections (latest words per exercise and version), most recent first (one query).
    Reflections are the answers never marked: `correct` is empty and the answer holds their text."""
    rows = (
        Answer.objects.filter(user_id=user_id, correct__isnull=True, answer__has_key="text")
        .order_by("-answered_at", "-pk")
        .values_list("programme_key", "session_key", "exercise_key", "answer", "answered_at")
    )
    return [ReflectionData(p, s, e, str(answer["text"]), at) for p, s, e, answer, at in rows]
