"""Learners. Only services.py writes these; other apps use api.py."""

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower

from .professions import PROFESSIONS, REGISTRATION_BODIES


class UserManager(BaseUserManager["User"]):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name, verbose_name_plural = "user", "users"  # as AbstractUser's Meta, which this one replaces
        # Staff lists match people by address whatever its case (staff.existing_accounts): without this index,
        # each look-up of 2,000 addresses read the whole table, and a 100,000-row list took minutes on PostgreSQL.
        indexes: ClassVar = [models.Index(Lower("email"), name="user_email_lower")]

    def __str__(self) -> str:
        return self.email


# What a learner may change about themselves (the profile form), and so the heart of what their data
# download gives back (api.profile_export): one list, so that a new field is in both or neither.
EDITABLE_PROFILE_FIELDS = (
    "name_on_certificates",
    "profession",
    "job_role",
    "place_of_work",
    "registration_body",
    "registration_number",
    "esr_staff_number",
)


class Profile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    name_on_certificates = models.CharField(
        max_length=150, help_text="Your name as it should appear on certificates of completion."
    )
    profession = models.CharField(max_length=50, choices=PROFESSIONS)
    job_role = models.CharField(max_length=150, blank=True)
    place_of_work = models.CharField(max_length=200, blank=True)
    registration_body = models.CharField(max_length=10, choices=REGISTRATION_BODIES, blank=True)
    registration_number = models.CharField(max_length=50, blank=True)
    esr_staff_number = models.CharField("ESR staff number", max_length=20, blank=True)
    # Empty for a person their organisation registered, until they accept their invitation (invitations.py).
    accepted_terms_at = models.DateTimeField(null=True, blank=True)
    eligible_for_free_access = models.BooleanField(default=False)
    eligibility_reason = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return self.name_on_certificates


class Invitation(models.Model):
    """An invitation to a person their organisation registered: when it was sent, and when they took it up."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="invitation")
    organisation_name = models.CharField(max_length=200, blank=True, help_text="Who registered them, in the email.")
    first_sent_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    times_sent = models.PositiveIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation of {self.user_id}"
