"""The organisation registry, employments, roles and licences. Only services.py and licences.py write.

An organisation's place in the tree is kept as a materialised path of primary keys ("/4/17/52/"), so "this
organisation and everything below it" is one indexed prefix query at any depth, and its ancestors are read
off the path without a query (docs/decisions/0020).
"""

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    class Kind(models.TextChoices):
        ICB = "icb", "Integrated care board"
        TRUST = "trust", "NHS trust"
        SITE = "site", "Site"
        DEPARTMENT = "department", "Department"
        GP_PRACTICE = "gp-practice", "GP practice"
        CARE_HOME = "care-home", "Care home"
        HOSPICE = "hospice", "Hospice"
        UNIVERSITY = "university", "University"
        PRIVATE_PROVIDER = "private-provider", "Private provider"
        OTHER = "other", "Other"

    # ODS codes are upper-case letters and digits (3 for a trust, 5 for a site); local codes start "L-".
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    eligible = models.BooleanField(
        default=False, help_text="Its staff have free access while they work here (as well as by email domain)."
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=400, db_index=True, editable=False)
    postcode = models.CharField(max_length=10, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EmailDomain(models.Model):
    """An email domain that belongs to an organisation (its staff's addresses end in it)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="email_domains")
    domain = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.domain


class Employment(models.Model):
    """A person working at an organisation: one row per post, so a person can be in several at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="employments")
    job_role = models.CharField(max_length=150, blank=True)
    staff_group = models.CharField(max_length=100, blank=True)
    esr_assignment_number = models.CharField("ESR assignment number", max_length=30, blank=True)
    primary = models.BooleanField(default=False)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_employment_per_organisation"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(primary=True), name="one_primary_employment_per_person"
            ),
            models.UniqueConstraint(
                fields=["esr_assignment_number"],
                condition=~models.Q(esr_assignment_number=""),
                name="esr_assignment_number_unique",
            ),
        ]
        indexes = [
            # Who works where now, for the staff pages and reports: the person, staff group and job role are
            # included so a trust's 10,000 posts come from the index alone, not from a scan of every post in
            # the country (PostgreSQL; docs/decisions/0025, the reports bench).
            models.Index(
                fields=["organisation", "ended_on"],
                include=["user", "staff_group", "job_role"],
                name="employments_by_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.organisation_id}"


class RoleGrant(models.Model):
    """A role a person holds at an organisation and everything below it; platform administrators hold theirs
    with no organisation (the whole service)."""

    class Role(models.TextChoices):
        LEARNER = "learner", "Learner"
        TRAINER = "trainer", "Trainer"
        MANAGER = "manager", "Organisation manager"
        ADMINISTRATOR = "administrator", "Organisation administrator"
        PLATFORM_ADMINISTRATOR = "platform-administrator", "Platform administrator"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="one_grant_per_role"),
            models.CheckConstraint(
                condition=models.Q(role="platform-administrator", organisation__isnull=True)
                | (~models.Q(role="platform-administrator") & models.Q(organisation__isnull=False)),
                name="platform_role_has_no_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} at {self.organisation_id}"


class Licence(models.Model):
    """Seats for an organisation that is not eligible for free access, for a period, for some programmes.

    Recorded as agreed elsewhere: invoicing and payment are not clinlead's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="licences")
    programme_keys = models.JSONField(help_text="The programmes it covers (their keys).")
    seats = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, help_text="The agreement's reference, if any.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="licence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.seats} seats for {self.organisation_id} {self.starts_on}–{self.ends_on}"


class Seat(models.Model):
    """A person holding one of a licence's seats, from taken_at until released_at."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="seat_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seats")
    taken_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["licence", "user"],
                condition=models.Q(released_at__isnull=True),
                name="one_open_seat_per_person",
            )
        ]
        indexes = [models.Index(fields=["licence", "released_at"], name="seats_in_use")]

    def __str__(self) -> str:
        return f"{self.user_id} in licence {self.licence_id}"
