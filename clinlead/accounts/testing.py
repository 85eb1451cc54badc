"""What tests may set up in `accounts` that no person can do in one step: an account as registration,
confirmation and allauth's two-factor set-up would leave it. A door for tests only (docs/decisions/0017):
no other code imports it."""

import base64
import hashlib
import hmac
import re
import struct
import time
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client
from django.urls import reverse

from .models import User
from .services import create_profile

PASSWORD = "a-long-and-unusual-passphrase-41"


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238: HMAC-SHA1 over the 30-second step, dynamically truncated to 6 digits."""
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret.replace(" ", ""), casefold=True), struct.pack(">Q", step), hashlib.sha1)
    mac = digest.digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def make_learner(email: str = "learner@nhs.net", *, name: str = "Sam Learner", profession: str = "paramedic") -> User:
    """A learner made by an administrator (no address record, so eligibility follows the address's domain)."""
    user = User.objects.create_user(email, PASSWORD)
    create_profile(user, name_on_certificates=name, profession=profession)
    return user


@dataclass
class Account:
    user: User
    secret: str = ""  # the authenticator app's key, when two-factor authentication is on
    recovery_codes: tuple[str, ...] = ()

    def code(self, steps_back: int = 0) -> str:
        """The authenticator app's code now (or a number of 30-second steps ago). Near the end of a step it waits for
        the next: the site accepts only the current step's code, and one that rolls over between this call and the
        request (a second on a busy machine) would be refused."""
        if 30 - time.time() % 30 < 3:
            time.sleep(30 - time.time() % 30 + 0.1)
        return totp_code(self.secret, time.time() - 30 * steps_back)


def account(
    email: str,
    *,
    verified: bool = True,
    two_factor: bool = False,
    staff: bool = False,
    superuser: bool = False,
    name: str = "Test Learner",
) -> Account:
    user = User.objects.create_user(email, PASSWORD, is_staff=staff or superuser, is_superuser=superuser)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    create_profile(user, name_on_certificates=name, profession="nurse")
    if not two_factor:
        return Account(user)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return Account(user, secret, tuple(codes))


def is_signed_in(client: Client) -> bool:
    """Whether the client's session is authenticated: a page behind login_required opens (it redirects otherwise)."""
    response = client.get(reverse("mylearning:index"))
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def sign_in_with_password(client: Client, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def reset_password(client: Client, email: str, new_password: str, **extra: Any) -> Any:
    """Asks for a reset link, follows it from the email, and sets a new password."""
    client.post(reverse("account_reset_password"), {"email": email}, **extra)
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    form = client.get(link.group(1), follow=True, **extra)
    return client.post(form.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}, **extra)


def give_esr_staff_number(user_ids: list[int], number: str) -> None:
    """As if each of these people had typed this ESR staff number on their profile (duplicates for the ESR
    reconciliation report, which no one person can make)."""
    from .models import Profile

    Profile.objects.filter(user_id__in=user_ids).update(esr_staff_number=number)
