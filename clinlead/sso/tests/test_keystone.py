"""OpenAthens through Keystone, end to end against a real OpenID Connect provider (tests/idp): a first sign-in
signs up, the next lands on the same record whatever `sub` says and after the keys rotate, people keep their
record when their provider moves from eduPersonTargetedID to pairwiseID, eligibility comes from the organisation,
and nothing is created for a realm we do not know or a sign-in whose nonce does not match."""

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client

from clinlead.accounts import api as accounts
from clinlead.accounts.testing import account, make_learner
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import Kind, identities_of, identity_provider, oidc_app
from tests.idp.oidc import RunningOidcProvider

from .conftest import CLIENT_ID, NORTHSHIRE_REALM, SECRET, Walk

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(autouse=True)
def northshire(keystone: RunningOidcProvider) -> None:
    load_sample_registry()
    oidc_app("keystone", "keystone", keystone.issuer, CLIENT_ID, SECRET, "OpenAthens")
    identity_provider(
        "Northshire Teaching Hospitals", Kind.OPENATHENS_KEYSTONE, "keystone", NORTHSHIRE_REALM, organisation_id("ZZ1")
    )


def sign_up(client: Client, email: str, name: str = "Priya Shah") -> Any:
    return client.post(
        "/accounts/3rdparty/signup/",
        {"email": email, "name_on_certificates": name, "profession": "nurse", "accept_terms": "on"},
    )


def signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_a_first_sign_in_signs_up_and_the_organisation_vouches(walk: Walk) -> None:
    response = walk.sign_in("pairwise-only", "pw-1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/signup/"
    assert signed_in_as(walk.client) is None
    page = walk.client.get("/accounts/3rdparty/signup/")
    assert "Finish creating your account" in page.content.decode()

    response = sign_up(walk.client, "priya.shah@example.com")
    assert response.status_code == 302, response.content.decode()[:2000]
    user_id = signed_in_as(walk.client)
    assert user_id is not None
    assert identities_of(user_id) == [("keystone", "pairwise:PW1@northshire-th.nhs.uk")]
    # Free access because Northshire vouched for her, though her address is not an NHS one.
    assert organisations.free_access_by_employment(user_id)
    assert accounts.may_play(user_id, sample=False, programme_key="leadership-for-clinicians")


def test_the_next_sign_in_lands_on_the_same_record_with_a_new_sub_and_new_keys(
    walk: Walk, keystone: RunningOidcProvider
) -> None:
    walk.sign_in("pairwise-only", "pw-1")
    sign_up(walk.client, "priya.shah@example.com")
    first = signed_in_as(walk.client)
    walk.client.logout()

    old_kids = keystone.kids()
    keystone.rotate_keys()
    assert not set(keystone.kids()) & set(old_kids)
    response = walk.sign_in("pairwise-only", "pw-1")
    assert response.status_code == 302
    assert signed_in_as(walk.client) == first
    assert User.objects.count() == 1
    subs = {a.extra_data["id_token"]["sub"] for a in SocialAccount.objects.all()}
    assert len(subs) == 1  # the stored claims are the latest sign-in's; its sub is not the first one's
    assert SocialAccount.objects.count() == 1


def test_a_provider_moving_to_pairwise_id_keeps_the_person(walk: Walk) -> None:
    walk.sign_in("targeted-only", "pw-2")
    sign_up(walk.client, "tom@example.com", "Tom Green")
    tom = signed_in_as(walk.client)
    assert tom is not None
    walk.client.logout()

    walk.sign_in("both", "pw-3")  # the provider now sends both identifiers
    assert signed_in_as(walk.client) == tom
    walk.client.logout()
    walk.sign_in("new-only", "pw-4")  # and then only the new one
    assert signed_in_as(walk.client) == tom
    assert identities_of(tom) == [("keystone", "pairwise:PW2@northshire-th.nhs.uk"), ("keystone", "targeted:TG2")]
    assert User.objects.count() == 1


def test_a_realm_we_do_not_know_is_refused_and_nothing_is_kept(walk: Walk) -> None:
    response = walk.sign_in("elsewhere", "pw-5")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your organisation is not set up for this service yet" in page
    assert "https://idp.unknown.example/entity" in page
    assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)
    assert signed_in_as(walk.client) is None


def test_an_email_claim_never_signs_in_to_the_account_that_has_it(walk: Walk) -> None:
    ada = make_learner("ada@northshire-th.nhs.uk")
    response = walk.sign_in("claims-ada", "pw-6")
    assert response["Location"] == "/accounts/3rdparty/signup/"
    assert signed_in_as(walk.client) is None
    # Signing up with her address is answered as if it were new (allauth does not tell a stranger which addresses
    # have accounts), but nobody is signed in, no second account is made, and nothing is linked to hers.
    sign_up(walk.client, "ada@northshire-th.nhs.uk", "Ada Lovelace")
    assert signed_in_as(walk.client) is None
    assert list(User.objects.values_list("pk", flat=True)) == [ada.pk]
    assert SocialAccount.objects.count() == 0


def test_a_signed_in_person_connects_their_openathens_identity(walk: Walk) -> None:
    ada = make_learner("ada@example.com")
    walk.client.force_login(ada)
    response = walk.sign_in("pairwise-only", "pw-1", process="connect")
    assert response.status_code == 302
    assert identities_of(ada.pk) == [("keystone", "pairwise:PW1@northshire-th.nhs.uk")]
    assert organisations.free_access_by_employment(ada.pk)
    walk.client.logout()
    walk.sign_in("pairwise-only", "pw-1")
    assert signed_in_as(walk.client) == ada.pk


def test_a_nonce_that_does_not_match_is_refused(walk: Walk) -> None:
    authorize_url = walk.start()
    session = walk.client.session
    states = session["socialaccount_states"]
    for state in states.values():
        state[0]["nonce"] = "not-the-one-sent"
    session["socialaccount_states"] = states
    session.save()
    response = walk.back(walk.at_provider(authorize_url, "pairwise-only", "pw-1"))
    assert response.status_code == 403
    assert "could not be checked" in response.content.decode()
    assert (User.objects.count(), SocialAccount.objects.count()) == (0, 0)


def test_single_sign_on_still_asks_a_two_factor_user_for_their_code(walk: Walk) -> None:
    ada = account("ada@example.com", two_factor=True)
    walk.client.force_login(ada.user)
    walk.sign_in("pairwise-only", "pw-1", process="connect")
    walk.client.logout()
    response = walk.sign_in("pairwise-only", "pw-1")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(walk.client) is None
    response = walk.client.post("/accounts/2fa/authenticate/", {"code": ada.code()})
    assert signed_in_as(walk.client) == ada.user.pk


def test_nobody_removes_another_persons_identity(walk: Walk) -> None:
    ada = account("ada@example.com").user
    walk.client.force_login(ada)
    walk.sign_in("pairwise-only", "pw-1", process="connect")
    theirs = SocialAccount.objects.get(user=ada).pk
    mallory = Client()
    mallory.force_login(account("mallory@example.com").user)
    refused = mallory.post("/accounts/3rdparty/", {"account": theirs})
    assert refused.status_code == 200  # the form again, with its error
    assert identities_of(ada.pk) == [("keystone", "pairwise:PW1@northshire-th.nhs.uk")]
    page = walk.client.get("/accounts/3rdparty/").content.decode()
    assert "OpenAthens" in page
    assert "Ways you sign in" in page
    removed = walk.client.post("/accounts/3rdparty/", {"account": theirs})
    assert removed.status_code == 302
    assert identities_of(ada.pk) == []
