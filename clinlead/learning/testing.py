"""What tests may set up in `learning` that no person can do: time passing without waiting for it.
A door for tests only (docs/decisions/0017): no other code imports it."""

from datetime import timedelta

from django.db.models import F

from .models import PageView


def let_time_pass(user_id: int, seconds: int) -> None:
    """As if `seconds` had passed since the learner's page views began: every view starts that much earlier.

    Time on a page is believed only up to the wall-clock time since its view began (docs/decisions/0010),
    so tests that report minutes of reading move the views back rather than wait.
    """
    PageView.objects.filter(user_id=user_id).update(viewed_at=F("viewed_at") - timedelta(seconds=seconds))
