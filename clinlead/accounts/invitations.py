"""Invitations for people their organisation registered (staff.py): an email with a link to choose a password.

The link carries a token from Django's password-reset token generator with its own salt and a longer life: it
is signed with SECRET_KEY, names no password, and stops working once used, because it hashes the account's
password and last sign-in, which taking it up changes. Taking it up confirms the address (the link reached it),
records that the person accepted the terms, and signs them in. Nobody's password is ever in a file.
"""

from collections.abc import Callable, Sequence

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import base36_to_int, int_to_base36

from .emails import render
from .models import Invitation, Profile, User
from .services import eligibility_of

INVITATION_DAYS = 14
SEND_BATCH = 500


class InvitationTokens(PasswordResetTokenGenerator):
    key_salt = "clinlead.accounts.invitations"

    def __init__(self) -> None:
        super().__init__()
        self.timeout = INVITATION_DAYS * 24 * 3600


tokens = InvitationTokens()


def link_for(user: User) -> str:
    path = reverse("accounts:invitation", kwargs={"uidb36": int_to_base36(user.pk), "token": tokens.make_token(user)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def invited_user(uidb36: str, token: str) -> User | None:
    """The person the link was made for, while it still works; None for a used, expired or altered link."""
    try:
        user_id = base36_to_int(uidb36)
    except ValueError:
        return None
    user = User.objects.filter(pk=user_id, invitation__accepted_at__isnull=True).first()
    return user if user is not None and tokens.check_token(user, token) else None


def send_invitations(
    user_ids: Sequence[int], progress: Callable[[int, int], None] | None = None, *, again: bool = False
) -> int:
    """Email each person who has not taken up their invitation; returns how many were sent. Without `again`,
    only those never sent one, so that a retried task does not send twice."""
    sent = 0
    ids = list(user_ids)
    connection = get_connection()
    for start in range(0, len(ids), SEND_BATCH):
        waiting = list(
            User.objects.filter(pk__in=ids[start : start + SEND_BATCH], invitation__accepted_at__isnull=True)
            .filter(**({} if again else {"invitation__first_sent_at__isnull": True}))
            .select_related("invitation")
            .order_by("pk")
        )
        messages = [
            render(
                "accounts/email/invitation",
                {
                    "email": user.email,
                    "organisation": user.invitation.organisation_name or "Your organisation",
                    "invite_url": link_for(user),
                    "days": INVITATION_DAYS,
                },
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            for user in waiting
        ]
        connection.send_messages(messages)
        now = timezone.now()
        Invitation.objects.filter(user__in=waiting, first_sent_at__isnull=True).update(first_sent_at=now)
        for user in waiting:
            user.invitation.last_sent_at = now
            user.invitation.times_sent += 1
        Invitation.objects.bulk_update([u.invitation for u in waiting], ["last_sent_at", "times_sent"])
        sent += len(waiting)
        if progress:
            progress(min(start + SEND_BATCH, len(ids)), len(ids))
    return sent


@transaction.atomic
def accept(user: User, password: str) -> None:
    """The person chose a password from their invitation: their address is confirmed and the terms accepted."""
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True, primary=True)
    eligibility = eligibility_of(user)
    Profile.objects.filter(user=user).update(
        accepted_terms_at=timezone.now(),
        eligible_for_free_access=eligibility.eligible,
        eligibility_reason=eligibility.reason,
    )
    Invitation.objects.filter(user=user).update(accepted_at=timezone.now())
