"""The one place that writes learners' profiles, and releases claims on email addresses."""

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from .eligibility import Eligibility, check_email
from .models import Profile, User
from .names import clean_name


def eligibility_of(user: User) -> Eligibility:
    """Free access follows the primary address, and only once it is confirmed (docs/decisions/0012).

    An account with no address records at all was made by an administrator (createsuperuser, say),
    who vouches for its address; registration always makes a record.
    """
    addresses = EmailAddress.objects.filter(user=user)
    if addresses.exists() and not addresses.filter(verified=True, email__iexact=user.email).exists():
        return Eligibility(False, user.email.rsplit("@", 1)[-1], "your email address is not confirmed yet")
    return check_email(user.email)


@transaction.atomic
def create_profile(user: User, *, name_on_certificates: str, profession: str) -> Profile:
    """The learner's profile, made or replaced; ValidationError (naming the character) for a name
    that could not be printed as typed (see names.py)."""
    name = clean_name(name_on_certificates)
    eligibility = eligibility_of(user)
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


def save_profile(user_id: int, changes: dict[str, Any]) -> None:
    """The learner's details as the profile form gives them: an account made outside registration (by
    createsuperuser, say) gets its profile here, and only here, on the first save (never on a GET)."""
    profile = Profile.objects.filter(user_id=user_id).first()
    if profile is None:
        profile = create_profile(
            User.objects.get(pk=user_id),
            name_on_certificates=changes["name_on_certificates"],
            profession=changes["profession"],
        )
    update_profile(profile, changes)


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
    """Re-checked whenever an address is confirmed or the primary address changes."""
    eligibility = eligibility_of(user)
    Profile.objects.filter(user=user).update(
        eligible_for_free_access=eligibility.eligible, eligibility_reason=eligibility.reason
    )


def _never_used(user: User) -> bool:
    """An account nobody has ever signed in to, whose addresses are all unconfirmed."""
    return (
        user.last_login is None
        and not user.is_staff
        and not user.is_superuser
        and not EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def is_reserved(email: str) -> bool:
    """Whether an address belongs to someone: confirmed on an account, or held by an account in use.

    An unconfirmed address reserves nothing: anyone can type anyone's address.
    """
    if EmailAddress.objects.filter(email__iexact=email, verified=True).exists():
        return True
    holder = User.objects.filter(email__iexact=email).first()
    return holder is not None and not _never_used(holder)


@transaction.atomic
def release_unconfirmed_claims(email: str) -> bool:
    """Before registering `email`: delete never-used accounts made with it, and say if any other account claimed it.

    Such an account was never confirmed and never signed in to, so it holds nothing but the
    details typed at registration; whoever registers now (its real owner, or the person whose
    address it was) gets a fresh account. Pending addresses on accounts in use stay pending until
    someone confirms the address (see release_other_claims).
    """
    claimed = EmailAddress.objects.filter(email__iexact=email, verified=False).exists()
    stale = [user.pk for user in User.objects.filter(email__iexact=email) if _never_used(user)]
    User.objects.filter(pk__in=stale).delete()
    return claimed or bool(stale)


@transaction.atomic
def record_registered_address(user: User, email: str) -> None:
    """The address a learner registered with, as their primary (unconfirmed) address, and eligibility from it.

    allauth leaves out an address that any other account lists, even unconfirmed; here it is theirs
    until someone confirms it. The profile was made (forms.SignupDetailsForm) before the address existed.
    """
    if not EmailAddress.objects.filter(user=user).exists():
        EmailAddress.objects.create(user=user, email=email.lower(), primary=True, verified=False)
    refresh_eligibility(user)


@transaction.atomic
def release_other_claims(email_address: EmailAddress) -> None:
    """Once an address is confirmed, it is no longer pending on anybody else's account."""
    EmailAddress.objects.filter(email__iexact=email_address.email, verified=False).exclude(
        user_id=email_address.user_id
    ).delete()
