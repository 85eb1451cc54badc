"""Staff lists uploaded by organisation managers, kept from preview to commit. Only uploads.py writes."""

from django.conf import settings
from django.db import models


class StaffUpload(models.Model):
    """One uploaded staff list: its bytes (the database, not a disk, so every web process and worker sees it),
    what checking it found, and what committing it did."""

    class State(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked"
        COMMITTING = "committing", "Saving"
        COMMITTED = "committed", "Saved"
        FAILED = "failed", "Could not be read"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_uploads")
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CHECKING)
    check_task_id = models.CharField(max_length=36, blank=True)
    commit_task_id = models.CharField(max_length=36, blank=True)
    summary = models.JSONField(default=dict, help_text="Counts from checking: rows, new, matched, errors, warnings.")
    problems = models.JSONField(
        default=list, help_text="The first problems found, as [row, column, message, severity]."
    )
    result = models.JSONField(default=dict, help_text="What committing changed.")
    to_invite = models.JSONField(default=list, help_text="The people the commit registered, to be invited.")
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["uploaded_by", "-uploaded_at"], name="uploads_by_manager")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"
