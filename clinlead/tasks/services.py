"""Writing runs: starting one, today's run of a daily task, and taking up runs a stopped process left."""

import datetime
import json
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from . import backends, registry, runner
from .models import TaskRun

logger = logging.getLogger(__name__)


def _checked_kwargs(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    for key, value in kwargs.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            raise TypeError(
                f"start({name!r}, {key}=…): a {type(value).__name__} cannot be stored with the run; pass plain "
                "data (text, numbers, true/false, lists and dicts of them), e.g. an id instead of an object"
            ) from None
    return kwargs


def start(name: str, started_by: int | None, kwargs: dict[str, Any], key: str | None = None) -> str:
    """Record a queued run and hand it to the back end once the current transaction commits."""
    registry.definition(name)  # a misspelt name fails here, in the caller's request, not later in a worker
    run = TaskRun.objects.create(name=name, started_by=started_by, kwargs=_checked_kwargs(name, kwargs), key=key)
    run_id = str(run.pk)
    transaction.on_commit(lambda: backends.dispatch_committed(run_id))
    return run_id


def start_daily(name: str, today: datetime.date | None = None) -> str | None:
    """Start today's run of `name`, unless it was started already today (by this process or another)."""
    day = today or timezone.localdate()
    key = f"daily:{name}:{day.isoformat()}"
    try:
        with transaction.atomic():
            return start(name, None, {}, key=key)
    except IntegrityError:
        return None  # another scheduler (or an earlier start of this one) did it


def resume_unfinished(queued_for: float = 0) -> int:
    """Hand to the back end every run left queued (for at least `queued_for` seconds), or left running by a process
    that is gone, so work in flight when a process stopped, or whose message was lost, is done after all. Safe to
    repeat: a run handed on twice is run once. Returns how many were handed on."""
    now = timezone.now()
    candidates = TaskRun.objects.filter(Q(state=TaskRun.State.QUEUED) | Q(state=TaskRun.State.RUNNING)).only(
        "pk", "state", "owner", "created", "started", "heartbeat"
    )
    quiet_since = now - datetime.timedelta(seconds=queued_for)
    resumed = 0
    for run in candidates.order_by("created"):
        if run.state == TaskRun.State.RUNNING and not runner.abandoned(run, now):
            continue  # another process is running it
        if run.state == TaskRun.State.QUEUED and (run.heartbeat or run.created) > quiet_since:
            continue  # handed on recently; its message is still on its way
        backends.dispatch(str(run.pk))
        resumed += 1
    if resumed:
        logger.info("tasks: handed on %d unfinished run(s)", resumed)
    return resumed
