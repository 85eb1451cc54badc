"""Choosing your organisation: active identity providers found by name or search terms, each with its sign-in
address; none listed for a query that matches nothing, with what to do instead."""

import pytest
from django.test import Client

from clinlead.sso.models import IdentityProvider
from clinlead.sso.testing import Kind, identity_provider, oidc_app

pytestmark = pytest.mark.django_db


def test_search_by_name_or_domain_shows_active_providers_only(client: Client) -> None:
    oidc_app("keystone", "keystone", "https://connect.openathens.example", "id", "secret", "OpenAthens")
    north = identity_provider(
        "Northshire Teaching Hospitals", Kind.OPENATHENS_KEYSTONE, "keystone", "https://n.example"
    )
    IdentityProvider.objects.filter(pk=north).update(search_terms="northshire-th.nhs.uk, NTH")
    gone = identity_provider("Closed Trust", Kind.OPENATHENS_KEYSTONE, "keystone", "https://c.example")
    IdentityProvider.objects.filter(pk=gone).update(active=False)

    every = client.get("/accounts/sign-in/organisation/")
    assert "Northshire Teaching Hospitals" in every.content.decode()
    assert "Closed Trust" not in every.content.decode()
    assert f'action="/accounts/sign-in/organisation/{north}/"' in every.content.decode()
    assert "https://connect.openathens.example" in every["Content-Security-Policy"]

    by_domain = client.get("/accounts/sign-in/organisation/", {"q": "northshire-th.nhs.uk"}).content.decode()
    assert "Northshire Teaching Hospitals" in by_domain
    nothing = client.get("/accounts/sign-in/organisation/", {"q": "southmoor"}).content.decode()
    assert "No organisation matches “southmoor”" in nothing
    assert "Northshire" not in nothing


def test_connecting_is_offered_only_to_someone_signed_in(client: Client) -> None:
    oidc_app("keystone", "keystone", "https://connect.openathens.example", "id", "secret", "OpenAthens")
    identity_provider("Northshire", Kind.OPENATHENS_KEYSTONE, "keystone", "https://n.example")
    page = client.get("/accounts/sign-in/organisation/", {"process": "connect"}).content.decode()
    assert 'name="process" value="login"' in page


def test_the_organisation_chosen_last_is_offered_first(client: Client) -> None:
    oidc_app("keystone", "keystone", "https://connect.openathens.example", "id", "secret", "OpenAthens")
    north = identity_provider("Northshire", Kind.OPENATHENS_KEYSTONE, "keystone", "https://n.example")
    assert "Last time you used" not in client.get("/accounts/sign-in/organisation/").content.decode()
    started = client.post(f"/accounts/sign-in/organisation/{north}/", {"process": "login"})
    assert started.status_code == 307  # the same form goes on to the sign-in it starts
    assert started["Location"] == "/accounts/oidc/keystone/login/"
    assert started.cookies["sign_in_with"].value == str(north)
    assert started.cookies["sign_in_with"]["httponly"]
    assert not started.cookies["sign_in_with"]["max-age"]  # gone when the browser closes
    page = client.get("/accounts/sign-in/organisation/").content.decode()
    assert 'id="last-chosen"' in page
    assert f'action="/accounts/sign-in/organisation/{north}/"' in page
    assert client.post("/accounts/sign-in/organisation/99999/").status_code == 404
    assert client.get(f"/accounts/sign-in/organisation/{north}/").status_code == 405
    client.cookies["sign_in_with"] = "not-a-number"
    assert "Last time you used" not in client.get("/accounts/sign-in/organisation/").content.decode()
