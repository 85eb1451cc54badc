"""Running one run of a task, the same way whichever back end calls it (docs/decisions/0021).

`execute(run_id)` claims the run, calls the task and records how it ended. It is safe to call twice for the same
run, which is what a broker does when it delivers a message again: a finished run is left alone, and a run that
another live process holds is not touched. What happens next (a retry after a delay) is returned for the back end
to arrange, so the table is the one record of every run.
"""

import datetime
import logging
import os
import socket
import traceback
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from . import registry
from .models import TaskRun
from .progress import Progress

logger = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on our side and the work was not finished. Please try again later."


@dataclass(frozen=True)
class Outcome:
    state: str  # the run's state now, or "missing" / "busy" when this call did nothing
    retry_in: float | None = None  # seconds: the back end should call execute again after this


def owner(kind: str) -> str:
    """This process, as recorded on the runs it claims ("in-process:web1:4242")."""
    return f"{kind}:{socket.gethostname()}:{os.getpid()}"


def _process_alive(run_owner: str) -> bool | None:
    """Whether the process named in `run_owner` still exists, when it was on this machine; None when it was on
    another (or the owner is not recorded), where only its silence can tell."""
    try:
        _kind, host, pid_text = run_owner.rsplit(":", 2)
        pid = int(pid_text)
    except ValueError:
        return None
    if host != socket.gethostname():
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, as another user
    return True


def abandoned(run: TaskRun, now: datetime.datetime) -> bool:
    """Whether a run marked running was left by a process that died. On this machine the process is asked (a task
    may work for long inside one transaction without a word); elsewhere, it has given no sign of life (claim or
    progress report) for TASKS_STALE_AFTER seconds."""
    if run.state != TaskRun.State.RUNNING:
        return False
    alive = _process_alive(run.owner)
    if alive is not None:
        return not alive
    last_sign = run.heartbeat or run.started or run.created
    return now - last_sign > datetime.timedelta(seconds=settings.TASKS_STALE_AFTER)


def _claim(run_id: str, kind: str) -> TaskRun | str:
    """Mark the run as running by this process, or say why not ("missing", "busy" or its finished state)."""
    run = TaskRun.objects.filter(pk=run_id).first()
    if run is None:
        return "missing"
    if run.state in {TaskRun.State.SUCCEEDED, TaskRun.State.FAILED}:
        return str(run.state)
    now = timezone.now()
    if run.state == TaskRun.State.RUNNING and not abandoned(run, now):
        return "busy"
    # Only if nobody else changed it since we read it: two deliveries of one message cannot both claim it.
    claimed = TaskRun.objects.filter(Q(pk=run.pk, state=run.state, attempts=run.attempts, owner=run.owner)).update(
        state=TaskRun.State.RUNNING,
        attempts=F("attempts") + 1,
        owner=owner(kind),
        started=now,
        heartbeat=now,
    )
    if not claimed:
        return "busy"
    run.refresh_from_db()
    return run


def retry_delay(attempt: int) -> float:
    """Seconds before trying again after the `attempt`th try failed: doubling from TASKS_RETRY_DELAY, at most an
    hour."""
    return float(min(settings.TASKS_RETRY_DELAY * 2 ** (attempt - 1), 3600))


def execute(run_id: str, kind: str) -> Outcome:
    """Run the run once, if it is there to run; `kind` names the back end ("in-process" or "celery")."""
    claimed = _claim(run_id, kind)
    if isinstance(claimed, str):
        if claimed == "missing":
            logger.warning("task run %s: not in the task table, nothing to do", run_id)
        return Outcome(state=claimed)
    run = claimed
    progress = Progress(str(run.pk))
    try:
        return _call(run, progress)
    except BaseException:
        _release(run)  # the table failed us, not the task: let the run be claimed again
        raise
    finally:
        progress.close()  # after the row has the last report, so `status()` never goes back


def _release(run: TaskRun) -> None:
    try:
        TaskRun.objects.filter(pk=run.pk, state=TaskRun.State.RUNNING, owner=run.owner).update(
            state=TaskRun.State.QUEUED, owner=""
        )
    except Exception:
        logger.exception("task run %s: could not be put back in the queue; a restart or the sweep will", run.pk)


def _call(run: TaskRun, progress: Progress) -> Outcome:
    try:
        definition = registry.definition(run.name)
        result = registry.call(definition, progress, dict(run.kwargs))
    except registry.TaskFailed as failure:
        return _finish_failed(run, failure.message, traceback.format_exc())
    except Exception:
        retries = registry.definition(run.name).retries if registry.is_registered(run.name) else 0
        logger.exception("task run %s (%s): attempt %d failed", run.pk, run.name, run.attempts)
        if run.attempts <= retries:
            return _queue_again(run)
        return _finish_failed(run, UNEXPECTED, traceback.format_exc())
    return _finish_succeeded(run, result, progress)


def _finish_succeeded(run: TaskRun, result: dict[str, object], progress: Progress) -> Outcome:
    fields: dict[str, object] = {
        "state": TaskRun.State.SUCCEEDED,
        "result": result,
        "error": "",
        "finished": timezone.now(),
    }
    # The final count, whatever the last throttled report wrote (and on SQLite a report made inside the task's
    # transaction was never written at all).
    if progress.last is not None:
        fields.update(done=progress.last.done, total=progress.last.total, message=progress.last.message)
    TaskRun.objects.filter(pk=run.pk, state=TaskRun.State.RUNNING, owner=run.owner).update(**fields)
    return Outcome(state=TaskRun.State.SUCCEEDED)


def _finish_failed(run: TaskRun, message: str, trace: str) -> Outcome:
    TaskRun.objects.filter(pk=run.pk, state=TaskRun.State.RUNNING, owner=run.owner).update(
        state=TaskRun.State.FAILED, error=message, traceback=trace, finished=timezone.now()
    )
    return Outcome(state=TaskRun.State.FAILED)


def _queue_again(run: TaskRun) -> Outcome:
    delay = retry_delay(run.attempts)
    TaskRun.objects.filter(pk=run.pk, state=TaskRun.State.RUNNING, owner=run.owner).update(
        state=TaskRun.State.QUEUED,
        owner="",
        traceback=traceback.format_exc(),
        message=f"Trying again in {delay:g} seconds",
    )
    return Outcome(state=TaskRun.State.QUEUED, retry_in=delay)
