"""Who may read a learner's record, until when, and every read of it.

Nothing here is ever deleted by the learner's own actions: revoking sets `revoked_at`, so a revoke replayed
changes nothing and the log keeps naming what was read through a grant or link that has since ended. Deleting the
learner's account deletes all of it (their record is gone too).
"""

import uuid

from django.conf import settings
from django.db import models


class Grant(models.Model):
    """Read access for the holder of one confirmed email address, until the end of `ends_on` (site time)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Lower-cased. Bound to the address, never to an account: whoever confirms this address may read.
    grantee_email = models.EmailField(max_length=254)
    include_reflections = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    ends_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set by the background task once the grantee's email has gone, in the transaction that holds the grant's row:
    # a replayed or repeated run finds it set and sends nothing (docs/decisions/0027).
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The task run that sends it (tasks' uuid; not a foreign key, tasks knows no app): where a failure is recorded.
    email_run = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["grantee_email", "ends_on"], name="sharing_grant_grantee"),
            models.Index(fields=["learner", "created_at"], name="sharing_grant_learner"),
        ]

    def __str__(self) -> str:
        return f"grant {self.pk} to {self.grantee_email}"


class ShareLink(models.Model):
    """A one-off, read-only link: `selector` finds it, the secret half of the token is kept only as a hash."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=100, blank=True)
    selector = models.CharField(max_length=32, unique=True)
    verifier_hash = models.CharField(max_length=64)  # sha256 hex of the secret half
    include_reflections = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    ends_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["learner", "created_at"], name="sharing_link_learner")]

    def __str__(self) -> str:
        return f"share link {self.pk}"


class Read(models.Model):
    """One read of a learner's record: through a grant (who, by account and the address granted) or a link
    (when only: nothing about the viewer is kept)."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The grantee's account; kept empty if they delete it later (the address granted still says who).
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    viewed_at = models.DateTimeField()
    what = models.CharField(max_length=40)  # "record" (a grantee's page) or "summary" (a share link's page)

    class Meta:
        indexes = [models.Index(fields=["learner", "-viewed_at"], name="sharing_read_learner")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grant__isnull=False, link__isnull=True)
                | models.Q(grant__isnull=True, link__isnull=False, reader__isnull=True),
                name="sharing_read_one_route",
            )
        ]

    def __str__(self) -> str:
        return f"read {self.pk}"
