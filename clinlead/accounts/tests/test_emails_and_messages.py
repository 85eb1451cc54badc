"""The emails allauth sends, and the messages it shows after an action, are in our words: each email as plain text
and as accessible HTML, naming the programme and the site's real address."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from clinlead.accounts.emails import EMAILS, render
from clinlead.accounts.testing import PASSWORD, account, reset_password, sign_in_with_password

from .test_registration import register

pytestmark = pytest.mark.django_db
TITLE = "Leadership for Clinicians"
THEIR_WORDS = ("Hello from", "You're receiving", "Thank you for using", "Please", "Successfully", "Click")


def html_of(message: Any) -> str:
    """The HTML part of an email allauth sent (an EmailMultiAlternatives, typed as EmailMessage by Django)."""
    alternatives = [content for content, kind in message.alternatives if kind == "text/html"]
    assert len(alternatives) == 1, message.subject
    return str(alternatives[0])


def assert_ours(message: Any, subject: str) -> tuple[str, str]:
    assert message.subject == f"[{TITLE}] {subject}"
    text, html = str(message.body), html_of(message)
    for body in (text, html):
        assert TITLE in body
        assert settings.SITE_URL in body
        for words in THEIR_WORDS:
            assert words not in body, words
    assert '<html lang="en">' in html
    assert f"<title>{subject} – {TITLE}</title>" in html
    assert re.search(rf"<h1[^>]*>{subject}</h1>", html)
    return text, html


def assert_link(text: str, html: str, link_text: str) -> str:
    """The link is in the text on a line of its own, and in the HTML behind words that say where it goes."""
    link = re.search(r"^(https?://\S+)$", text, re.M)
    assert link, text
    assert re.search(rf'<a href="{re.escape(link.group(1))}"[^>]*>{link_text}</a>', html)
    return link.group(1)


def test_the_confirmation_email_says_why_it_came_and_links_to_confirm(client: Client, loaded_starter: Path) -> None:
    register(client, "amara.okafor@nhs.net")
    text, html = assert_ours(mail.outbox[-1], "Confirm your email address")
    assert "amara.okafor@nhs.net" in text
    link = assert_link(text, html, "Confirm your email address")
    assert "/accounts/confirm-email/" in link


def test_the_password_reset_email_links_to_a_new_password(client: Client, loaded_starter: Path) -> None:
    account("forgetful@nhs.net")
    client.post(reverse("account_reset_password"), {"email": "forgetful@nhs.net"})
    text, html = assert_ours(mail.outbox[-1], "Reset your password")
    assert "/accounts/password/reset/key/" in assert_link(text, html, "Choose a new password")


def test_a_reset_for_an_address_without_an_account_says_so(client: Client, loaded_starter: Path) -> None:
    client.post(reverse("account_reset_password"), {"email": "nobody@nhs.net"})
    text, html = assert_ours(mail.outbox[-1], "There is no account with this email address")
    assert "/accounts/signup/" in assert_link(text, html, "Create an account")


def test_changing_your_password_is_confirmed_by_email_and_on_the_page(client: Client, loaded_starter: Path) -> None:
    account("learner@nhs.net")
    sign_in_with_password(client, "learner@nhs.net")
    reset_password(Client(), "learner@nhs.net", "a-brand-new-passphrase-77")
    assert_ours(mail.outbox[-1], "Your password has been reset")


def test_every_email_we_word_has_text_and_html_with_the_programme_and_site(loaded_starter: Path) -> None:
    context = {
        "email": "learner@nhs.net",
        "activate_url": "https://example.test/confirm/",
        "password_reset_url": "https://example.test/reset/",
        "signup_url": "https://example.test/signup/",
        "code": "ABCD-1234",
        "from_email": "old@nhs.net",
        "to_email": "new@nhs.net",
        "deleted_email": "old@nhs.net",
        "invite_url": "https://example.test/accounts/invitation/1/token/",
        "organisation": "Northshire Teaching Hospitals",
        "days": 14,
        # Reminders about assigned learning (mylearning/reminders.py).
        "who": "Pat Manager at Northshire Teaching Hospitals",
        "session": "Working within teams",
        "due": "31 March 2027",
        "play_url": "https://example.test/programmes/p/sessions/s/play/",
        "my_learning_url": "https://example.test/my-learning/",
        # A record shared with a supervisor (sharing/services.py).
        "learner": "Priya Shah",
        "learner_email": "priya@example.com",
        "ends": "31 March 2027",
        "extra": " and their reflections",
        "record_url": "https://example.test/shared-with-me/5f0c2a8e-0000-4000-8000-000000000001/",
    }
    for prefix, wording in EMAILS.items():
        message = render(prefix, context, settings.DEFAULT_FROM_EMAIL, ["learner@nhs.net"])
        text, html = assert_ours(message, wording.subject)
        if wording.link:
            assert_link(text, html, wording.link_text)
        if wording.code:
            assert re.search(r"^ABCD-1234$", text, re.M), prefix
        assert "{" not in text, prefix  # every value it names was filled in


def test_signing_in_and_out_say_so_in_our_words(client: Client, loaded_starter: Path) -> None:
    account("learner@nhs.net")
    signed_in = client.post(reverse("account_login"), {"login": "learner@nhs.net", "password": PASSWORD}, follow=True)
    assert "You are signed in." in signed_in.content.decode()
    signed_out = client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in signed_out.content.decode()
