"""What a group of learners did in some sessions, for a trainer's cohort page (issue 12): each read is one
`.values()` query, whatever the number of people."""

from collections.abc import Sequence

from .bulk import ids_in
from .data import GroupAnswer, GroupProgress
from .models import Answer, Completion, SessionProgress


def group_progress(user_ids: Sequence[int], programme_key: str, session_keys: Sequence[str]) -> list[GroupProgress]:
    """Where each of these people is in each of these sessions that they have started or completed (two queries);
    a pair missing from the answer has not been started."""
    if not user_ids or not session_keys:
        return []
    people = ids_in(sorted(set(user_ids)))
    completed = set(
        Completion.objects.filter(
            user_id__in=people, programme_key=programme_key, session_key__in=list(session_keys)
        ).values_list("user_id", "session_key")
    )
    started = SessionProgress.objects.filter(
        user_id__in=people, programme_key=programme_key, session_key__in=list(session_keys)
    ).values_list("user_id", "session_key")
    found = {pair: "in-progress" for pair in started} | dict.fromkeys(completed, "completed")
    return [GroupProgress(user_id, session_key, status) for (user_id, session_key), status in sorted(found.items())]


def group_answers(
    user_ids: Sequence[int], programme_key: str, session_keys: Sequence[str], *, reflections: bool = False
) -> list[GroupAnswer]:
    """The latest answer of each of these people to each exercise of these sessions (every version), one query.
    Marked exercises only, or (reflections=True) reflections only, with their text."""
    if not user_ids or not session_keys:
        return []
    rows = Answer.objects.filter(
        user_id__in=ids_in(sorted(set(user_ids))),
        programme_key=programme_key,
        session_key__in=list(session_keys),
        correct__isnull=reflections,
    ).order_by("session_key", "exercise_key", "user_id", "version")
    return [
        GroupAnswer(
            user_id=user_id,
            session_key=session_key,
            version=version,
            exercise_key=exercise_key,
            correct=correct,
            attempts=attempts,
            text=str(answer.get("text", "")) if reflections and isinstance(answer, dict) else "",
            answered_at=answered_at,
        )
        for user_id, session_key, version, exercise_key, correct, attempts, answer, answered_at in rows.values_list(
            "user_id", "session_key", "version", "exercise_key", "correct", "attempts", "answer", "answered_at"
        )
    ]
