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

__all__ = ["celery_worker", "finish_in_process_runs", "resume_unfinished", "wait_for"]


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
    previous = app.conf.broker_url
    app.conf.update(broker_url=broker_url)
    try:
        app.control.purge()  # messages an interrupted run of the tests left behind
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30) as worker:
            yield worker
    finally:
        app.conf.update(broker_url=previous)
