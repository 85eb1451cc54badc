"""With two-factor authentication on, the password alone never gives a signed-in session, by any route.

And the admin opens only through allauth's sign-in, for staff whose session used the second factor.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.views import RequestLoginCodeView
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse

from clinlead import urls as site_urls
from clinlead.accounts.testing import PASSWORD, Account, account, is_signed_in, reset_password, sign_in_with_password

from .test_registration import confirmation_link

pytestmark = pytest.mark.django_db

urlpatterns = [
    path("test/login/code/", RequestLoginCodeView.as_view(), name="test_request_login_code"),
    *site_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def _allow_a_step_of_clock_drift(settings) -> None:
    settings.MFA_TOTP_TOLERANCE = 1


def assert_not_signed_in(client: Client) -> None:
    assert "_auth_user_id" not in client.session
    assert not is_signed_in(client)


# --- Every route of the site -----------------------------------------------------------------

# A value for each URL parameter, so every route can be requested (a new parameter name fails the
# test below until it has one).
SAMPLES = {
    "programme_key": "example",
    "session_key": "speaking-up",
    "version": "1",
    "number": "1",
    "slug": "about",
    "pathway_key": "by-theme",
    "item_key": "item",
    "file_format": "csv",
    "app_label": "accounts",
    "object_id": "1",
    "content_type_id": "1",
    "url": "anything/",
    "key": "not-a-key",
    "uidb36": "1",
    "token": "not-a-token",
    "upload_id": "1",
    "licence_id": "1",  # licence pages (orgadmin)
    "organisation_id": "1",  # organisation and role pages (orgadmin)
    "grant_id": "1",
    "user_id": "1",
    "provider_id": "keystone",  # single sign-on (sso): no identity provider is set up here
    "organization_slug": "northshire",
    "identity_provider_id": "1",
    "app_id": "1",  # single sign-on's set-up pages (sso)
    "mapping_id": "1",
    "cohort_id": "1",  # trainers' cohorts
    "token_id": "1",  # the ESR API's tokens
    "kind": "no-such-kind",  # ESR reconciliation lists
    "grant_uuid": "5f0c2a8e-0000-4000-8000-000000000001",  # shared records
    "link_uuid": "5f0c2a8e-0000-4000-8000-000000000002",
}


def _sample(name: str) -> str:
    assert name in SAMPLES, f"URL parameter {name!r} needs a sample value in SAMPLES"
    return SAMPLES[name]


def _concrete(pattern: object) -> str:
    text = str(pattern)
    if "(?P<" in text or text.startswith("^") or text.endswith("$"):
        text = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: _sample(m.group(1)), text)
        return text.removeprefix("^").removesuffix("$").replace("\\", "")
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: _sample(m.group(1)), text)


def site_routes(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/") -> Iterator[str]:
    """Every route the site mounts, read from the URL resolver, with sample values for its parameters."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        here = prefix + _concrete(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from site_routes(entry.url_patterns, here)
        else:
            yield here


CREDENTIALS = {
    "login": "totp.staff@nhs.net",
    "email": "totp.staff@nhs.net",
    "username": "totp.staff@nhs.net",
    "password": PASSWORD,
    "oldpassword": PASSWORD,
    "password1": PASSWORD,
    "password2": PASSWORD,
    "next": "/my-learning/",
}


def test_no_route_signs_in_a_two_factor_user_with_the_password_alone(loaded_example: Path) -> None:
    account("totp.staff@nhs.net", two_factor=True, superuser=True)
    routes = sorted(set(site_routes()))
    assert {"/admin/login/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"} <= set(routes)
    for route in routes:
        resolve(route.split("?")[0])  # each sample path really reaches its route
        for method in ("get", "post"):
            client = Client(raise_request_exception=False)
            getattr(client, method)(route, CREDENTIALS)
            assert "_auth_user_id" not in client.session, f"{method.upper()} {route} signed in with a password alone"


# --- The sign-in page stops at the second factor -------------------------------------------


def test_signing_in_with_the_password_stops_at_the_code_and_is_not_signed_in(client: Client) -> None:
    person = account("grace@nhs.net", two_factor=True)
    response = sign_in_with_password(client, "grace@nhs.net")
    assert response["Location"] == reverse("mfa_authenticate")
    assert_not_signed_in(client)
    assert client.get(reverse("mylearning:index"))["Location"].startswith(reverse("account_login"))
    client.post(reverse("mfa_authenticate"), {"code": person.code()})
    assert is_signed_in(client)


# --- Django's admin --------------------------------------------------------------------------


def test_the_admin_sign_in_page_sends_you_to_the_sites_sign_in(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_posting_a_password_to_the_admin_sign_in_signs_nobody_in(client: Client) -> None:
    account("staff@nhs.net", two_factor=True, staff=True)
    account("nofactor.staff@nhs.net", staff=True)
    for email in ("staff@nhs.net", "nofactor.staff@nhs.net"):
        response = client.post("/admin/login/", {"username": email, "password": PASSWORD, "next": "/admin/"})
        assert response["Location"].startswith(reverse("account_login"))
        assert_not_signed_in(client)


def test_thirty_wrong_passwords_for_a_staff_account_are_throttled(client: Client) -> None:
    account("staff@nhs.net", two_factor=True, staff=True)
    answers = [sign_in_with_password(client, "staff@nhs.net", f"wrong-{n}").status_code for n in range(30)]
    assert answers[:5] == [200] * 5  # the form says the password is wrong
    assert set(answers[5:]) == {429}


def test_staff_reach_the_admin_after_the_code(client: Client) -> None:
    staff = account("staff@nhs.net", two_factor=True, staff=True)
    response = client.post(reverse("account_login") + "?next=/admin/", {"login": "staff@nhs.net", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": staff.code()})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_without_two_factor_are_asked_to_turn_it_on_before_the_admin_opens(client: Client) -> None:
    account("nofactor.staff@nhs.net", staff=True)
    sign_in_with_password(client, "nofactor.staff@nhs.net")
    assert is_signed_in(client)  # the rest of the site works
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "The admin needs two-factor authentication" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_staff_session_without_the_code_is_asked_for_it_before_the_admin_opens(client: Client) -> None:
    staff = account("staff@nhs.net", two_factor=True, staff=True)
    client.force_login(staff.user)  # a session whose sign-in did not use the second factor
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2F"
    done = client.post(reverse("mfa_reauthenticate") + "?next=/admin/", {"code": staff.code()})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_admin_cannot_switch_account_by_posting_a_password_to_the_admin_sign_in(client: Client) -> None:
    me = account("me.staff@nhs.net", two_factor=True, staff=True)
    account("other.staff@nhs.net", staff=True, superuser=True)
    sign_in_with_password(client, "me.staff@nhs.net")
    client.post(reverse("mfa_authenticate"), {"code": me.code()})
    client.post("/admin/login/", {"username": "other.staff@nhs.net", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(me.user.pk)


def test_learners_are_refused_the_admin(client: Client) -> None:
    account("learner@nhs.net")
    sign_in_with_password(client, "learner@nhs.net")
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


# --- Other ways in: password reset, email confirmation, login by code ------------------------


@pytest.mark.parametrize("login_on_reset", [False, True])
def test_a_password_reset_does_not_sign_in_without_the_code(client: Client, settings, login_on_reset: bool) -> None:
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    person = account("grace@nhs.net", two_factor=True)
    response = reset_password(client, "grace@nhs.net", "a-brand-new-passphrase-for-grace-9")
    assert response["Location"] == (
        reverse("mfa_authenticate") if login_on_reset else reverse("account_reset_password_from_key_done")
    )
    assert_not_signed_in(client)
    if login_on_reset:
        client.post(reverse("mfa_authenticate"), {"code": person.code()})
        assert is_signed_in(client)


def test_confirming_an_address_does_not_sign_in_a_two_factor_user_without_the_code(client: Client) -> None:
    # Made by an administrator: two-factor on, address not yet confirmed.
    person = account("grace@nhs.net", two_factor=True, verified=False)
    response = sign_in_with_password(client, "grace@nhs.net")
    assert response["Location"] == reverse("account_email_verification_sent")
    confirmed = client.post(confirmation_link())
    assert confirmed["Location"] == reverse("mfa_authenticate")
    assert_not_signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": person.code()})
    assert is_signed_in(client)


@pytest.mark.urls(__name__)
def test_a_login_code_does_not_sign_in_a_two_factor_user_without_the_authenticator_code(
    client: Client, settings
) -> None:
    settings.ACCOUNT_LOGIN_BY_CODE_ENABLED = True
    person: Account = account("grace@nhs.net", two_factor=True)
    client.post(reverse("test_request_login_code"), {"email": "grace@nhs.net"})
    emailed = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", str(mail.outbox[-1].body), re.MULTILINE)
    assert emailed, mail.outbox[-1].body
    response = client.post(reverse("account_confirm_login_code"), {"code": emailed.group(1)})
    assert response["Location"] == reverse("mfa_authenticate")
    assert_not_signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": person.code()})
    assert is_signed_in(client)


def test_sign_in_by_emailed_code_is_not_offered() -> None:
    assert Client().get("/accounts/login/code/").status_code == 404
