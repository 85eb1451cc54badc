"""People registered by their organisation: accounts made in bulk without passwords, matched rather than
duplicated, renamed only until they sign in; invitations that set a password once, confirm the address and
sign the person in, and then stop working."""

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from clinlead.accounts import api
from clinlead.accounts.models import Invitation, Profile, User
from clinlead.accounts.testing import PASSWORD, make_learner

STAFF = [
    api.StaffMember("ada.okafor@northshire-th.nhs.uk", "Ada", "Okafor", "nurse", "Ward sister", "Northshire Trust"),
    api.StaffMember("Ben.Hale@Northshire-TH.nhs.uk", "Ben", "Hale", "", "", "Northshire Trust"),
    api.StaffMember("learner@nhs.net", "Someone", "Else", "doctor", "", "Northshire Trust"),
]


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/accounts/invitation/\S+/", str(message.body))
    assert found, message.body
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.mark.django_db
def test_new_people_get_accounts_without_passwords_and_existing_ones_are_matched() -> None:
    existing = make_learner("learner@nhs.net", name="Sam Learner")
    result = api.register_staff(STAFF)
    assert set(result.user_ids) == {
        "ada.okafor@northshire-th.nhs.uk",
        "ben.hale@northshire-th.nhs.uk",
        "learner@nhs.net",
    }
    assert result.user_ids["learner@nhs.net"] == existing.pk
    assert len(result.created) == 2
    ada = User.objects.get(email="ada.okafor@northshire-th.nhs.uk")
    assert not ada.has_usable_password()
    assert EmailAddress.objects.get(user=ada).verified is False
    profile = Profile.objects.get(user=ada)
    assert (profile.name_on_certificates, profile.profession, profile.accepted_terms_at) == (
        "Ada Okafor",
        "nurse",
        None,
    )
    assert not profile.eligible_for_free_access
    # The existing learner is untouched: their own name, no invitation.
    assert Profile.objects.get(user=existing).name_on_certificates == "Sam Learner"
    assert not Invitation.objects.filter(user=existing).exists()


@pytest.mark.django_db
def test_registering_the_same_list_again_changes_nothing_and_a_new_name_renames_only_the_not_yet_signed_in() -> None:
    first = api.register_staff(STAFF)
    again = api.register_staff(STAFF)
    assert again.user_ids == first.user_ids
    assert (again.created, again.renamed) == (frozenset(), 0)
    assert User.objects.count() == 3
    renamed = [api.StaffMember("ada.okafor@northshire-th.nhs.uk", "Adaeze", "Okafor")]
    assert api.register_staff(renamed).renamed == 1
    assert Profile.objects.get(user__email="ada.okafor@northshire-th.nhs.uk").name_on_certificates == "Adaeze Okafor"


@pytest.mark.django_db
def test_a_thousand_people_take_batched_queries_not_one_each(django_assert_max_num_queries: Any) -> None:
    # SQLite caps a query's parameters (999), so a batch of rows is split into a few inserts per table there.
    people = [api.StaffMember(f"person{n}@northshire-th.nhs.uk", "Person", str(n)) for n in range(1000)]
    with django_assert_max_num_queries(50):
        result = api.register_staff(people)
    assert len(result.created) == 1000


@pytest.mark.django_db
def test_an_invitation_sets_a_password_once_confirms_the_address_and_signs_in(client: Client) -> None:
    result = api.register_staff(STAFF[:1])
    (ada_id,) = result.created
    assert api.send_invitations([ada_id]) == 1
    assert api.send_invitations([ada_id]) == 0  # a retried task sends nothing twice
    (message,) = mail.outbox
    assert message.to == ["ada.okafor@northshire-th.nhs.uk"]
    assert "Northshire Trust has registered ada.okafor@northshire-th.nhs.uk" in str(message.body)
    link = link_in(message)

    landing = client.get(link)
    assert landing.status_code == 302
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in landing["Location"]  # the token moves into the session, out of the address bar
    page = client.get(landing["Location"])
    assert b"Choose your password" in page.content

    weak = client.post(landing["Location"], {"new_password1": "short", "new_password2": "short"})
    assert b"There is a problem" in weak.content
    assert b"Confirm that you accept the terms of use" in weak.content
    assert not User.objects.get(pk=ada_id).has_usable_password()

    done = client.post(
        landing["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD, "accept_terms": "on"}
    )
    assert done.status_code == 302
    assert done["Location"] == "/my-learning/"
    assert client.get("/my-learning/").status_code == 200  # signed in
    ada = User.objects.get(pk=ada_id)
    assert ada.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=ada).verified
    profile = Profile.objects.get(user=ada)
    assert profile.accepted_terms_at is not None
    assert profile.eligible_for_free_access  # an nhs.uk address, now confirmed
    assert api.invitation_states([ada_id])[ada_id].accepted_at is not None

    stranger = Client()
    used = stranger.get(stranger.get(link)["Location"])
    assert b"This link no longer works" in used.content
    assert api.send_invitations([ada_id], again=True) == 0  # nobody is invited once they have accepted


@pytest.mark.django_db
def test_an_altered_link_does_not_work(client: Client) -> None:
    (ada_id,) = api.register_staff(STAFF[:1]).created
    api.send_invitations([ada_id])
    link = link_in(mail.outbox[0])
    altered = link[:-3] + ("a" if link[-3] != "a" else "b") + link[-2:]
    page = client.get(client.get(altered)["Location"])
    assert b"This link no longer works" in page.content
    other = client.get(client.get(re.sub(r"invitation/\w+/", "invitation/zz/", link))["Location"])
    assert b"This link no longer works" in other.content
