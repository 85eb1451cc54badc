"""What tests may do with `tasks` that no person can: wait for a run, whoever started it, and run a real Celery
worker on Redis inside the test process. A door for tests only (docs/decisions/0017); the fixtures built on it
(`celery_worker`, `task_modules`) are in the root conftest.py.
"""

import importlib
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from . import backends
from .data import TaskData
from .queries import run_data
from .services import resume_unfinished

__all__ = [
    "beat_schedule",
    "celery_broker",
    "celery_worker",
    "finish_in_process_runs",
    "resume_unfinished",
    "wait_for",
]


def beat_schedule() -> dict[str, dict[str, object]]:
    """Celery beat's schedule as production gets it: every task given to every_day, at its time."""
    from .celery_app import beat_schedule as schedule

    return schedule()


def wait_for(task_id: str, timeout: float = 30) -> TaskData:
    """The run once it has finished (succeeded or failed); fails the test if it has not within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        run = run_data(task_id)
        assert run is not None, f"no task run {task_id}"
        if run.finished:
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"task run {task_id} ({run.name}) did not finish in {timeout:g}s: {run}")
        time.sleep(0.02)


def finish_in_process_runs() -> None:
    """Wait until this process's task threads are idle (before a test's database is emptied)."""
    backends.wait_for_threads()


@contextmanager
def celery_worker(broker_url: str, task_modules: Sequence[str] = ()) -> Iterator[Any]:
    """A real Celery worker, in a thread of this process, consuming from `broker_url` (a Redis database kept for
    tests: its queue is emptied first). `task_modules` are imported first, so the tasks they define are known.
    Runs started while it runs go to it (TASKS_BACKEND must be "celery" meanwhile: the fixture sets it)."""
    from celery.contrib.testing.worker import start_worker

    from .celery_app import app

    for module in task_modules:
        importlib.import_module(module)
    with celery_broker(broker_url):
        app.control.purge()  # messages an interrupted run of the tests left behind
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker


@contextmanager
def celery_broker(broker_url: str) -> Iterator[None]:
    """Runs sent to Celery meanwhile go to `broker_url` (connections made before, to another, are dropped)."""
    from .celery_app import app

    def forget_connections() -> None:
        # Celery keeps its connection pools for the life of the app; they would keep the broker they were made for.
        # Dropped, not closed: a worker that has just stopped may still hold one of their connections.
        app._pool = None  # type: ignore[attr-defined]
        app.amqp._producer_pool = None  # type: ignore[attr-defined]

    previous = app.conf.broker_url
    forget_connections()
    app.conf.update(broker_url=broker_url)
    try:
        yield
    finally:
        forget_connections()
        app.conf.update(broker_url=previous)
