"""An address nobody has confirmed reserves nothing, and a confirmation link works only for whoever asked.

The attack: learner B adds grace@nhs.net (unregistered) to their account. Grace registers with it;
allauth, seeing the address on B's account, made no account for her, and the only email she got
was B's confirmation link, which moved her address onto B's account and gave B free access.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from clinlead.accounts.api import learner
from clinlead.accounts.models import User
from clinlead.accounts.testing import PASSWORD, account, is_signed_in, sign_in_with_password

from .test_registration import register

pytestmark = pytest.mark.django_db
B_PASSWORD = "b-has-a-long-passphrase-too-123"


def links_to(address: str) -> list[str]:
    """The confirmation links emailed to an address, oldest first."""
    found = []
    for message in mail.outbox:
        if address.lower() in [to.lower() for to in message.to]:
            found += re.findall(r"https?://testserver(/accounts/confirm-email/[^\s]+/)", str(message.body))
    return found


def learner_b_adds(address: str) -> tuple[Client, User]:
    """Learner B, signed in, with a confirmed example.com address, adds `address` on /accounts/email/."""
    b = Client()
    person = account("b@example.com")
    sign_in_with_password(b, "b@example.com")
    response = b.post(reverse("account_email"), {"email": address, "action_add": ""})
    assert response.status_code == 302, response.content.decode()
    return b, person.user


def assert_b_unchanged(b_user: User) -> None:
    b_user.refresh_from_db()
    assert b_user.email == "b@example.com"
    assert EmailAddress.objects.get(user=b_user, primary=True).email == "b@example.com"
    assert not EmailAddress.objects.filter(user=b_user, verified=True).exclude(email="b@example.com").exists()
    assert not learner(b_user.pk).eligible_for_free_access


# (what B adds, what Grace types when she registers): the same mailbox each time.
VARIANTS = [
    ("grace@nhs.net", "grace@nhs.net"),
    ("GRACE@NHS.NET", "grace@nhs.net"),
    ("grace@nhs.net", "  GRACE@nhs.net  "),
    ("grace+b@nhs.net", "grace+b@nhs.net"),
]


@pytest.mark.parametrize(("added_by_b", "typed_by_grace"), VARIANTS)
def test_registering_with_an_address_pending_on_another_account_makes_your_own_account(
    added_by_b: str, typed_by_grace: str
) -> None:
    _, b_user = learner_b_adds(added_by_b)
    address = added_by_b.lower()
    assert len(links_to(address)) == 1  # B's link, in Grace's mailbox

    grace = Client()
    response = register(grace, typed_by_grace)
    assert response["Location"] == reverse("account_email_verification_sent")
    grace_user = User.objects.get(email=address)
    assert grace_user.pk != b_user.pk
    assert not learner(grace_user.pk).eligible_for_free_access  # not before she confirms

    b_link, grace_link = links_to(address)  # her own link arrives, despite B's a moment ago
    assert grace.post(grace_link).status_code == 302
    assert is_signed_in(grace)
    assert learner(grace_user.pk).email == address
    assert learner(grace_user.pk).eligible_for_free_access
    assert not EmailAddress.objects.filter(user=b_user, email=address).exists()  # B's claim is gone
    assert "expired or has already been used" in grace.get(b_link).content.decode()
    assert_b_unchanged(b_user)


@pytest.mark.parametrize("added_by_b", ["grace@nhs.net", "GRACE@NHS.NET", " grace@nhs.net ", "grace+b@nhs.net"])
def test_following_someone_elses_link_for_your_address_changes_nothing_and_says_why(added_by_b: str) -> None:
    _, b_user = learner_b_adds(added_by_b)
    (link,) = links_to(added_by_b.strip())

    grace = Client()  # Grace, not signed in, opens the link from her mailbox
    page = grace.get(link).content.decode()
    assert "This link is for another account" in page
    assert "for an account you are not signed in to" in page
    assert 'method="post"' not in page
    assert grace.post(link).status_code == 403
    assert_b_unchanged(b_user)
    assert not EmailAddress.objects.get(user=b_user, email=added_by_b.strip().lower()).verified
    assert not is_signed_in(grace)


def test_a_signed_in_learner_following_someone_elses_link_stays_signed_in_and_changes_nothing() -> None:
    _, b_user = learner_b_adds("grace@nhs.net")
    (link,) = links_to("grace@nhs.net")
    grace = Client()
    account("grace.home@example.com")
    sign_in_with_password(grace, "grace.home@example.com")

    page = grace.get(link).content.decode()
    assert "You are signed in as grace.home@example.com" in page
    assert grace.post(link).status_code == 403
    assert is_signed_in(grace)  # opening a link does not sign anyone out
    assert_b_unchanged(b_user)


def test_the_account_that_asked_can_confirm_its_own_pending_address() -> None:
    b, b_user = learner_b_adds("b.work@nhs.net")
    (link,) = links_to("b.work@nhs.net")
    assert b.post(link).status_code == 302
    assert learner(b_user.pk).email == "b.work@nhs.net"
    assert learner(b_user.pk).eligible_for_free_access


def test_after_grace_confirms_her_address_it_cannot_be_claimed_by_anyone_else(settings) -> None:
    settings.ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN = 0  # as if B asked again later: a link is sent
    grace = Client()
    register(grace, "grace@nhs.net")
    grace.post(links_to("grace@nhs.net")[-1])
    b, b_user = learner_b_adds("grace@nhs.net")  # allowed, so as not to reveal who is registered

    link = links_to("grace@nhs.net")[-1]
    assert "already confirmed on another account" in b.get(link).content.decode()
    b.post(link)
    assert not EmailAddress.objects.get(user=b_user, email="grace@nhs.net").verified
    b.post(reverse("account_email"), {"email": "grace@nhs.net", "action_primary": ""})
    assert_b_unchanged(b_user)
    assert learner(User.objects.get(email="grace@nhs.net").pk).eligible_for_free_access


def test_an_unconfirmed_registration_with_your_address_does_not_stop_you_registering() -> None:
    attacker = Client()
    register(attacker, "grace@nhs.net", password1="attackers-passphrase-9876", password2="attackers-passphrase-9876")
    (attackers_link,) = links_to("grace@nhs.net")
    assert not is_signed_in(attacker)  # mandatory confirmation: the attacker cannot use it

    grace = Client()
    register(grace, "grace@nhs.net")
    grace_user = User.objects.get(email="grace@nhs.net")
    assert grace_user.check_password(PASSWORD)
    assert User.objects.filter(email__iexact="grace@nhs.net").count() == 1
    assert "expired or has already been used" in grace.get(attackers_link).content.decode()

    grace.post(links_to("grace@nhs.net")[-1])
    assert is_signed_in(grace)
    assert learner(grace_user.pk).eligible_for_free_access
    sign_in_with_password(attacker, "grace@nhs.net", "attackers-passphrase-9876")
    assert not is_signed_in(attacker)


def test_following_the_link_of_a_registration_someone_else_made_with_your_address_confirms_nothing() -> None:
    attacker = Client()
    register(attacker, "grace@nhs.net", password1="attackers-passphrase-9876", password2="attackers-passphrase-9876")
    (link,) = links_to("grace@nhs.net")

    grace = Client()
    assert grace.post(link).status_code == 403
    assert not EmailAddress.objects.get(email="grace@nhs.net").verified
    sign_in_with_password(attacker, "grace@nhs.net", "attackers-passphrase-9876")
    assert not is_signed_in(attacker)
    assert not learner(User.objects.get(email="grace@nhs.net").pk).eligible_for_free_access


def test_registering_on_one_device_and_confirming_on_another_asks_you_to_sign_in_there_first() -> None:
    register(Client(), "amara@nhs.net")
    (link,) = links_to("amara@nhs.net")
    phone = Client()
    page = phone.get(link).content.decode()
    assert "Sign in</a> with the email address and password of the account that asked for it" in page

    sign_in_with_password(phone, "amara@nhs.net")  # the password proves it is the person who registered
    assert phone.post(link).status_code == 302
    assert is_signed_in(phone)
    assert learner(User.objects.get(email="amara@nhs.net").pk).eligible_for_free_access


def test_registering_with_a_confirmed_address_makes_no_second_account_and_says_nothing_on_the_page() -> None:
    account("grace@nhs.net")
    response = register(Client(), "GRACE@nhs.net")
    assert response["Location"] == reverse("account_email_verification_sent")  # the same page as for anyone
    assert User.objects.filter(email__iexact="grace@nhs.net").count() == 1
    assert "already" in str(mail.outbox[-1].body).lower()  # the owner is told by email instead
    assert links_to("grace@nhs.net") == []


def test_an_account_in_use_keeps_its_address_even_before_confirming_it() -> None:
    """An administrator's account (signed in before, or staff) is never replaced by a registration."""
    person = account("admin.made@nhs.net", verified=False, staff=True)
    register(Client(), "admin.made@nhs.net")
    assert User.objects.get(email="admin.made@nhs.net").pk == person.user.pk


def test_a_password_reset_for_an_address_only_pending_on_an_account_sends_no_link_for_that_account() -> None:
    learner_b_adds("grace@nhs.net")
    Client().post(reverse("account_reset_password"), {"email": "grace@nhs.net"})
    sent = [m for m in mail.outbox if "grace@nhs.net" in m.to]
    assert sent
    assert "/accounts/password/reset/key/" not in str(sent[-1].body)  # told there is no account instead
    Client().post(reverse("account_reset_password"), {"email": "b@example.com"})
    assert "/accounts/password/reset/key/" in str(mail.outbox[-1].body)  # B's own address still works
