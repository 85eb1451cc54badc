"""Single sign-on's set-up pages, the identity providers: a platform administrator adds and changes them, and maps
scopes and roles on each one's page; every wrong field, a duplicate included, says so on that field (never a
server error), and nobody else sees any of it."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from clinlead.organisations.testing import organisation_id
from clinlead.sso.models import IdentityProvider, RoleMapping, ScopeMapping
from clinlead.sso.testing import Kind, identity_provider, map_role, map_scope, oidc_app, saml_app

from .manage_cast import Cast, make_cast, text

pytestmark = pytest.mark.django_db
ENTITY = "https://idp.northshire.example/entity"
PROVIDER = {
    "name": "Northshire Teaching Hospitals",
    "kind": Kind.OPENATHENS_SAML,
    "entity_id": ENTITY,
    "app_id": "northshire",
    "organisation_code": "zz1",
    "search_terms": "northshire-th.nhs.uk, NTH",
    "active": "on",
}


@pytest.fixture
def cast() -> Cast:
    cast = make_cast()
    saml_app("northshire", "Northshire OpenAthens", ENTITY, "https://idp.northshire.example/metadata")
    oidc_app("keystone", "keystone", "https://connect.openathens.net", "clinlead", "s", "OpenAthens")
    oidc_app(
        "cis2",
        "cis2",
        "https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/oidc",
        "c",
        "s",
        "CIS2",
    )
    return cast


@pytest.fixture
def platform(cast: Cast) -> Client:
    return cast.client(cast.platform)


def add(client: Client, **changes: str) -> Any:
    return client.post(reverse("sso-manage:add-identity-provider"), {**PROVIDER, **changes})


def test_an_identity_provider_is_added_and_listed_with_its_organisation(platform: Client) -> None:
    response = add(platform)
    provider = IdentityProvider.objects.get()
    assert response["Location"] == reverse("sso-manage:identity-provider", args=[provider.pk])
    assert (provider.kind, provider.entity_id, provider.app_id) == (Kind.OPENATHENS_SAML, ENTITY, "northshire")
    assert (provider.organisation_id, provider.search_terms, provider.active) == (
        organisation_id("ZZ1"),
        "northshire-th.nhs.uk, NTH",
        True,
    )
    page = text(platform.get(response["Location"]))
    assert "The identity provider Northshire Teaching Hospitals was added." in page
    listed = text(platform.get(reverse("sso-manage:index")))
    assert "Northshire Teaching Hospitals NHS Foundation Trust (ZZ1)" in listed
    assert ENTITY in listed


def test_a_cis2_provider_needs_no_entity_id_nor_organisation(platform: Client) -> None:
    assert (
        add(platform, name="NHS CIS2", kind=Kind.CIS2, entity_id="", app_id="cis2", organisation_code="").status_code
        == 302
    )
    provider = IdentityProvider.objects.get()
    assert (provider.kind, provider.entity_id, provider.organisation_id) == (Kind.CIS2, "", None)
    page = text(add(platform, name="CIS2 again", kind=Kind.CIS2, entity_id="", app_id="cis2", organisation_code=""))
    assert "There is already an identity provider for NHS Care Identity Service 2" in page
    assert IdentityProvider.objects.count() == 1


def test_a_provider_is_changed_and_can_be_made_inactive(platform: Client) -> None:
    add(platform)
    provider = IdentityProvider.objects.get()
    change = reverse("sso-manage:change-identity-provider", args=[provider.pk])
    assert 'value="ZZ1"' in platform.get(change).content.decode()
    changes = {**PROVIDER, "name": "Northshire NHS", "organisation_code": "ZZ2"}
    del changes["active"]
    assert platform.post(change, changes).status_code == 302
    provider.refresh_from_db()
    assert (provider.name, provider.organisation_id, provider.active) == (
        "Northshire NHS",
        organisation_id("ZZ2"),
        False,
    )
    # Saving it again with the same entityID is no clash with itself.
    assert platform.post(change, changes).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name"),
        ({"kind": ""}, "kind", "Choose the kind"),
        ({"kind": "google"}, "kind", "Choose one of the kinds listed"),
        ({"entity_id": ""}, "entity_id", "Enter its entityID (for Keystone, its realm)"),
        ({"entity_id": "https://idp.example/ entity"}, "entity_id", "An entityID or realm has no spaces"),
        ({"app_id": ""}, "app_id", "Choose the sign-in app"),
        ({"app_id": "nosuch"}, "app_id", "Choose one of the sign-in apps listed"),
        ({"app_id": "keystone"}, "app_id", "OpenAthens (SAML) signs people in through an app of the kind SAML"),
        (
            {"kind": Kind.OPENATHENS_KEYSTONE, "app_id": "northshire"},
            "app_id",
            "OpenAthens (Keystone) signs people in through an app of the kind OpenID Connect: OpenAthens Keystone",
        ),
        (
            {"kind": Kind.CIS2, "app_id": "keystone", "entity_id": ""},
            "app_id",
            "through an app of the kind OpenID Connect: NHS Care Identity Service 2",
        ),
        ({"organisation_code": ""}, "organisation_code", "Enter the code of the organisation that vouches through it"),
        (
            {"organisation_code": "XX9"},
            "organisation_code",
            "There is no organisation with the code XX9 in the registry",
        ),
        ({"search_terms": "x" * 501}, "search_terms", "Ensure this value has at most 500 characters"),
    ],
)
def test_each_wrong_field_of_an_identity_provider_says_so(
    platform: Client, changes: dict[str, str], field: str, message: str
) -> None:
    page = add(platform, **changes)
    assert page.status_code == 200
    assert f'id="id_{field}-error"' in page.content.decode()
    assert message in text(page)
    assert not IdentityProvider.objects.exists()


def test_a_second_provider_with_the_same_entity_id_is_refused_on_that_field(platform: Client) -> None:
    add(platform)
    page = add(platform, name="Northshire again")
    assert page.status_code == 200
    assert 'id="id_entity_id-error"' in page.content.decode()
    assert f"There is already an identity provider of this kind with the entityID {ENTITY}" in text(page)
    # The same entityID through Keystone is another provider (the realm OpenAthens sends there).
    assert add(platform, kind=Kind.OPENATHENS_KEYSTONE, app_id="keystone").status_code == 302
    assert IdentityProvider.objects.count() == 2


def test_scopes_are_mapped_and_removed(platform: Client) -> None:
    add(platform)
    provider = IdentityProvider.objects.get()
    page = reverse("sso-manage:identity-provider", args=[provider.pk])
    add_scope = reverse("sso-manage:add-scope-mapping", args=[provider.pk])
    response = platform.post(add_scope, {"scope": " Eastvale.Northshire-TH.nhs.uk ", "organisation_code": "ZZ101"})
    assert response.status_code == 302
    mapping = ScopeMapping.objects.get()
    assert (mapping.scope, mapping.organisation_id) == ("eastvale.northshire-th.nhs.uk", organisation_id("ZZ101"))
    shown = text(platform.get(page))
    assert "The scope eastvale.northshire-th.nhs.uk was mapped." in shown
    assert "Northshire Royal Infirmary (ZZ101)" in shown
    remove = reverse("sso-manage:remove-scope-mapping", args=[provider.pk, mapping.pk])
    assert platform.get(remove).status_code == 405  # a link never removes anything
    assert platform.post(remove).status_code == 302
    assert not ScopeMapping.objects.exists()
    assert platform.post(remove).status_code == 302  # removed already: nothing to say
    assert "No scopes are mapped." in text(platform.get(page))


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"scope": "", "organisation_code": "ZZ101"}, "scope", "Enter the scope"),
        (
            {"scope": "staff@northshire-th.nhs.uk", "organisation_code": "ZZ101"},
            "scope",
            "Enter only the part after the @, such as northshire-th.nhs.uk",
        ),
        ({"scope": "northshire", "organisation_code": "ZZ101"}, "scope", "Enter a domain name"),
        (
            {"scope": "northshire-th.nhs.uk", "organisation_code": ""},
            "organisation_code",
            "Enter the organisation's code",
        ),
        (
            {"scope": "northshire-th.nhs.uk", "organisation_code": "XX9"},
            "organisation_code",
            "There is no organisation with the code XX9",
        ),
        ({"scope": "taken.nhs.uk", "organisation_code": "ZZ1"}, "scope", "The scope taken.nhs.uk is mapped already"),
    ],
)
def test_each_wrong_field_of_a_scope_mapping_says_so(
    platform: Client, form: dict[str, str], field: str, message: str
) -> None:
    provider = identity_provider("Northshire", Kind.OPENATHENS_SAML, "northshire", ENTITY, organisation_id("ZZ1"))
    map_scope(provider, "taken.nhs.uk", organisation_id("ZZ101"))
    page = platform.post(reverse("sso-manage:add-scope-mapping", args=[provider]), form)
    assert page.status_code == 200
    assert f'id="id_{field}-error"' in page.content.decode()
    assert message in text(page)
    assert ScopeMapping.objects.count() == 1


def test_roles_are_mapped_and_removed(platform: Client) -> None:
    provider = identity_provider("NHS CIS2", Kind.CIS2, "cis2")
    add_role = reverse("sso-manage:add-role-mapping", args=[provider])
    response = platform.post(add_role, {"value": "S8000:G8000:R8001", "role": "manager", "organisation_code": ""})
    assert response.status_code == 302
    assert (
        platform.post(add_role, {"value": "urn:x:trainers", "role": "trainer", "organisation_code": "zz1"}).status_code
        == 302
    )
    mappings = {m.value: (m.role, m.organisation_id) for m in RoleMapping.objects.all()}
    assert mappings == {"S8000:G8000:R8001": ("manager", None), "urn:x:trainers": ("trainer", organisation_id("ZZ1"))}
    page = text(platform.get(reverse("sso-manage:identity-provider", args=[provider])))
    assert "The role's own organisation" in page
    assert "Organisation manager" in page
    mapping = RoleMapping.objects.get(value="S8000:G8000:R8001")
    assert platform.post(reverse("sso-manage:remove-role-mapping", args=[provider, mapping.pk])).status_code == 302
    assert list(RoleMapping.objects.values_list("value", flat=True)) == ["urn:x:trainers"]


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"value": "", "role": "manager"}, "value", "Enter the entitlement or role code"),
        ({"value": "urn:x manager", "role": "manager"}, "value", "An entitlement or role code has no spaces"),
        ({"value": "urn:x:m", "role": ""}, "role", "Choose a role"),
        ({"value": "urn:x:m", "role": "platform-administrator"}, "role", "Choose one of the roles listed"),
        (
            {"value": "urn:x:m", "role": "manager", "organisation_code": "XX9"},
            "organisation_code",
            "There is no organisation with the code XX9",
        ),
        ({"value": "urn:x:taken", "role": "learner"}, "value", "urn:x:taken is mapped already"),
    ],
)
def test_each_wrong_field_of_a_role_mapping_says_so(
    platform: Client, form: dict[str, str], field: str, message: str
) -> None:
    provider = identity_provider("Northshire", Kind.OPENATHENS_SAML, "northshire", ENTITY, organisation_id("ZZ1"))
    map_role(provider, "urn:x:taken", "manager", organisation_id("ZZ1"))
    page = platform.post(reverse("sso-manage:add-role-mapping", args=[provider]), form)
    assert page.status_code == 200
    assert f'id="id_{field}-error"' in page.content.decode()
    assert message in text(page)
    assert RoleMapping.objects.count() == 1


def test_a_mapping_of_another_provider_is_not_removed_through_this_one(platform: Client) -> None:
    one = identity_provider("One", Kind.OPENATHENS_SAML, "northshire", ENTITY, organisation_id("ZZ1"))
    other = identity_provider(
        "Other", Kind.OPENATHENS_SAML, "northshire", "https://other/entity", organisation_id("ZZ2")
    )
    map_scope(other, "other.nhs.uk", organisation_id("ZZ2"))
    mapping = ScopeMapping.objects.get()
    platform.post(reverse("sso-manage:remove-scope-mapping", args=[one, mapping.pk]))
    assert ScopeMapping.objects.exists()


def test_an_unknown_provider_is_not_found(platform: Client) -> None:
    for name in ("identity-provider", "change-identity-provider"):
        assert platform.get(reverse(f"sso-manage:{name}", args=[987654])).status_code == 404
    assert platform.post(reverse("sso-manage:add-scope-mapping", args=[987654]), {"scope": "a.b"}).status_code == 404


@pytest.mark.parametrize("who", ["administrator", "manager", "learner"])
def test_nobody_but_a_platform_administrator_sees_or_changes_a_provider(cast: Cast, who: str) -> None:
    provider = identity_provider("Northshire", Kind.OPENATHENS_SAML, "northshire", ENTITY, organisation_id("ZZ1"))
    map_scope(provider, "northshire-th.nhs.uk", organisation_id("ZZ1"))
    mapping = ScopeMapping.objects.get()
    client = cast.client(getattr(cast, who))
    for name in ("identity-provider", "change-identity-provider"):
        assert client.get(reverse(f"sso-manage:{name}", args=[provider])).status_code == 403
    posts = [
        (reverse("sso-manage:change-identity-provider", args=[provider]), {**PROVIDER, "name": "Taken over"}),
        (
            reverse("sso-manage:add-scope-mapping", args=[provider]),
            {"scope": "evil.example", "organisation_code": "ZZ1"},
        ),
        (reverse("sso-manage:remove-scope-mapping", args=[provider, mapping.pk]), {}),
        (reverse("sso-manage:add-role-mapping", args=[provider]), {"value": "x", "role": "administrator"}),
        (reverse("sso-manage:add-identity-provider"), {**PROVIDER, "entity_id": "https://evil/entity"}),
    ]
    for address, form in posts:
        assert client.post(address, form).status_code == 403, address
    assert list(IdentityProvider.objects.values_list("name", flat=True)) == ["Northshire"]
    assert (ScopeMapping.objects.count(), RoleMapping.objects.count()) == (1, 0)
    signed_out = Client().get(reverse("sso-manage:identity-provider", args=[provider]))
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/")
