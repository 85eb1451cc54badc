"""The one place that writes learning records. Every write is one transaction, and safe to replay."""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .data import RecordResult, SessionShape
from .models import Answer, Completion, Enrolment, PageView, SessionProgress
from .queries import completion_data, progress_data

# Time on a page is only believed up to this: a tab left open overnight is not learning.
MAX_SECONDS_PER_VIEW = 30 * 60


def enrol(user_id: int, programme_key: str) -> None:
    try:
        with transaction.atomic():
            Enrolment.objects.get_or_create(user_id=user_id, programme_key=programme_key)
    except IntegrityError:  # a concurrent request enrolled the learner first: same outcome
        pass


def _progress_for_update(user_id: int, shape: SessionShape) -> SessionProgress:
    """The learner's summary row, locked for this transaction, created on first use (which enrols them)."""
    lookup = {"user_id": user_id, "programme_key": shape.programme_key, "session_key": shape.session_key}
    progress = SessionProgress.objects.select_for_update().filter(**lookup).first()
    if progress is not None:
        return progress
    enrol(user_id, shape.programme_key)
    try:
        with transaction.atomic():
            return SessionProgress.objects.create(
                **lookup, version=shape.version, page_count=shape.page_count, last_activity_at=timezone.now()
            )
    except IntegrityError:  # created by a concurrent request between our read and our insert
        return SessionProgress.objects.select_for_update().get(**lookup)


def _switch_version_if_needed(progress: SessionProgress, shape: SessionShape) -> None:
    """A learner who starts a newer version begins its pages afresh; time and completion carry over."""
    if progress.version != shape.version:
        progress.version = shape.version
        progress.page_count = shape.page_count
        progress.pages_viewed = []
        progress.current_page = 1


def record_page_view(user_id: int, shape: SessionShape, page_number: int) -> tuple[uuid.UUID, RecordResult]:
    """A learner opened a page: remember it for resume and progress. Returns the view's id for time beacons."""
    with transaction.atomic():
        progress = _progress_for_update(user_id, shape)
        _switch_version_if_needed(progress, shape)
        _close_previous_view_without_time(user_id, shape)
        view = PageView.objects.create(
            user_id=user_id,
            programme_key=shape.programme_key,
            session_key=shape.session_key,
            version=shape.version,
            page_number=page_number,
        )
        viewed = set(progress.pages_viewed)
        viewed.add(page_number)
        progress.pages_viewed = sorted(viewed)
        progress.current_page = page_number
        progress.last_activity_at = timezone.now()
        result = _save_and_maybe_complete(user_id, progress, shape)
    return view.view_id, result


def _close_previous_view_without_time(user_id: int, shape: SessionShape) -> None:
    """Without JavaScript no beacon reports time, so the gap until the next page stands in for it."""
    previous = (
        PageView.objects.filter(user_id=user_id, programme_key=shape.programme_key, session_key=shape.session_key)
        .order_by("-viewed_at", "-pk")
        .first()
    )
    if previous is None or previous.seconds:
        return
    elapsed = int((timezone.now() - previous.viewed_at).total_seconds())
    _add_time(previous, min(max(elapsed, 0), MAX_SECONDS_PER_VIEW))


def record_time(user_id: int, view_id: uuid.UUID, seconds: int) -> bool:
    """Seconds a page has been on screen so far in one view. Only growth counts: replays change nothing."""
    seconds = min(max(int(seconds), 0), MAX_SECONDS_PER_VIEW)
    with transaction.atomic():
        view = PageView.objects.select_for_update().filter(view_id=view_id, user_id=user_id).first()
        if view is None:
            return False
        _add_time(view, seconds)
    return True


def _add_time(view: PageView, seconds: int) -> None:
    delta = seconds - view.seconds
    if delta <= 0:
        return
    PageView.objects.filter(pk=view.pk).update(seconds=seconds)
    view.seconds = seconds
    SessionProgress.objects.filter(
        user_id=view.user_id, programme_key=view.programme_key, session_key=view.session_key
    ).update(seconds_spent=F("seconds_spent") + delta)


def record_answer(
    user_id: int, shape: SessionShape, exercise_key: str, answer: dict[str, Any], correct: bool | None
) -> RecordResult:
    """The learner's answer replaces any earlier one for the same exercise and version."""
    now = timezone.now()
    with transaction.atomic():
        progress = _progress_for_update(user_id, shape)
        _switch_version_if_needed(progress, shape)
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
    marked = [answers.get(key) for key in shape.marked_exercise_keys]
    progress.score_percent = round(100 * sum(1 for c in marked if c) / len(marked)) if marked else None
    progress.save(
        update_fields=[
            "version",
            "page_count",
            "pages_viewed",
            "current_page",
            "last_activity_at",
            "score_percent",
            "status",
        ]
    )
    new_completion = None
    if progress.status != SessionProgress.Status.COMPLETED and _meets_completion_rule(progress, shape, answers):
        progress.refresh_from_db(fields=["seconds_spent"])  # time may have been added by a query update above
        new_completion = _complete_once(user_id, progress, shape)
    progress.refresh_from_db(fields=["seconds_spent", "status"])
    return RecordResult(progress_data(progress), completion_data(new_completion) if new_completion else None)


def _meets_completion_rule(progress: SessionProgress, shape: SessionShape, answers: dict[str, Any]) -> bool:
    all_pages = len(set(progress.pages_viewed)) >= shape.page_count
    all_required = shape.required_exercise_keys <= answers.keys()
    passed = shape.pass_mark is None or (progress.score_percent or 0) >= shape.pass_mark
    return all_pages and all_required and passed


def _complete_once(user_id: int, progress: SessionProgress, shape: SessionShape) -> Completion | None:
    """Record the completion unless one exists; concurrent requests converge on a single row."""
    if Completion.objects.filter(
        user_id=user_id, programme_key=shape.programme_key, session_key=shape.session_key
    ).exists():
        return None
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                user_id=user_id,
                programme_key=shape.programme_key,
                session_key=shape.session_key,
                version=shape.version,
                completed_at=timezone.now(),
                seconds_spent=progress.seconds_spent,
                score_percent=progress.score_percent,
            )
    except IntegrityError:
        return None
    SessionProgress.objects.filter(pk=progress.pk).update(status=SessionProgress.Status.COMPLETED)
    return completion


def forget_learner(user_id: int) -> None:
    """Remove a learner's records but keep completions, without the person, for anonymous counts."""
    with transaction.atomic():
        Completion.objects.filter(user_id=user_id).update(user=None)
        for model in (Answer, PageView, SessionProgress, Enrolment):
            model.objects.filter(user_id=user_id).delete()
