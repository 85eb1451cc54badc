"""The one place that writes learning records. Every write is one transaction, safe to replay, takes
its locks in the order written in locking.py, and runs again if the database aborts it for a deadlock.

Time follows one rule (docs/decisions/0010): a page view is credited at most the wall-clock time
from its start to the start of the learner's next view, in any session, or to now; and never more
than MAX_SECONDS_PER_VIEW. Whatever a browser claims, one learner's time cannot add up to more
than the real time that passed.
"""

import datetime
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .data import RecordResult, SessionShape
from .events import completion_recorded
from .locking import lock_learner, retry_on_conflict
from .models import Answer, Completion, Enrolment, Learner, PageView, SessionProgress
from .queries import completion_data, progress_data

# Time on a page is only believed up to this: a tab left open overnight is not learning.
MAX_SECONDS_PER_VIEW = 30 * 60


@retry_on_conflict
def enrol(user_id: int, programme_key: str, session_key: str = "") -> None:
    """Add a programme, or one session of it, to the learner's My learning; enrolling twice changes nothing."""
    with transaction.atomic():
        lock_learner(user_id)
        _enrol_locked(user_id, programme_key, session_key)


def _enrol_locked(user_id: int, programme_key: str, session_key: str) -> None:
    try:
        with transaction.atomic():
            Enrolment.objects.get_or_create(user_id=user_id, programme_key=programme_key, session_key=session_key)
    except IntegrityError:  # enrolled by a write that committed after our read: the same outcome
        pass


def _progress_for_update(user_id: int, shape: SessionShape) -> SessionProgress:
    """Lock 2: the learner's summary row for the session, created on first use (which enrols them in that
    session, not in its whole programme: a learner adds a whole programme only by choosing to)."""
    lookup = {"user_id": user_id, "programme_key": shape.programme_key, "session_key": shape.session_key}
    progress = SessionProgress.objects.select_for_update().filter(**lookup).first()
    if progress is not None:
        return progress
    _enrol_locked(user_id, shape.programme_key, shape.session_key)
    return SessionProgress.objects.create(
        **lookup, version=shape.version, page_count=shape.page_count, last_activity_at=timezone.now()
    )


def _switch_version_if_needed(progress: SessionProgress, shape: SessionShape) -> None:
    """A learner who starts a newer version begins its pages afresh; time and completion carry over."""
    if progress.version != shape.version:
        progress.version = shape.version
        progress.page_count = shape.page_count
        progress.pages_viewed = []
        progress.current_page = 1


@retry_on_conflict
def record_page_view(user_id: int, shape: SessionShape, page_number: int) -> tuple[uuid.UUID, RecordResult]:
    """A learner opened a page: remember it for resume and progress. Returns the view's id for time beacons."""
    with transaction.atomic():
        lock_learner(user_id)
        progress = _progress_for_update(user_id, shape)
        _switch_version_if_needed(progress, shape)
        now = timezone.now()
        _close_previous_view_without_time(user_id, shape, progress, now)
        view = PageView.objects.create(
            user_id=user_id,
            programme_key=shape.programme_key,
            session_key=shape.session_key,
            version=shape.version,
            page_number=page_number,
            viewed_at=now,
        )
        progress.pages_viewed = sorted({*progress.pages_viewed, page_number})
        progress.current_page = page_number
        progress.last_activity_at = now
        result = _save_and_maybe_complete(user_id, progress, shape)
    return view.view_id, result


def _close_previous_view_without_time(
    user_id: int, shape: SessionShape, progress: SessionProgress, now: datetime.datetime
) -> None:
    """Without JavaScript no beacon reports time, so the gap until the next page of the same session
    stands in for it. The learner's latest view in any session is the one that ends now."""
    previous = PageView.objects.filter(user_id=user_id).order_by("-viewed_at", "-pk").first()
    if previous is None or previous.seconds:
        return
    if (previous.programme_key, previous.session_key) != (shape.programme_key, shape.session_key):
        return  # the learner went elsewhere in between: the gap is not time on that page
    _add_time(previous, _seconds_allowed(previous, now), progress)


@retry_on_conflict
def record_time(user_id: int, shape_key: tuple[str, str, int], view_id: uuid.UUID, seconds: int) -> bool:
    """Seconds a page has been on screen so far in one view of the session (programme, session, version).

    Only growth counts, so replays change nothing; the time rule caps what is believed. False if the
    view is not this learner's view of this session version.
    """
    programme_key, session_key, version = shape_key
    claimed = max(int(seconds), 0)
    with transaction.atomic():
        lock_learner(user_id)
        view = PageView.objects.filter(
            view_id=view_id, user_id=user_id, programme_key=programme_key, session_key=session_key, version=version
        ).first()
        if view is None:
            return False
        _add_time(view, min(claimed, _seconds_allowed(view, timezone.now())))
    return True


def _seconds_allowed(view: PageView, now: datetime.datetime) -> int:
    """The most time this view can be credited: until the learner's next view began, or until now."""
    next_start = (
        PageView.objects.filter(user_id=view.user_id)
        .filter(Q(viewed_at__gt=view.viewed_at) | Q(viewed_at=view.viewed_at, pk__gt=view.pk))
        .order_by("viewed_at", "pk")
        .values_list("viewed_at", flat=True)
        .first()
    )
    end = min(now, next_start) if next_start is not None else now
    elapsed = int((end - view.viewed_at).total_seconds())  # whole seconds, rounded down
    return min(max(elapsed, 0), MAX_SECONDS_PER_VIEW)


def _add_time(view: PageView, seconds: int, progress: SessionProgress | None = None) -> None:
    """Raise a view's time to `seconds` (never lower it), adding the growth to the session's total."""
    delta = seconds - view.seconds
    if delta <= 0:
        return
    # Lock order: the progress row (2) before the view (3).
    SessionProgress.objects.filter(
        user_id=view.user_id, programme_key=view.programme_key, session_key=view.session_key
    ).update(seconds_spent=F("seconds_spent") + delta)
    PageView.objects.filter(pk=view.pk).update(seconds=seconds)
    view.seconds = seconds
    if progress is not None:
        progress.seconds_spent += delta


@retry_on_conflict
def record_answer(
    user_id: int, shape: SessionShape, exercise_key: str, answer: dict[str, Any], correct: bool | None
) -> RecordResult:
    """The learner's answer replaces any earlier one for the same exercise and version."""
    with transaction.atomic():
        lock_learner(user_id)
        progress = _progress_for_update(user_id, shape)
        _switch_version_if_needed(progress, shape)
        now = timezone.now()
        lookup = {
            "user_id": user_id,
            "programme_key": shape.programme_key,
            "session_key": shape.session_key,
            "version": shape.version,
            "exercise_key": exercise_key,
        }
        existing = Answer.objects.filter(**lookup).first()
        if existing is None:
            Answer.objects.create(**lookup, answer=answer, correct=correct, answered_at=now)
        elif existing.answer != answer:  # the same answer posted twice is a replay, not a new attempt
            existing.answer, existing.correct, existing.answered_at = answer, correct, now
            existing.attempts += 1
            existing.save(update_fields=["answer", "correct", "answered_at", "attempts"])
        progress.last_activity_at = now
        return _save_and_maybe_complete(user_id, progress, shape)


def _save_and_maybe_complete(user_id: int, progress: SessionProgress, shape: SessionShape) -> RecordResult:
    answers = dict(
        Answer.objects.filter(
            user_id=user_id, programme_key=shape.programme_key, session_key=shape.session_key, version=shape.version
        ).values_list("exercise_key", "correct")
    )
    progress.score_percent = shape.rule.score_percent(answers)
    progress.save(
        update_fields=["version", "page_count", "pages_viewed", "current_page", "last_activity_at", "score_percent"]
    )
    new_completion = None
    completing = shape.rule.is_met(progress.pages_viewed, answers.keys(), progress.score_percent)
    if progress.status != SessionProgress.Status.COMPLETED and completing:
        new_completion = _complete(user_id, progress, shape)
    return RecordResult(progress_data(progress), completion_data(new_completion) if new_completion else None)


def _complete(user_id: int, progress: SessionProgress, shape: SessionShape) -> Completion | None:
    """Record the completion unless one exists, and tell subscribers in the same transaction.

    The learner's lock (1) makes this the only writer for them, so checking then inserting is safe;
    the unique constraint stays as the last line of defence.
    """
    if Completion.objects.filter(
        user_id=user_id, programme_key=shape.programme_key, session_key=shape.session_key
    ).exists():
        SessionProgress.objects.filter(pk=progress.pk).update(status=SessionProgress.Status.COMPLETED)
        progress.status = SessionProgress.Status.COMPLETED
        return None
    completion = Completion.objects.create(
        user_id=user_id,
        programme_key=shape.programme_key,
        session_key=shape.session_key,
        version=shape.version,
        completed_at=timezone.now(),
        seconds_spent=progress.seconds_spent,
        score_percent=progress.score_percent,
    )
    SessionProgress.objects.filter(pk=progress.pk).update(status=SessionProgress.Status.COMPLETED)
    progress.status = SessionProgress.Status.COMPLETED
    completion_recorded.send(sender=Completion, completion=completion_data(completion))
    return completion


@retry_on_conflict
def forget_learner(user_id: int) -> None:
    """Remove a learner's records but keep completions, without the person, for anonymous counts."""
    with transaction.atomic():
        lock_learner(user_id)
        Completion.objects.filter(user_id=user_id).update(user=None)
        for model in (Answer, PageView, SessionProgress, Enrolment):
            model.objects.filter(user_id=user_id).delete()
        Learner.objects.filter(user_id=user_id).delete()
