"""Statements as stored, and the clients that store and read them (docs/decisions/0029)."""

from django.db import models


class Client(models.Model):
    """A machine that posts or reads statements, with its own key and secret (HTTP Basic).

    Only the secret's SHA-256 is kept: the secret is 32 random bytes, so a slow password hash would add nothing
    against guessing and would cost every request tens of milliseconds.
    """

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = models.CharField(max_length=200)  # the spec's OAuth scope names, space-separated
    # Reads will be limited to statements about this organisation's people (not enforced yet: 0029).
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    made_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One statement, immutable once stored: only `voided` changes, when a voiding statement arrives.

    `data` is the statement as received and normalised (with `id`, `stored`, `authority`, `version` and
    `timestamp` filled in); the other columns copy the parts the Statements resource filters on.
    """

    uuid = models.UUIDField(unique=True)
    data = models.JSONField()
    verb_id = models.CharField(max_length=2048)
    activity_id = models.CharField(max_length=2048, blank=True)  # the object's id when it is an Activity
    actor_ifi = models.CharField(max_length=2048)  # "mbox::mailto:…", see validation.ifi_key
    object_ifi = models.CharField(max_length=2048, blank=True)  # when the object is an Agent or identified Group
    registration = models.UUIDField(null=True, blank=True)
    voids = models.UUIDField(null=True, blank=True)  # the target, when this is a voiding statement
    voided = models.BooleanField(default=False)
    stored = models.DateTimeField()
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["stored", "id"], name="lrs_by_stored"),
            models.Index(fields=["verb_id", "stored"], name="lrs_by_verb"),
            models.Index(fields=["activity_id", "stored"], name="lrs_by_activity"),
            models.Index(fields=["actor_ifi", "stored"], name="lrs_by_actor"),
            models.Index(fields=["object_ifi", "stored"], name="lrs_by_object_agent"),
            models.Index(fields=["registration", "stored"], name="lrs_by_registration"),
            models.Index(fields=["voids"], name="lrs_by_voided_target"),
            models.Index(fields=["client", "stored"], name="lrs_by_client"),
        ]

    def __str__(self) -> str:
        return str(self.uuid)
