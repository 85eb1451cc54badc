"""Registering, confirming the email address, signing in, and eligibility for free access."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from clinlead.accounts.api import learner
from clinlead.accounts.eligibility import check_email
from clinlead.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-and-unusual-passphrase-41"


def register(client: Client, email: str, **overrides: str) -> Any:
    data = {
        "email": email,
        "name_on_certificates": "Amara Okafor",
        "profession": "nurse",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    } | overrides
    return client.post("/accounts/signup/", data)


def confirmation_link() -> str:
    body = str(mail.outbox[-1].body)
    match = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", body)
    assert match, body
    return match.group(0).split("testserver", 1)[-1]


def test_registering_sends_a_confirmation_link_and_confirming_signs_you_in(client: Client) -> None:
    response = register(client, "amara.okafor@nhs.net")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "Confirm" in mail.outbox[-1].subject
    link = confirmation_link()
    assert "Confirm that" in client.get(link).content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    assert "You have free access." in profile.content.decode()
    assert "Amara Okafor" in profile.content.decode()


def test_you_cannot_sign_in_before_confirming_your_email(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    Client().post("/accounts/login/", {"login": "amara.okafor@nhs.net", "password": PASSWORD})
    assert Client().get("/accounts/profile/").status_code == 302


def test_registration_needs_the_terms_accepted_and_says_so(client: Client) -> None:
    response = register(client, "amara.okafor@nhs.net", accept_terms="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "You need to accept the terms of use to create an account" in body
    assert 'href="#id_accept_terms"' in body
    assert not User.objects.exists()


def test_an_email_outside_health_and_care_is_told_how_to_get_access(client: Client) -> None:
    register(client, "amara@example.com")
    client.post(confirmation_link())
    body = client.get("/accounts/profile/").content.decode()
    assert "does not have free access yet" in body
    assert "example.com is not on our list of health and care email domains" in body
    assert not learner(User.objects.get().pk).eligible_for_free_access


@pytest.mark.parametrize(
    ("email", "eligible"),
    [
        ("a@nhs.net", True),
        ("a@leedsth.nhs.uk", True),
        ("a@wales.nhs.uk", True),
        ("a@hscni.net", True),
        ("a@NHS.NET", True),
        ("a@notnhs.net", False),
        ("a@nhs.net.example.com", False),
        ("a@gmail.com", False),
    ],
)
def test_eligibility_is_decided_by_the_email_domain_and_its_subdomains(email: str, eligible: bool) -> None:
    assert check_email(email).eligible is eligible


def test_the_allow_list_is_configurable(settings) -> None:
    settings.ELIGIBLE_EMAIL_DOMAINS = ["care.example.org"]
    assert check_email("a@home.care.example.org").eligible
    assert not check_email("a@nhs.net").eligible


def test_you_can_change_your_details(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    client.post(confirmation_link())
    response = client.post(
        "/accounts/profile/edit/",
        {
            "name_on_certificates": "Amara N. Okafor",
            "profession": "midwife",
            "job_role": "Labour ward coordinator",
            "place_of_work": "St Elsewhere",
            "registration_body": "nmc",
            "registration_number": "12A3456B",
            "esr_staff_number": "",
        },
    )
    assert response.status_code == 302
    body = client.get("/accounts/profile/").content.decode()
    assert "Amara N. Okafor" in body
    assert "Nursing and Midwifery Council (NMC) 12A3456B" in body


def test_a_registration_number_needs_its_body(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    client.post(confirmation_link())
    response = client.post(
        "/accounts/profile/edit/",
        {"name_on_certificates": "A", "profession": "nurse", "registration_number": "123", "registration_body": ""},
    )
    assert "Choose the body that holds your registration" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]
)
def test_account_pages_use_the_site_layout(client: Client, path: str) -> None:
    body = client.get(path).content.decode()
    assert "nhsuk-header" in body
    assert "nhsuk-frontend-10.6.1.min.css" in body
