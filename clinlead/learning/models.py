"""Learning records, in layers (after Kolibri): a row per page view, the latest answer per exercise,
a summary per learner and session updated in the same transaction, and a completion written once.

Sessions are referred to by their natural keys (programme, session, version), which never change
or disappear (0005), so records stay readable whatever happens to the catalogue. Only services.py writes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Learner(models.Model):
    """One row per learner that every write in learning locks first (lock order: locking.py, 0010)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="learning"
    )
    first_write_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"learner {self.user_id}"


class Enrolment(models.Model):
    """A programme, or one session of it, in the learner's My learning.

    An empty session key is the whole programme ("Add to my learning" on the programme page); a session key is
    that session alone (added from its page, or opened by the learner).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100, blank=True, default="")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    # Assigned learning (0023): set when a manager assigns the session, empty for a learner's own choice.
    # Who assigned it stays on the record even if their account goes (SET_NULL): the due date still holds.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments_made"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    assigned_for = models.CharField(max_length=200, blank=True, default="", help_text="e.g. the organisation's name")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "programme_key", "session_key"], name="unique_enrolment_of_learner")
        ]
        indexes = [
            # The daily reminders look for assignments due around a date.
            models.Index(fields=["due_on"], name="enrolments_by_due_date", condition=models.Q(due_on__isnull=False))
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.programme_key} {self.session_key}".rstrip()


class SessionProgress(models.Model):
    """The summary a learner sees: where they are in a session, time spent and score."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress")
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100)
    version = models.PositiveIntegerField(help_text="The version the learner is working in.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    current_page = models.PositiveIntegerField(default=1)
    pages_viewed = models.JSONField(default=list)
    page_count = models.PositiveIntegerField()
    seconds_spent = models.PositiveIntegerField(default=0)
    score_percent = models.PositiveSmallIntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "programme_key", "session_key"], name="unique_session_progress")
        ]
        indexes = [models.Index(fields=["user", "-last_activity_at"], name="progress_by_recent_activity")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.session_key} {self.status}"

    @property
    def percent(self) -> int:
        return round(100 * len(self.pages_viewed) / self.page_count) if self.page_count else 0


class PageView(models.Model):
    """One showing of one page. Time arrives later (beacons) and only ever grows, so replays change nothing.

    A view's time can never exceed the wall-clock time from its start to the start of the learner's
    next view (in any session), so one learner's views never add up to more than real time (0010).
    """

    view_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_views")
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100)
    version = models.PositiveIntegerField()
    page_number = models.PositiveIntegerField()
    # Set by services from the same clock as the time rule's window (0010), not by auto_now_add.
    viewed_at = models.DateTimeField(default=timezone.now)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["user", "programme_key", "session_key"], name="views_by_session"),
            # The time rule asks for a learner's view just before or after another, in any session.
            models.Index(fields=["user", "viewed_at"], name="views_by_learner_time"),
        ]

    def __str__(self) -> str:
        return f"{self.session_key} v{self.version} p{self.page_number}"


class Answer(models.Model):
    """The latest answer to an exercise in a session version, and how many times it was answered."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="answers")
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100)
    version = models.PositiveIntegerField()
    exercise_key = models.SlugField(max_length=100)
    answer = models.JSONField()
    correct = models.BooleanField(null=True, help_text="Empty for reflections, which are never marked.")
    attempts = models.PositiveIntegerField(default=1)
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme_key", "session_key", "version", "exercise_key"], name="unique_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_key} v{self.version} {self.exercise_key}"


class Completion(models.Model):
    """Written once per learner and session, never undone: revisiting or a new version leaves it alone."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: the unique constraint and completions_by_learner_date both begin with the user, and with
    # a third index on it the planner read a report's completions through the narrowest one and then the table.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="completions", db_index=False
    )
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100)
    version = models.PositiveIntegerField()
    completed_at = models.DateTimeField()
    seconds_spent = models.PositiveIntegerField()
    score_percent = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            # A deleted account leaves its completions without a user: counts survive, people do not.
            models.UniqueConstraint(
                fields=["user", "programme_key", "session_key"],
                condition=models.Q(user__isnull=False),
                name="unique_completion",
            )
        ]
        indexes = [
            models.Index(fields=["programme_key", "session_key"], name="completions_by_session"),
            # Managers' reports ask for some people's completions within a period (0025), and count them by
            # session and month: with the keys included, from the index alone (PostgreSQL; the bench's 66,000
            # completions of one trust were otherwise 66,000 reads of the table).
            models.Index(
                fields=["user", "completed_at"],
                include=["programme_key", "session_key"],
                name="completions_by_learner_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} completed {self.session_key}"


class ReminderSent(models.Model):
    """A reminder about an assigned session's due date, written in the transaction that sends it, so each
    goes once (0023). `run` names the sending that claimed it: rows another sending claimed first are not
    sent again."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before the due date"
        AFTER = "after", "After the due date"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField()
    run = models.UUIDField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind"], name="unique_reminder")]
        indexes = [models.Index(fields=["run"], name="reminders_by_run")]

    def __str__(self) -> str:
        return f"{self.kind} reminder for enrolment {self.enrolment_id}"
