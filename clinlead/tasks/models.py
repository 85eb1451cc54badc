"""The task table: one row per run of a task, whichever back end runs it. Only runner.py and services.py write.

State and progress live here rather than in a back end, so the page that follows a run reads the same row whether a
thread of the web process or a Celery worker runs it, and a run survives the process that was running it
(docs/decisions/0021).
"""

import uuid

from django.db import models


class TaskRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    # A user id, not a foreign key: `tasks` sits below every app and knows nobody (0017); a run outlives its starter.
    started_by = models.BigIntegerField(null=True, blank=True)
    # Set for a run that must happen once only, e.g. "daily:send-reminders:2026-12-03" (every_day), so two
    # schedulers, or a scheduler and a restart, cannot start it twice.
    key = models.CharField(max_length=250, null=True, blank=True, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.JSONField(null=True, blank=True)
    # For the starter, in people's words; the traceback is for staff (admin, logs).
    error = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # Which process runs it ("in-process:host:pid" or "celery:host:pid"), so a restart can tell a run whose
    # process died from one another process is still running.
    owner = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Written with every progress report: a run whose heartbeat stops for TASKS_STALE_AFTER is taken to be lost.
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # A restart looks for unfinished runs; a person's page looks up their own.
            models.Index(fields=["state", "created"], name="tasks_run_state"),
            models.Index(fields=["started_by", "created"], name="tasks_run_starter"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"
