"""The profile page: the free-access message as markup we wrote (never tags shown as text), whether or not the
learner has free access, and a banner confirming that their details were saved."""

import re

import pytest
from django.test import Client

from clinlead.accounts.testing import make_learner
from tests.factories import signed_in

pytestmark = pytest.mark.django_db


def test_free_access_is_said_in_markup_not_in_escaped_tags() -> None:
    body = signed_in(make_learner("amara@nhs.net")).get("/accounts/profile/").content.decode()
    assert re.search(
        r'<div class="nhsuk-inset-text"\s*>\s*<span class="nhsuk-u-visually-hidden">Information: </span>\s*'
        r"<p><strong>You have free access.</strong> nhs.net is a health and care email domain \(nhs.net\).</p>",
        body,
    )
    assert "&lt;" not in body


def test_no_free_access_is_said_in_markup_too_and_the_reason_stays_text() -> None:
    body = signed_in(make_learner("sam@example.com")).get("/accounts/profile/").content.decode()
    assert "<p>Your account does not have free access yet: example.com is not on our list" in body
    assert "&lt;" not in body


def test_saving_your_details_is_confirmed_by_a_success_banner_once() -> None:
    client: Client = signed_in(make_learner())
    saved = client.post(
        "/accounts/profile/edit/",
        {"name_on_certificates": "Sam Learner-Jones", "profession": "nurse"},
        follow=True,
    )
    body = saved.content.decode()
    assert saved.redirect_chain == [("/accounts/profile/", 302)]
    banner = re.search(
        r'<div\s+class="nhsuk-notification-banner nhsuk-notification-banner--success"(.*?)</div>\s*</div>', body, re.S
    )
    assert banner, body
    assert 'role="alert"' in banner.group(1)
    assert "Success" in banner.group(1)
    assert "Your details have been saved." in banner.group(1)
    assert "Sam Learner-Jones" in body
    assert "Your details have been saved." not in client.get("/accounts/profile/").content.decode()


def test_a_form_with_errors_is_not_confirmed() -> None:
    client = signed_in(make_learner())
    body = client.post("/accounts/profile/edit/", {"name_on_certificates": "", "profession": "nurse"}).content.decode()
    assert "Your details have been saved." not in body
    assert "Your details have been saved." not in client.get("/accounts/profile/").content.decode()
