"""Where runs are run: a thread pool in this process, or Celery workers on Redis (TASKS_BACKEND, 0021).

Both hand a run's id to `runner.execute`, and arrange the retry it asks for; neither keeps any state of its own
that the task table does not have, so switching back end loses nothing.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection

from . import runner

logger = logging.getLogger(__name__)

IN_PROCESS = "in-process"
CELERY = "celery"

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def dispatch(run_id: str, delay: float = 0) -> None:
    """Have the run executed by the configured back end, after `delay` seconds."""
    if settings.TASKS_BACKEND == CELERY:
        from .celery_app import run_task  # only here: importing it sets up Celery, which the default never needs

        run_task.apply_async(args=(run_id,), countdown=delay)
    elif delay:
        timer = threading.Timer(delay, _submit, args=[run_id])
        timer.daemon = True  # a run waiting for its retry stays queued in the table if the process stops
        timer.start()
    else:
        _submit(run_id)


def dispatch_committed(run_id: str) -> None:
    """Dispatch a run whose row has just been committed (start's on_commit). The request that started it has done
    its work, so a broker out of reach must not turn it into an error page: the run stays queued, and is handed
    on by the next sweep (beat), restart (in-process) or `manage.py resumetasks`."""
    try:
        dispatch(run_id)
    except Exception:
        logger.exception(
            "task run %s: queued, but could not be handed to the %s back end", run_id, settings.TASKS_BACKEND
        )


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.TASKS_THREADS, thread_name_prefix="clinlead-task")
        return _pool


def _submit(run_id: str) -> None:
    _executor().submit(_run_in_thread, run_id)


def _run_in_thread(run_id: str) -> None:
    try:
        outcome = runner.execute(run_id, IN_PROCESS)
    except Exception:
        # execute records every failure of the task itself; this is the table being out of reach. The run is back
        # in the queue if the table allowed it; try again when the database has had time to come back.
        logger.exception("task run %s: could not be run in this process; trying again later", run_id)
        dispatch(run_id, settings.TASKS_STALE_AFTER)
        return
    finally:
        connection.close()  # each pool thread has its own connection; don't leave it open between runs
    if outcome.retry_in is not None:
        dispatch(run_id, outcome.retry_in)


def wait_for_threads() -> None:
    """Let the runs this process is running finish, then start a new pool on the next dispatch (tests use it)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True)
