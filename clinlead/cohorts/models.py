"""Cohorts: a trainer's teaching group at an organisation, its members and what was assigned to it.
Only services.py writes."""

from django.conf import settings
from django.db import models


class Cohort(models.Model):
    name = models.CharField(max_length=120)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="cohorts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="cohorts_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # Handed out in a room; empty when turned off. Unique among the codes in use, so a code names one cohort.
    join_code = models.CharField(max_length=8, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["join_code"], condition=~models.Q(join_code=""), name="unique_join_code")
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="cohorts_by_organisation")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class How(models.TextChoices):
        EMAIL = "email", "Added by email"
        UPLOAD = "upload", "Added from a file"
        CODE = "code", "Joined with the code"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    how = models.CharField(max_length=10, choices=How.choices)
    # The learner's own choice, off until they tick it, withdrawn whenever they like (docs/decisions/0026).
    shares_reflections = models.BooleanField(default=False)

    class Meta:
        # Two joins at once with the same code both land on this constraint: one row, never two.
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="unique_cohort_member")]
        indexes = [models.Index(fields=["user"], name="memberships_by_learner")]

    def __str__(self) -> str:
        return f"{self.user_id} in cohort {self.cohort_id}"


class CohortAssignment(models.Model):
    """A session assigned to the whole cohort: members who join later are assigned it too."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    programme_key = models.SlugField(max_length=100)
    session_key = models.SlugField(max_length=100)
    due_on = models.DateField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="cohort_assignments_made"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "programme_key", "session_key"], name="unique_cohort_session")
        ]

    def __str__(self) -> str:
        return f"{self.session_key} for cohort {self.cohort_id}"
