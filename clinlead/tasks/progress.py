"""What a running task tells the person waiting for it: how far it has gone, written at most once a second.

A task that does its work inside one transaction (a staff list is committed all or nothing) cannot show progress
through its own connection: nobody else sees the row until it commits. On PostgreSQL, reports made inside a
transaction go through a second connection of their own, committed at once. SQLite allows one writer at a time,
and the task's transaction is it, so there the report is kept in this process (`live`) and `status()` in the same
process reads it; the row catches up when the task's transaction ends. That covers the embedded default, where
the web process runs its own tasks (docs/decisions/0021).
"""

import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .models import TaskRun


@dataclass(frozen=True)
class Report:
    done: int
    total: int
    message: str


_live: dict[str, Report] = {}
_live_lock = threading.Lock()


def live(run_id: str) -> Report | None:
    with _live_lock:
        return _live.get(run_id)


class Progress:
    """Given to every task as its first argument: `progress.report(done, total, message)` as the work goes on."""

    def __init__(self, run_id: str) -> None:
        self.run_id = run_id
        self._last_write = 0.0
        self._side: BaseDatabaseWrapper | None = None
        self.last: Report | None = None

    def report(self, done: int, total: int, message: str = "") -> None:
        """Record that `done` of `total` steps are done. Cheap to call often: the row is written at most once per
        TASKS_PROGRESS_INTERVAL seconds, and always when done reaches total."""
        report = Report(done=max(0, int(done)), total=max(0, int(total)), message=message[:500])
        self.last = report
        with _live_lock:
            _live[self.run_id] = report
        now = time.monotonic()
        last_step = report.total > 0 and report.done >= report.total
        if now - self._last_write < settings.TASKS_PROGRESS_INTERVAL and not last_step:
            return
        self._last_write = now
        self._write(report)

    def _write(self, report: Report) -> None:
        if not connection.in_atomic_block:
            TaskRun.objects.filter(pk=self.run_id).update(
                done=report.done, total=report.total, message=report.message, heartbeat=timezone.now()
            )
        elif connection.vendor != "sqlite":
            self._write_aside(report)
        # else: SQLite inside the task's transaction; `live` has it (module docstring).

    def _write_aside(self, report: Report) -> None:
        if self._side is None:
            self._side = connection.copy()
        table = connection.ops.quote_name(TaskRun._meta.db_table)
        with self._side.cursor() as cursor:  # autocommit: visible at once
            cursor.execute(
                f"UPDATE {table} SET done = %s, total = %s, message = %s, heartbeat = %s WHERE id = %s",  # noqa: S608
                [report.done, report.total, report.message, timezone.now(), uuid.UUID(self.run_id)],
            )

    def close(self) -> None:
        """Forget the live report and close the side connection (the run has ended)."""
        with _live_lock:
            _live.pop(self.run_id, None)
        if self._side is not None:
            self._side.close()
            self._side = None
