"""What tests may set up in `learning` that no person can do: time passing without waiting for it.
A door for tests only (docs/decisions/0017): no other code imports it."""

import datetime
import threading
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.db.models import F

from .models import PageView


def let_time_pass(user_id: int, seconds: int) -> None:
    """As if `seconds` had passed since the learner's page views began: every view starts that much earlier.

    Time on a page is believed only up to the wall-clock time since its view began (docs/decisions/0010),
    so tests that report minutes of reading move the views back rather than wait.
    """
    PageView.objects.filter(user_id=user_id).update(viewed_at=F("viewed_at") - timedelta(seconds=seconds))


def released_together(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as error:  # reported below, with the others
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def record_completion(
    user_id: int,
    programme_key: str,
    session_key: str,
    completed_at: datetime.datetime,
    seconds_spent: int = 600,
    score_percent: int | None = None,
) -> None:
    """A completion on a date in the past, as reports need (no person can complete a session last March today);
    the progress summary beside it says completed, as services would have left it."""
    from .models import Completion, Learner, SessionProgress

    Learner.objects.get_or_create(user_id=user_id)
    SessionProgress.objects.update_or_create(
        user_id=user_id,
        programme_key=programme_key,
        session_key=session_key,
        defaults={
            "version": 1,
            "status": SessionProgress.Status.COMPLETED,
            "page_count": 1,
            "pages_viewed": [1],
            "seconds_spent": seconds_spent,
            "score_percent": score_percent,
            "last_activity_at": completed_at,
        },
    )
    Completion.objects.create(
        user_id=user_id,
        programme_key=programme_key,
        session_key=session_key,
        version=1,
        completed_at=completed_at,
        seconds_spent=seconds_spent,
        score_percent=score_percent,
    )


def write_completion(user_id: int, programme_key: str, session_key: str, completed_at: datetime.datetime) -> int:
    """A completion row alone, written as the player would, at a chosen moment (two in the same second, say): the
    ESR export's cursor tests, some of them writing at once from several threads. Its id."""
    from .models import Completion

    made = Completion.objects.create(
        user_id=user_id,
        programme_key=programme_key,
        session_key=session_key,
        version=1,
        completed_at=completed_at,
        seconds_spent=60,
    )
    return int(made.pk)
