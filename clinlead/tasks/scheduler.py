"""What starts work when this process starts serving, on the in-process back end (TASKS_BACKEND=in-process).

On the first request, once per process: runs left unfinished by a process that stopped are taken up again, and
a light thread starts each every_day task at its time. With Celery, the broker redelivers a lost run's message
(acks late) and beat keeps the daily schedule, so neither happens here. Tests switch this off
(TASKS_RESUME_ON_START=false) and call `resume_unfinished` themselves.
"""

import datetime
import logging
import threading
from typing import Any

from django.conf import settings
from django.core.signals import request_started
from django.db import connection
from django.utils import timezone

from . import backends, registry, services

logger = logging.getLogger(__name__)

DISPATCH_UID = "clinlead.tasks.first_request"
_started = threading.Event()
_start_lock = threading.Lock()


def on_first_request(sender: Any, **kwargs: Any) -> None:
    if _started.is_set():
        return
    with _start_lock:
        if _started.is_set():
            return
        _started.set()
    request_started.disconnect(on_first_request, dispatch_uid=DISPATCH_UID)
    if settings.TASKS_BACKEND != backends.IN_PROCESS or not settings.TASKS_RESUME_ON_START:
        return
    try:
        services.resume_unfinished()
    except Exception:
        # The site must serve even if the table is unreachable for a moment; the next start tries again.
        logger.exception("tasks: could not take up unfinished runs")
    if registry.daily():
        threading.Thread(target=_daily_loop, name="clinlead-daily-tasks", daemon=True).start()


def next_due(now: datetime.datetime, daily: dict[str, datetime.time]) -> tuple[datetime.datetime, list[str]]:
    """When the next daily task falls due after `now` (local time), and which tasks are due then."""
    zone = timezone.get_current_timezone()
    when_by_name = {}
    for name, at in daily.items():
        when = timezone.make_aware(datetime.datetime.combine(now.date(), at), zone)
        if when <= now:
            when = timezone.make_aware(datetime.datetime.combine(now.date() + datetime.timedelta(days=1), at), zone)
        when_by_name[name] = when
    soonest = min(when_by_name.values())
    return soonest, sorted(name for name, when in when_by_name.items() if when == soonest)


def _daily_loop() -> None:
    while True:
        now = timezone.localtime()
        due_at, names = next_due(now, registry.daily())
        threading.Event().wait((due_at - now).total_seconds())
        for name in names:
            try:
                services.start_daily(name, due_at.date())
            except Exception:
                logger.exception("tasks: could not start today's run of %s", name)
            finally:
                connection.close()
