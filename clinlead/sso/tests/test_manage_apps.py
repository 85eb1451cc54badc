"""Single sign-on's set-up pages, the sign-in apps: a platform administrator adds and changes OpenID Connect and
SAML apps, every wrong field says what is wrong on that field, the client secret is never shown again, settings
the pages do not edit are kept, and nobody else sees any of it."""

import datetime
from typing import Any

import pytest
from allauth.socialaccount.models import SocialApp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from clinlead.sso.testing import saml_app
from tests.idp.saml.keys import generate_key_pair

from .manage_cast import Cast, make_cast, text

pytestmark = pytest.mark.django_db
SECRET = "a-secret-nobody-may-read-back-7731"
IDP_ENTITY = "https://idp.northshire.example/entity"
IDP_KEYS = generate_key_pair("Northshire IdP")
OIDC = {
    "provider_id": "keystone",
    "name": "OpenAthens",
    "profile": "keystone",
    "server_url": "https://connect.openathens.net",
    "client_id": "clinlead",
    "secret": SECRET,
}


def metadata(entity_id: str = IDP_ENTITY, certificate: str = IDP_KEYS.certificate_base64) -> str:
    """An identity provider's SAML metadata, as a federation publishes it."""
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"
    entityID="{entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{certificate}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.northshire.example/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def saml(**changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "slug": "northshire",
        "name": "Northshire OpenAthens",
        "entity_id": IDP_ENTITY,
        "metadata_source": "url",
        "metadata_url": "https://idp.northshire.example/metadata",
    }
    return {**form, **changes}


def expired_certificate() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "old")])
    when = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(when)
        .not_valid_after(when + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def platform(cast: Cast) -> Client:
    return cast.client(cast.platform)


def add_oidc(client: Client, **changes: str) -> Any:
    return client.post(reverse("sso-manage:add-oidc-app"), {**OIDC, **changes})


@override_settings(SITE_URL="https://learn.example.nhs.uk")
def test_an_openid_connect_app_is_added_and_listed_with_its_redirect_uri(platform: Client) -> None:
    response = add_oidc(platform)
    assert response.status_code == 302
    app = SocialApp.objects.get(provider_id="keystone")
    assert (app.provider, app.name, app.client_id, app.secret) == ("openid_connect", "OpenAthens", "clinlead", SECRET)
    assert app.settings == {"server_url": "https://connect.openathens.net", "profile": "keystone"}
    page = text(platform.get(reverse("sso-manage:index")))
    assert "The sign-in app OpenAthens was added." in page
    assert "https://learn.example.nhs.uk/accounts/oidc/keystone/login/callback/" in page
    assert "OpenID Connect: OpenAthens Keystone" in page


def test_the_client_secret_is_never_shown_and_an_empty_one_keeps_it(platform: Client) -> None:
    add_oidc(platform)
    app = SocialApp.objects.get(provider_id="keystone")
    change = reverse("sso-manage:app", args=[app.pk])
    pages = [platform.get(reverse("sso-manage:index")), platform.get(change)]
    # A form sent back with a problem does not carry the secret back either, new or saved.
    pages.append(platform.post(change, {**OIDC, "server_url": "ftp://x", "secret": "another-secret-9942"}))
    pages.append(add_oidc(platform, provider_id="cis2", client_id=""))
    for page in pages:
        assert page.status_code == 200
        assert SECRET not in page.content.decode()
        assert "another-secret-9942" not in page.content.decode()
    assert platform.post(change, {**OIDC, "name": "OpenAthens Keystone", "secret": ""}).status_code == 302
    app.refresh_from_db()
    assert (app.name, app.secret) == ("OpenAthens Keystone", SECRET)
    platform.post(change, {**OIDC, "secret": "a-new-secret"})
    app.refresh_from_db()
    assert app.secret == "a-new-secret"


def test_the_provider_id_and_profile_stay_as_made(platform: Client) -> None:
    add_oidc(platform)
    app = SocialApp.objects.get(provider_id="keystone")
    app.settings = {**app.settings, "hidden": False}  # a key the page does not edit
    app.save()
    change = reverse("sso-manage:app", args=[app.pk])
    assert platform.post(change, {**OIDC, "provider_id": "other", "profile": "cis2"}).status_code == 302
    app.refresh_from_db()
    assert (app.provider_id, app.settings["profile"], app.settings["hidden"]) == ("keystone", "keystone", False)


def test_an_app_made_in_the_admin_site_without_a_profile_is_given_one(platform: Client) -> None:
    # As the admin site makes it: allauth's own form, settings as typed (here, without the profile).
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id="keystone", name="OA", client_id="c", secret=SECRET, settings={}
    )
    change = reverse("sso-manage:app", args=[app.pk])
    assert platform.post(change, {**OIDC, "secret": ""}).status_code == 302
    app.refresh_from_db()
    assert (app.settings["profile"], app.secret) == ("keystone", SECRET)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("provider_id", "", "Enter a provider id, such as keystone"),
        ("provider_id", "Key Stone", "Use lower-case letters, digits and hyphens only"),
        ("provider_id", "saml", "saml is a word our addresses use already"),
        ("name", "", "Enter a name"),
        ("name", "x" * 41, "Ensure this value has at most 40 characters"),
        ("profile", "", "Choose a profile"),
        ("profile", "google", "Choose one of the profiles listed"),
        ("server_url", "", "Enter the server URL"),
        ("server_url", "http://connect.openathens.net", "Enter an address starting https://"),
        ("server_url", "connect.openathens.net", "Enter an address starting https://"),
        ("client_id", "", "Enter the client id"),
        ("secret", "", "Enter the client secret"),
    ],
)
def test_each_wrong_field_of_an_openid_connect_app_says_so(
    platform: Client, field: str, value: str, message: str
) -> None:
    page = add_oidc(platform, **{field: value})
    assert page.status_code == 200
    assert f'id="id_{field}-error"' in page.content.decode()
    assert message in text(page)
    assert not SocialApp.objects.exists()


def test_a_provider_id_in_use_is_refused_and_loopback_http_is_allowed(platform: Client) -> None:
    add_oidc(platform)
    page = text(add_oidc(platform, server_url="http://127.0.0.1:9000/oidc"))
    assert "There is already a sign-in app called keystone" in page
    assert add_oidc(platform, provider_id="cis2", server_url="http://127.0.0.1:9000/oidc").status_code == 302
    assert SocialApp.objects.count() == 2


@override_settings(SITE_URL="https://learn.example.nhs.uk")
def test_a_saml_app_with_a_metadata_url_is_listed_with_our_metadata_and_acs(platform: Client) -> None:
    assert platform.post(reverse("sso-manage:add-saml-app"), saml()).status_code == 302
    app = SocialApp.objects.get(provider="saml")
    assert (app.provider_id, app.client_id, app.secret) == ("northshire", "northshire", "")
    assert app.settings == {
        "idp": {"entity_id": IDP_ENTITY, "metadata_url": "https://idp.northshire.example/metadata"},
        "advanced": {"want_assertion_encrypted": False},
    }
    page = text(platform.get(reverse("sso-manage:index")))
    assert "https://learn.example.nhs.uk/accounts/saml/northshire/metadata/" in page
    assert "https://learn.example.nhs.uk/accounts/saml/northshire/acs/" in page


def test_pasted_metadata_is_read_into_the_sign_on_address_and_certificate(platform: Client) -> None:
    xml = metadata()
    assert (
        platform.post(reverse("sso-manage:add-saml-app"), saml(metadata_source="xml", metadata_xml=xml)).status_code
        == 302
    )
    idp = SocialApp.objects.get(provider="saml").settings["idp"]
    assert idp == {
        "entity_id": IDP_ENTITY,
        "metadata": xml.strip(),
        "sso_url": "https://idp.northshire.example/sso",
        "x509cert": IDP_KEYS.certificate_base64,
    }
    # Shown again as it was given.
    page = text(platform.get(reverse("sso-manage:app", args=[SocialApp.objects.get().pk])))
    assert 'value="xml" checked' in page
    assert "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" in page


def test_uploaded_metadata_is_read_the_same_way(platform: Client) -> None:
    upload = SimpleUploadedFile("northshire.xml", metadata().encode(), content_type="application/xml")
    response = platform.post(reverse("sso-manage:add-saml-app"), saml(metadata_source="xml", metadata_file=upload))
    assert response.status_code == 302
    assert SocialApp.objects.get().settings["idp"]["sso_url"] == "https://idp.northshire.example/sso"


def test_a_sign_on_url_and_certificate_are_kept_as_given(platform: Client) -> None:
    form = saml(
        metadata_source="certificate", sso_url="https://idp.northshire.example/sso", x509cert=IDP_KEYS.certificate_pem
    )
    assert platform.post(reverse("sso-manage:add-saml-app"), form).status_code == 302
    idp = SocialApp.objects.get().settings["idp"]
    assert idp == {
        "entity_id": IDP_ENTITY,
        "sso_url": "https://idp.northshire.example/sso",
        "x509cert": IDP_KEYS.certificate_base64,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": ""}, "slug", "Enter a short name, such as northshire"),
        ({"slug": "North_Shire"}, "slug", "Use lower-case letters, digits and hyphens only"),
        ({"entity_id": ""}, "entity_id", "Enter the identity provider's entityID"),
        ({"entity_id": "not a uri"}, "entity_id", "Enter the entityID as a URI"),
        ({"metadata_source": ""}, "metadata_source", "Choose how you give their metadata"),
        ({"metadata_url": ""}, "metadata_url", "Enter the metadata URL"),
        ({"metadata_url": "http://idp.example/metadata"}, "metadata_url", "Enter an address starting https://"),
        ({"metadata_source": "xml"}, "metadata_xml", "Paste the metadata XML, or upload the file"),
        ({"metadata_source": "xml", "metadata_xml": "<md:Entity"}, "metadata_xml", "This is not XML that can be read"),
        (
            {"metadata_source": "xml", "metadata_xml": "<html><body>Sign in</body></html>"},
            "metadata_xml",
            "This XML is not SAML metadata of an identity provider",
        ),
        (
            {"metadata_source": "xml", "metadata_xml": metadata("https://idp.elsewhere.example/entity")},
            "metadata_xml",
            f"This metadata is for https://idp.elsewhere.example/entity, not for the entityID {IDP_ENTITY}",
        ),
        (
            {"metadata_source": "xml", "metadata_xml": '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'},
            "metadata_xml",
            "This is not XML that can be read",
        ),
        (
            {"metadata_source": "certificate", "x509cert": IDP_KEYS.certificate_pem},
            "sso_url",
            "Enter the single sign-on URL",
        ),
        (
            {"metadata_source": "certificate", "sso_url": "https://idp.example/sso"},
            "x509cert",
            "Paste their signing certificate",
        ),
        (
            {
                "metadata_source": "certificate",
                "sso_url": "https://idp.example/sso",
                "x509cert": "MIIB not a certificate",
            },
            "x509cert",
            "This is not a certificate",
        ),
        (
            {"metadata_source": "certificate", "sso_url": "https://idp.example/sso", "x509cert": expired_certificate()},
            "x509cert",
            "This certificate expired on 31 January 2020",
        ),
        ({"attribute_map": "email urn:oid:0.9.2342.19200300.100.1.3"}, "attribute_map", "Line 1: write the claim"),
        (
            {"attribute_map": "\nmail = urn:oid:0.9.2342.19200300.100.1.3"},
            "attribute_map",
            "Line 2: mail is not a claim we read",
        ),
        (
            {"attribute_map": "email = urn:oid:1\nemail = urn:oid:2"},
            "attribute_map",
            "Line 2: email is mapped already, on line 1",
        ),
        ({"attribute_map": "email = not a uri"}, "attribute_map", "Line 1: not a uri is not a URI"),
        (
            {"attribute_map": "email = urn:oid:1\ngiven_name = urn:oid:1"},
            "attribute_map",
            "Line 2: urn:oid:1 is mapped to email already, on line 1",
        ),
        ({"want_assertion_encrypted": "on"}, "want_assertion_encrypted", "Assertions can be encrypted only to our own"),
    ],
)
def test_each_wrong_field_of_a_saml_app_says_so(
    platform: Client, changes: dict[str, str], field: str, message: str
) -> None:
    page = platform.post(reverse("sso-manage:add-saml-app"), saml(**changes))
    assert page.status_code == 200
    assert f'id="id_{field}-error"' in page.content.decode()
    assert message in text(page)
    assert not SocialApp.objects.exists()


def test_metadata_both_pasted_and_uploaded_is_refused(platform: Client) -> None:
    upload = SimpleUploadedFile("northshire.xml", metadata().encode())
    form = saml(metadata_source="xml", metadata_xml=metadata(), metadata_file=upload)
    page = text(platform.post(reverse("sso-manage:add-saml-app"), form))
    assert "Paste the metadata or upload it, not both" in page


def test_the_attribute_map_is_stored_by_claim_and_empty_means_our_defaults(platform: Client) -> None:
    lines = "pairwiseID = urn:oid:1.3.6.1.4.1.5923.1.1.1.99\n\n  email = urn:oid:0.9.2342.19200300.100.1.3  \n"
    assert platform.post(reverse("sso-manage:add-saml-app"), saml(attribute_map=lines)).status_code == 302
    app = SocialApp.objects.get()
    assert app.settings["attribute_mapping"] == {
        "pairwiseID": "urn:oid:1.3.6.1.4.1.5923.1.1.1.99",
        "email": "urn:oid:0.9.2342.19200300.100.1.3",
    }
    change = reverse("sso-manage:app", args=[app.pk])
    assert "pairwiseID = urn:oid:1.3.6.1.4.1.5923.1.1.1.99" in text(platform.get(change))
    platform.post(change, saml(attribute_map=""))
    app.refresh_from_db()
    assert "attribute_mapping" not in app.settings


def test_changing_a_saml_app_keeps_the_settings_the_page_does_not_edit(platform: Client) -> None:
    sp = generate_key_pair("clinlead")
    advanced: dict[str, object] = {
        "x509cert": sp.certificate_base64,
        "private_key": sp.private_key_pem,
        "name_id_format": "transient",
    }
    saml_app("northshire", "Northshire", IDP_ENTITY, "https://idp.northshire.example/metadata", advanced)
    app = SocialApp.objects.get()
    app.settings = {**app.settings, "contact_person": {"technical": {"givenName": "Ops"}}}
    app.settings["idp"]["metadata_request_timeout"] = 5
    app.save()
    change = reverse("sso-manage:app", args=[app.pk])
    assert sp.private_key_pem not in platform.get(change).content.decode()
    form = saml(name="Northshire NHS", want_assertion_encrypted="on", metadata_source="xml", metadata_xml=metadata())
    assert platform.post(change, form).status_code == 302
    app.refresh_from_db()
    assert app.name == "Northshire NHS"
    assert app.settings["advanced"] == {**advanced, "want_assertion_encrypted": True}
    assert app.settings["contact_person"] == {"technical": {"givenName": "Ops"}}
    assert app.settings["idp"]["metadata_request_timeout"] == 5
    assert "metadata_url" not in app.settings["idp"]  # one way at a time
    assert app.settings["idp"]["sso_url"] == "https://idp.northshire.example/sso"


def test_an_unknown_app_is_not_found(platform: Client) -> None:
    assert platform.get(reverse("sso-manage:app", args=[987654])).status_code == 404


PAGES = [
    ("sso-manage:index", ()),
    ("sso-manage:add-oidc-app", ()),
    ("sso-manage:add-saml-app", ()),
    ("sso-manage:add-identity-provider", ()),
]


@pytest.mark.parametrize("who", ["administrator", "manager", "learner"])
def test_nobody_but_a_platform_administrator_sees_or_changes_anything(cast: Cast, who: str) -> None:
    saml_app("northshire", "Northshire", IDP_ENTITY, "https://idp.northshire.example/metadata")
    app = SocialApp.objects.get()
    client = cast.client(getattr(cast, who))
    for name, args in [*PAGES, ("sso-manage:app", (app.pk,))]:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert add_oidc(client).status_code == 403
    assert client.post(reverse("sso-manage:app", args=[app.pk]), saml(name="Taken over")).status_code == 403
    assert SocialApp.objects.get().name == "Northshire"
    assert "Single sign-on" not in text(client.get(reverse("orgadmin:organisations")))


def test_signed_out_people_are_sent_to_sign_in(cast: Cast) -> None:
    for name, args in PAGES:
        response = Client().get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert Client().post(reverse("sso-manage:add-oidc-app"), OIDC).status_code == 302
    assert not SocialApp.objects.exists()


def test_the_organisations_page_leads_platform_administrators_here(platform: Client) -> None:
    assert reverse("sso-manage:index") == "/organisations/sign-in/"
    assert 'href="/organisations/sign-in/">Single sign-on</a>' in text(platform.get(reverse("orgadmin:organisations")))


def test_the_list_takes_a_bounded_number_of_queries(platform: Client, django_assert_max_num_queries: Any) -> None:
    for slug in ("a", "b", "c", "d"):
        saml_app(slug, slug.upper(), f"https://idp.{slug}.example/entity", f"https://idp.{slug}.example/metadata")
    with django_assert_max_num_queries(12):
        assert platform.get(reverse("sso-manage:index")).status_code == 200
