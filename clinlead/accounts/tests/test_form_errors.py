"""Every account form says what is wrong in our words, in the order of its fields, in the NHS.UK error summary and
beside each field; never Django's "This field is required." nor allauth's own wording."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.accounts.testing import PASSWORD, account, sign_in_with_password
from tests.factories import signed_in

pytestmark = pytest.mark.django_db
THEIR_WORDS = ("This field is required", "You must type the same", "are not correct", "Incorrect", "Please type")


def summary(response: Any) -> list[str]:
    """The error summary's messages, in order; each must also stand beside its field."""
    body = response.content.decode()
    for words in THEIR_WORDS:
        assert words not in body
    found = re.search(r'<ul class="nhsuk-list nhsuk-error-summary__list">.*?</ul>', body, re.S)
    assert found, body
    listed = re.findall(r"<li>(.*?)</li>", found.group(0), re.S)
    items = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in listed]
    for item in items:
        assert body.count(item) >= 2 or item.startswith("The email address or password"), item
    return items


def test_registration_with_nothing_filled_in_lists_each_field_in_page_order(client: Client) -> None:
    assert summary(client.post(reverse("account_signup"), {})) == [
        "Enter your email address",
        "Enter your full name",
        "Select your profession",
        "Enter a password",
        "Enter the password again",
        "Confirm that you accept the terms of use",
    ]


def test_registration_says_what_is_wrong_with_an_address_and_passwords(client: Client) -> None:
    data = {"email": "amara.nhs.net", "name_on_certificates": "Amara Okafor", "profession": "nurse"}
    short = client.post(
        reverse("account_signup"), data | {"password1": "x7Kq", "password2": "x7Kq", "accept_terms": "on"}
    )
    assert summary(short) == [
        "Enter an email address in the correct format, like name@nhs.net",
        "Enter a password of at least 8 characters",
    ]
    different = client.post(
        reverse("account_signup"),
        data | {"email": "amara@nhs.net", "password1": PASSWORD, "password2": PASSWORD + "x", "accept_terms": "on"},
    )
    assert summary(different) == ["The passwords do not match. Enter the same password in both boxes"]
    common = client.post(
        reverse("account_signup"),
        data | {"email": "amara@nhs.net", "password1": "password123", "password2": "password123", "accept_terms": "on"},
    )
    assert summary(common) == [
        "Choose a less common password: this one is on a list of passwords that are easy to guess"
    ]


def test_sign_in_says_what_to_enter_and_when_it_is_not_right(client: Client) -> None:
    assert summary(client.post(reverse("account_login"), {})) == ["Enter your email address", "Enter your password"]
    account("learner@nhs.net")
    wrong = sign_in_with_password(client, "learner@nhs.net", "not-the-password")
    assert summary(wrong) == ["The email address or password is not right. Check both and try again"]


def test_password_reset_asks_for_the_address(client: Client) -> None:
    assert summary(client.post(reverse("account_reset_password"), {"email": ""})) == ["Enter your email address"]


def test_changing_your_password_says_what_to_enter(client: Client) -> None:
    learner = signed_in(account("learner@nhs.net").user)
    assert summary(learner.post(reverse("account_change_password"), {})) == [
        "Enter your current password",
        "Enter a new password",
        "Enter the new password again",
    ]
    new = "another-long-passphrase-57"
    wrong = learner.post(
        reverse("account_change_password"), {"oldpassword": "nope", "password1": new, "password2": new}
    )
    assert summary(wrong) == ["Your current password is not right. Check it and try again"]


def test_changing_your_email_address_says_what_to_enter(client: Client) -> None:
    learner = signed_in(account("learner@nhs.net").user)
    response = learner.post(reverse("account_email"), {"action_add": "", "email": ""})
    assert summary(response) == ["Enter the email address you want to use"]


def test_the_two_factor_code_says_what_to_enter_and_when_it_is_not_right(client: Client) -> None:
    person = account("learner@nhs.net", two_factor=True)
    sign_in_with_password(client, person.user.email)
    assert summary(client.post(reverse("mfa_authenticate"), {"code": ""})) == [
        "Enter the code from your authenticator app, or one of your recovery codes"
    ]
    assert summary(client.post(reverse("mfa_authenticate"), {"code": "000000"})) == [
        "The code is not right. Enter the code your authenticator app shows now"
    ]


def test_your_details_say_what_to_enter(client: Client) -> None:
    learner = signed_in(account("learner@nhs.net").user)
    response = learner.post(reverse("accounts:edit-profile"), {"name_on_certificates": "", "profession": ""})
    assert summary(response) == ["Enter your full name", "Select your profession"]
