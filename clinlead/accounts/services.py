"""The one place that writes learners' profiles."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from .eligibility import check_email
from .models import Profile, User
from .names import clean_name


@transaction.atomic
def create_profile(user: User, *, name_on_certificates: str, profession: str) -> Profile:
    """The learner's profile, made or replaced; ValidationError (naming the character) for a name
    that could not be printed as typed (see names.py)."""
    name = clean_name(name_on_certificates)
    eligibility = check_email(user.email)
    profile, _ = Profile.objects.update_or_create(
        user=user,
        defaults={
            "name_on_certificates": name,
            "profession": profession,
            "accepted_terms_at": timezone.now(),
            "eligible_for_free_access": eligibility.eligible,
            "eligibility_reason": eligibility.reason,
        },
    )
    return profile


def update_profile(profile: Profile, changes: dict[str, Any]) -> None:
    """Save the changed fields; a new name is checked and tidied as create_profile does."""
    if "name_on_certificates" in changes:
        changes = {**changes, "name_on_certificates": clean_name(changes["name_on_certificates"])}
    changed = [name for name, value in changes.items() if getattr(profile, name) != value]
    for name in changed:
        setattr(profile, name, changes[name])
    if changed:
        profile.save(update_fields=changed)


def refresh_eligibility(user: User) -> None:
    """Eligibility follows the learner's primary email address (called when it changes)."""
    eligibility = check_email(user.email)
    Profile.objects.filter(user=user).update(
        eligible_for_free_access=eligibility.eligible, eligibility_reason=eligibility.reason
    )
