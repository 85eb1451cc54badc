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
