"""Every account and two-factor page in the site's look, and the journeys through them.

allauth's views render our Jinja2 templates (clinlead/accounts/jinja2/account/ and mfa/).
"""

import re
import time
from typing import TYPE_CHECKING

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from clinlead import urls as site_urls
from clinlead.accounts.api import learner
from clinlead.accounts.models import User
from clinlead.accounts.testing import PASSWORD, totp_code

from .test_registration import confirmation_link, register

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase-for-tests-77"


# Two pages no URL of ours renders with the settings we have: the address list allauth shows when
# ACCOUNT_CHANGE_EMAIL is off, and the page its verified_email_required decorator shows.
def _protected_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the protected page")


_needs_a_verified_email = verified_email_required(_protected_page)


urlpatterns = [
    path("test/email-addresses/", EmailView.as_view(template_name="account/email.html"), name="test_email_list"),
    path("test/needs-verified-email/", _needs_a_verified_email, name="test_needs_verified_email"),
    *site_urls.urlpatterns,
]


def assert_site_page(body: str) -> None:
    """The site layout, one h1, and CSRF on every form that posts."""
    assert "nhsuk-header" in body
    assert "nhsuk-frontend-10.6.1.min.css" in body
    assert body.count("<h1") == 1, re.findall(r"<h1[^>]*>.*?</h1>", body, re.DOTALL)
    for form in re.findall(r'<form[^>]*method="post".*?</form>', body, re.DOTALL):
        assert 'name="csrfmiddlewaretoken"' in form, form


def signed_in(client: Client, email: str) -> User:
    """A learner who has registered and followed the confirmation link (which signs them in)."""
    register(client, email)
    client.post(confirmation_link())
    return User.objects.get(email=email)


def confirm_password(client: Client) -> None:
    """allauth asks for the password again before any change to two-factor settings."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def turn_on_two_factor(client: Client) -> str:
    """Turns on the authenticator app through its pages and returns the setup key shown there."""
    asked = client.get(reverse("mfa_activate_totp"))
    if asked.status_code == 302:
        assert asked["Location"].startswith(reverse("account_reauthenticate"))
        client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = re.search(r'<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>', page)
    assert secret, page
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert response.status_code == 302, response.content.decode()
    return secret.group(1).replace(" ", "")


def sign_in(client: Client, email: str, password: str = PASSWORD) -> "TestResponse":
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.fixture(autouse=True)
def _allow_a_step_of_clock_drift(settings) -> None:
    """A code computed at the end of a 30-second step may be checked at the start of the next."""
    settings.MFA_TOTP_TOLERANCE = 1


# --- Every page renders in the site layout ---------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_inactive",
        "account_email_verification_sent",
    ],
)
def test_signed_out_account_pages_use_the_site_layout(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


def test_a_used_or_wrong_password_reset_link_says_so_in_the_site_layout(client: Client) -> None:
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "not-a-key"}))
    body = response.content.decode()
    assert_site_page(body)
    assert "This link no longer works" in body
    assert reverse("account_reset_password") in body


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "account_logout",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
    ],
)
def test_signed_in_account_pages_use_the_site_layout(client: Client, name: str) -> None:
    signed_in(client, f"page.{name}@nhs.net")
    confirm_password(client)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_reauthenticate",
        "account_reauthenticate",
    ],
)
def test_two_factor_pages_use_the_site_layout_once_it_is_on(client: Client, name: str) -> None:
    signed_in(client, f"twofactor.{name}@nhs.net")
    turn_on_two_factor(client)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


def test_someone_without_a_password_is_asked_to_set_one(client: Client) -> None:
    user = signed_in(client, "no.password@nhs.net")
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client.force_login(user)
    response = client.get(reverse("account_change_password"), follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("account_set_password")
    assert_site_page(body)
    assert "Set a password" in body
    client.post(reverse("account_set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_closed_signup_says_so_in_the_site_layout(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DefaultAccountAdapter, "is_open_for_signup", lambda adapter, request: False)
    body = client.get(reverse("account_signup")).content.decode()
    assert_site_page(body)
    assert "You cannot create an account at the moment" in body


@pytest.mark.urls(__name__)
def test_a_page_that_needs_a_confirmed_address_asks_for_one_in_the_site_layout(client: Client) -> None:
    register(client, "unconfirmed@nhs.net")
    client.force_login(User.objects.get(email="unconfirmed@nhs.net"))
    body = client.get(reverse("test_needs_verified_email")).content.decode()
    assert_site_page(body)
    assert "Confirm your email address first" in body
    assert "the protected page" not in body


# --- Forgotten password ----------------------------------------------------------------------


def test_a_forgotten_password_is_reset_through_the_emailed_link(client: Client) -> None:
    signed_in(client, "forgetful@nhs.net")
    client.post(reverse("account_logout"))

    response = client.post(reverse("account_reset_password"), {"email": "forgetful@nhs.net"})
    assert response["Location"] == reverse("account_reset_password_done")
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body

    # allauth moves the key out of the address before showing the form.
    form_page = client.get(link.group(1), follow=True)
    body = form_page.content.decode()
    assert_site_page(body)
    assert "Choose a new password" in body
    assert 'autocomplete="new-password"' in body

    mismatch = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": "different"})
    assert 'href="#id_password2"' in mismatch.content.decode()

    done = client.post(form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    assert "Your password has been changed" in client.get(done["Location"]).content.decode()

    assert "This link no longer works" in client.get(link.group(1), follow=True).content.decode()  # it works once
    assert sign_in(Client(), "forgetful@nhs.net", PASSWORD).status_code == 200  # the old one is refused
    assert sign_in(client, "forgetful@nhs.net", NEW_PASSWORD).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_asking_to_reset_needs_an_email_address_and_points_to_the_field(client: Client) -> None:
    body = client.post(reverse("account_reset_password"), {"email": ""}).content.decode()
    assert "There is a problem" in body
    assert 'href="#id_email"' in body


# --- Changing the password -------------------------------------------------------------------


def test_you_can_change_your_password_and_sign_in_with_the_new_one(client: Client) -> None:
    signed_in(client, "changer@nhs.net")

    wrong = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not-my-password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    body = wrong.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_oldpassword"' in body
    assert 'autocomplete="current-password"' in body

    changed = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in here
    assert sign_in(Client(), "changer@nhs.net", PASSWORD).status_code == 200
    assert sign_in(Client(), "changer@nhs.net", NEW_PASSWORD).status_code == 302


# --- Email address ---------------------------------------------------------------------------


def test_changing_to_a_work_address_gives_free_access_once_confirmed(client: Client) -> None:
    user = signed_in(client, "home.learner@example.com")
    assert not learner(user.pk).eligible_for_free_access

    response = client.post(reverse("account_email"), {"email": "work.learner@nhs.net", "action_add": ""})
    assert response.status_code == 302
    pending = client.get(reverse("account_email")).content.decode()
    assert_site_page(pending)
    assert "work.learner@nhs.net" in pending
    assert 'name="action_send"' in pending
    assert not learner(user.pk).eligible_for_free_access  # not until the link is followed

    client.post(confirmation_link())

    assert EmailAddress.objects.get(user=user, primary=True).email == "work.learner@nhs.net"
    assert not EmailAddress.objects.filter(email="home.learner@example.com").exists()
    assert learner(user.pk).email == "work.learner@nhs.net"
    assert learner(user.pk).eligible_for_free_access


def test_a_pending_address_change_can_be_cancelled(client: Client) -> None:
    user = signed_in(client, "cancel.change@example.com")
    client.post(reverse("account_email"), {"email": "cancel.change@nhs.net", "action_add": ""})
    pending = EmailAddress.objects.filter(user=user, email="cancel.change@nhs.net", verified=False)
    assert pending.exists()  # the change is really pending before it is cancelled
    client.post(reverse("account_email"), {"email": "cancel.change@nhs.net", "action_remove": ""})
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == ["cancel.change@example.com"]


def test_an_invalid_new_address_points_to_the_field(client: Client) -> None:
    signed_in(client, "typo@nhs.net")
    body = client.post(reverse("account_email"), {"email": "not an address", "action_add": ""}).content.decode()
    assert "There is a problem" in body
    assert 'href="#id_email"' in body


@pytest.mark.urls(__name__)
def test_with_several_addresses_making_a_work_one_primary_gives_free_access(client: Client, settings) -> None:
    settings.ACCOUNT_CHANGE_EMAIL = False
    user = signed_in(client, "two.addresses@example.com")

    client.post(reverse("account_email"), {"email": "two.addresses@nhs.net", "action_add": ""})
    client.post(confirmation_link())
    assert not learner(user.pk).eligible_for_free_access  # confirmed, but not yet primary

    listing = client.get(reverse("test_email_list")).content.decode()
    assert_site_page(listing)
    assert 'value="two.addresses@nhs.net"' in listing
    assert 'name="action_primary"' in listing

    client.post(reverse("account_email"), {"email": "two.addresses@nhs.net", "action_primary": ""})

    assert learner(user.pk).email == "two.addresses@nhs.net"
    assert learner(user.pk).eligible_for_free_access


# --- Two-factor authentication ---------------------------------------------------------------


def test_changing_two_factor_settings_asks_for_your_password_first(client: Client) -> None:
    signed_in(client, "password.first@nhs.net")
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"] == reverse("account_reauthenticate") + "?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    page = client.get(asked["Location"]).content.decode()
    assert_site_page(page)
    assert 'name="next" value="/accounts/2fa/totp/activate/"' in page

    wrong = client.post(asked["Location"], {"password": "not-my-password"}).content.decode()
    assert 'href="#id_password"' in wrong

    right = client.post(asked["Location"], {"password": PASSWORD})
    assert right["Location"] == reverse("mfa_activate_totp")


def test_turning_on_two_factor_shows_a_qr_code_and_the_key_as_text(client: Client) -> None:
    signed_in(client, "qr.code@nhs.net")
    confirm_password(client)
    body = client.get(reverse("mfa_activate_totp")).content.decode()
    # Drawn inline, not as a data: URI, which the Content-Security-Policy would refuse (img-src 'self').
    assert re.search(r'<div class="clinlead-qr-code" role="img" aria-label="[^"]+"><svg[^>]*>.*</svg></div>', body)
    assert "data:" not in body
    assert re.search(r'<code id="totp-secret"[^>]*>[A-Z2-7]{4}( [A-Z2-7]{1,4})+</code>', body)
    assert 'href="otpauth://totp/' in body
    assert 'autocomplete="one-time-code"' in body

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"}).content.decode()
    assert 'href="#id_code"' in wrong


def test_with_two_factor_on_signing_in_needs_a_code_from_the_app(client: Client) -> None:
    signed_in(client, "two.factor@nhs.net")
    secret = turn_on_two_factor(client)
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert len(re.findall(r"<li>[0-9a-f]{8}</li>", codes)) == 10
    client.post(reverse("account_logout"))

    response = sign_in(client, "two.factor@nhs.net")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:profile")).status_code == 302  # the password alone is not enough
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert_site_page(page)
    assert 'autocomplete="one-time-code"' in page

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
    assert 'href="#id_code"' in wrong
    assert client.get(reverse("accounts:profile")).status_code == 302

    # Step back a period, in case the code that turned it on is the current one (each works once).
    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, time.time() - 30)})
    assert right.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_recovery_code_signs_you_in_when_you_cannot_use_the_app(client: Client) -> None:
    signed_in(client, "lost.phone@nhs.net")
    turn_on_two_factor(client)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    recovery_code = re.findall(r"<li>([0-9a-f]{8})</li>", codes_page)[0]
    client.post(reverse("account_logout"))

    sign_in(client, "lost.phone@nhs.net")
    assert client.get(reverse("accounts:profile")).status_code == 302  # not signed in until the code
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("account_logout"))
    sign_in(client, "lost.phone@nhs.net")
    client.post(reverse("mfa_authenticate"), {"code": recovery_code})  # a recovery code works only once
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_cancelling_at_the_code_step_returns_you_to_sign_in(client: Client) -> None:
    signed_in(client, "cancel.code@nhs.net")
    turn_on_two_factor(client)
    client.post(reverse("account_logout"))
    sign_in(client, "cancel.code@nhs.net")
    response = client.post(reverse("account_logout"), {"next": reverse("account_login")})
    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("mfa_authenticate"))["Location"].startswith(reverse("account_login"))


def test_you_can_turn_two_factor_off(client: Client) -> None:
    signed_in(client, "turn.off@nhs.net")
    turn_on_two_factor(client)
    assert "Turn off" in client.get(reverse("mfa_index")).content.decode()
    client.post(reverse("mfa_deactivate_totp"))
    client.post(reverse("account_logout"))
    assert sign_in(client, "turn.off@nhs.net")["Location"] != reverse("mfa_authenticate")
    assert client.get(reverse("accounts:profile")).status_code == 200
