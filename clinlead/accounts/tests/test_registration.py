"""Registering, confirming the email address, signing in, and eligibility for free access."""

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from clinlead.accounts.api import learner
from clinlead.accounts.eligibility import check_email
from clinlead.accounts.models import User
from clinlead.accounts.testing import PASSWORD
from clinlead.authoring.testing import load_content as load_content_read_once

pytestmark = pytest.mark.django_db


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


def profile_rows(body: str) -> dict[str, str]:
    """The profile page's summary list as {key: value}, each with its spacing collapsed."""
    pairs = re.findall(
        r'<dt class="nhsuk-summary-list__key"\s*>(.*?)</dt>\s*<dd class="nhsuk-summary-list__value"\s*>(.*?)</dd>',
        body,
        re.S,
    )
    return {" ".join(key.split()): " ".join(value.split()) for key, value in pairs}


def test_registering_sends_a_confirmation_link_and_confirming_signs_you_in(client: Client) -> None:
    response = register(client, "amara.okafor@nhs.net")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "Confirm" in mail.outbox[-1].subject
    assert client.get("/accounts/profile/").status_code == 302  # not signed in until the link is followed
    link = confirmation_link()
    assert "Confirm that" in client.get(link).content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 200
    body = profile.content.decode()
    assert "<p><strong>You have free access.</strong> nhs.net is a health and care email domain" in body
    assert "&lt;" not in body  # no markup shown as text
    assert profile_rows(body)["Name on certificates"] == "Amara Okafor"


def test_you_cannot_sign_in_before_confirming_your_email(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    # The right password, on the same browser that registered: sent to confirm the address instead.
    response = client.post("/accounts/login/", {"login": "amara.okafor@nhs.net", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    profile = client.get("/accounts/profile/")
    assert profile.status_code == 302
    assert profile["Location"].startswith("/accounts/login/")


def test_registration_needs_the_terms_accepted_and_says_so(client: Client) -> None:
    response = register(client, "amara.okafor@nhs.net", accept_terms="")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Confirm that you accept the terms of use" in body
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
    assert profile_rows(client.get("/accounts/profile/").content.decode()) == {
        "Name on certificates": "Amara N. Okafor",
        "Email": "amara.okafor@nhs.net",
        "Profession": "Midwife",
        "Job role": "Labour ward coordinator",
        "Place of work": "St Elsewhere",
        "Professional registration": "Nursing and Midwifery Council (NMC) 12A3456B",
        "ESR staff number": "Not given",
    }


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


def test_the_registration_page_says_which_addresses_qualify_and_the_other_routes(client: Client, settings) -> None:
    from tests.content_fixtures import STARTER

    load_content_read_once(STARTER)
    body = client.get("/accounts/signup/").content.decode()
    domains = re.search(r'<ul class="nhsuk-list nhsuk-list--bullet" id="eligible-domains">(.*?)</ul>', body, re.S)
    assert domains
    assert re.findall(r"<li>([^<]+)</li>", domains.group(1)) == [
        "nhs.net",
        "nhs.uk",
        "nhs.scot",
        "scot.nhs.uk",
        "hscni.net",
        "nhs.wales",
    ]
    other_routes = body[body.index('id="not-eligible"') :]
    programme = "/programmes/leadership-for-clinicians"
    assert f'href="{programme}/#samples"' in other_routes
    assert f'href="{programme}/library/"' in other_routes
    assert "Licences for organisations whose staff do not qualify are planned" in other_routes
    terms = body.index(f'<a href="{programme}/pages/terms/">terms of use</a>')
    assert terms < body.index('name="accept_terms"')
    settings.ELIGIBLE_EMAIL_DOMAINS = ["care.example.org"]  # the list shown is the one in force
    assert "<li>care.example.org</li>" in client.get("/accounts/signup/").content.decode()


def test_accepting_the_terms_is_recorded_on_the_profile(client: Client) -> None:
    register(client, "amara.okafor@nhs.net")
    assert User.objects.get().profile.accepted_terms_at is not None
