"""API tokens an organisation's integration engine reads its completions with."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """Shown once when made; only its SHA-256 is kept, so a leaked database gives nobody a working token."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "made_at"], name="esr_tokens_by_organisation")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_id})"


class LedgerEntry(models.Model):
    """A completion as it joins an organisation's export: one row per completion per post, written in the
    transaction that records the completion (for a person with posts) or the post (for a person with completions).

    Its own rising id is the export's cursor (docs/decisions/0028), so a completion made before the person's post
    existed is handed out once the post is recorded, in the next incremental export, exactly once. The completion
    and the organisation are kept as plain keys (no foreign keys into other apps); rows are never changed."""

    id = models.BigAutoField(primary_key=True)
    completion_uuid = models.UUIDField()
    user_id = models.BigIntegerField()
    organisation_id = models.BigIntegerField()  # of the post: a person has at most one post per organisation
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            # A staff list uploaded again, or a completion announced twice, adds nothing.
            models.UniqueConstraint(fields=["completion_uuid", "organisation_id"], name="esr_ledger_once_per_post")
        ]
        # An export reads one organisation's subtree after a cursor, in id order.
        indexes = [models.Index(fields=["organisation_id", "id"], name="esr_ledger_by_organisation")]

    def __str__(self) -> str:
        return f"ledger {self.pk}"
