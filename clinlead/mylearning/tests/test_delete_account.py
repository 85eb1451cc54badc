"""Deleting an account asks for the password, and the second factor when two-factor authentication is on.

Every attempt counts against a limit, so a session left open cannot be used to guess the password.
"""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from clinlead.accounts.testing import PASSWORD, account

pytestmark = pytest.mark.django_db
URL = "/my-learning/delete-account/"


@pytest.fixture(autouse=True)
def _allow_a_step_of_clock_drift(settings) -> None:
    settings.MFA_TOTP_TOLERANCE = 1


def signed_in_client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_with_two_factor_on_the_page_asks_for_a_code_as_well() -> None:
    person = account("grace@nhs.net", two_factor=True)
    body = signed_in_client(person.user).get(URL).content.decode()
    assert 'name="code"' in body
    assert 'autocomplete="one-time-code"' in body
    assert 'name="code"' not in signed_in_client(account("sam@nhs.net").user).get(URL).content.decode()


def test_with_two_factor_on_the_password_alone_does_not_delete_the_account() -> None:
    person = account("grace@nhs.net", two_factor=True)
    client = signed_in_client(person.user)
    body = client.post(URL, {"password": PASSWORD}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in body
    assert 'href="#code"' in body
    assert "Enter your current password" not in body
    assert client.post(URL, {"password": PASSWORD, "code": "000000"}).status_code == 200
    assert get_user_model().objects.filter(pk=person.user.pk).exists()


def test_the_password_and_a_current_code_delete_the_account() -> None:
    person = account("grace@nhs.net", two_factor=True)
    response = signed_in_client(person.user).post(URL, {"password": PASSWORD, "code": person.code()})
    assert response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=person.user.pk).exists()


def test_an_unused_recovery_code_does_instead_of_the_app() -> None:
    person = account("grace@nhs.net", two_factor=True)
    signed_in_client(person.user).post(URL, {"password": PASSWORD, "code": person.recovery_codes[0]})
    assert not get_user_model().objects.filter(pk=person.user.pk).exists()


def test_a_code_already_used_is_refused() -> None:
    person = account("grace@nhs.net", two_factor=True)
    client = signed_in_client(person.user)
    code = person.code()
    client.post(URL, {"password": "wrong-password", "code": code})  # a wrong password does not spend the code
    assert get_user_model().objects.filter(pk=person.user.pk).exists()
    client.post("/accounts/2fa/reauthenticate/", {"code": code})  # spent elsewhere
    body = client.post(URL, {"password": PASSWORD, "code": code}).content.decode()
    assert "Enter the 6-digit code" in body
    assert get_user_model().objects.filter(pk=person.user.pk).exists()


def test_a_wrong_password_is_named_even_with_a_right_code() -> None:
    person = account("grace@nhs.net", two_factor=True)
    body = signed_in_client(person.user).post(URL, {"password": "nope", "code": person.code()}).content.decode()
    assert 'href="#password"' in body
    assert "Enter your current password to delete your account" in body
    assert get_user_model().objects.filter(pk=person.user.pk).exists()


@pytest.mark.parametrize("two_factor", [False, True])
def test_repeated_failed_attempts_are_paused_with_a_429(two_factor: bool) -> None:
    person = account("grace@nhs.net", two_factor=two_factor)
    client = signed_in_client(person.user)
    answers = [client.post(URL, {"password": f"guess-{n}", "code": "000000"}).status_code for n in range(5)]
    assert answers == [200] * 5
    paused = client.post(URL, {"password": PASSWORD, "code": person.code() if two_factor else ""})
    assert paused.status_code == 429
    assert "Too many attempts" in paused.content.decode()
    assert get_user_model().objects.filter(pk=person.user.pk).exists()
