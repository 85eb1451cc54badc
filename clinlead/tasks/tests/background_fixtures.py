"""Tasks the tests run, registered like any app's (a test's worker imports this module: `task_modules`).

What a task did is kept in this process (`calls`, `gates`), which both back ends share in the tests: the thread
pool and the embedded Celery worker both run in the test process.
"""

import threading
from collections import Counter
from typing import Any

from clinlead.tasks.api import Progress, TaskFailed, task

calls: Counter[str] = Counter()
gates: dict[str, threading.Event] = {}


def gate(token: str) -> threading.Event:
    return gates.setdefault(token, threading.Event())


@task("tests.add")
def add(progress: Progress, a: int, b: int, token: str = "") -> dict[str, Any]:
    calls[token] += 1
    progress.report(1, 1, "Added")
    return {"sum": a + b}


@task("tests.count-slowly")
def count_slowly(progress: Progress, token: str, total: int) -> dict[str, Any]:
    """Reports a third of the way, then waits for the test to have seen it."""
    progress.report(total // 3, total, f"Counted {total // 3} of {total}")
    assert gate(token).wait(20), "the test never opened the gate"
    progress.report(total, total, "Counted them all")
    return {"counted": total}


@task("tests.count-in-one-transaction")
def count_in_one_transaction(progress: Progress, token: str, total: int) -> dict[str, Any]:
    """Like a staff list committed all or nothing: its progress is reported inside its transaction."""
    from django.db import transaction

    with transaction.atomic():
        progress.report(total // 2, total, "Half way")
        assert gate(token).wait(20), "the test never opened the gate"
    return {"counted": total}


@task("tests.flaky", retries=2)
def flaky(progress: Progress, token: str, failures: int) -> dict[str, Any]:
    """Fails unexpectedly `failures` times, then succeeds."""
    calls[token] += 1
    if calls[token] <= failures:
        raise ConnectionError("the mail server did not answer")
    return {"tries": calls[token]}


@task("tests.refuse", retries=3)
def refuse(progress: Progress, token: str) -> dict[str, Any]:
    calls[token] += 1
    raise TaskFailed("The file has no email column. Add a column headed email and upload it again.")


@task("tests.stall-in-a-stalling-process")
def stall_in_a_stalling_process(progress: Progress, token: str) -> dict[str, Any]:
    """Stops for a minute half way in a process started with CLINLEAD_TEST_STALL set (to be killed there)."""
    import os
    import time

    calls[token] += 1
    progress.report(1, 2, "Half way")
    if os.environ.get("CLINLEAD_TEST_STALL"):
        time.sleep(60)
    progress.report(2, 2, "Done")
    return {"pid": os.getpid()}


@task("tests.return-a-date")
def return_a_date(progress: Progress) -> dict[str, Any]:
    import datetime

    return {"on": datetime.date(2026, 12, 3)}


@task("tests.stall-the-first-time")
def stall_the_first_time(progress: Progress, marker: str) -> dict[str, Any]:
    """Stops for a minute the first time (to be killed there): `marker` is a file, so any process can tell."""
    import os
    import time
    from pathlib import Path

    progress.report(1, 2, "Half way")
    if not Path(marker).exists():
        Path(marker).write_text(str(os.getpid()))
        time.sleep(60)
    return {"pid": os.getpid()}
