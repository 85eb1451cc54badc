"""Every write of single sign-on's set-up: the sign-in apps (allauth's SocialApp, OpenID Connect or SAML), the
identity providers, and their scope and role mappings. Each function takes plain values and writes in one
transaction; what the records refuse comes back as SetupProblem, naming the field it is about (docs/decisions/0024).

The Django admin site still edits the same rows directly (sso/admin.py, allauth's SocialApp admin): it is the
platform administrators' other door, for what the pages do not offer (our own SAML key pair, for one).
"""

from collections.abc import Mapping
from typing import Any

from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.db import IntegrityError, transaction

from . import claims, saml_metadata
from .models import IdentityProvider, RoleMapping, ScopeMapping
from .sign_in_apps import OIDC, SAML, provider_ids_in_use

Kind = IdentityProvider.Kind
# The keys of a SAML app's "idp" settings that say where its metadata comes from: one way at a time.
_METADATA_KEYS = ("metadata_url", "metadata", "sso_url", "x509cert", "slo_url")


class SetupProblem(Exception):
    """Why a set-up was not saved, and the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _app(app_id: int | None, provider: str, provider_id: str) -> SocialApp:
    """The app to change (locked until the end of the transaction), or a new one whose provider id is free."""
    if app_id is None:
        if provider_id in provider_ids_in_use():
            raise SetupProblem("provider_id", f"There is already a sign-in app called {provider_id}")
        return SocialApp(provider=provider, provider_id=provider_id)
    app = SocialApp.objects.select_for_update().filter(pk=app_id, provider=provider).first()
    if app is None:
        raise LookupError(f"no {provider} sign-in app {app_id}")
    # People's identities and the identity providers name the app by its provider id: it never changes.
    if provider_id != app.provider_id:
        raise SetupProblem("provider_id", "The provider id of a sign-in app cannot be changed")
    return app


def save_oidc_app(
    app_id: int | None, *, provider_id: str, name: str, profile: str, server_url: str, client_id: str, secret: str
) -> int:
    """Create (app_id None) or change an OpenID Connect sign-in app, keeping its other settings. An empty secret
    keeps the one saved; a new app needs one. Its provider id and profile are fixed once it is made."""
    with transaction.atomic():
        app = _app(app_id, OIDC, provider_id)
        saved_profile = (app.settings or {}).get("profile")
        if app.pk is not None and saved_profile in claims.PROFILES and profile != saved_profile:
            raise SetupProblem("profile", "The profile of a sign-in app cannot be changed")
        if not secret and not app.secret:
            raise SetupProblem("secret", "Enter the client secret")
        app.name, app.client_id = name, client_id
        app.secret = secret or app.secret
        app.settings = {**(app.settings or {}), "server_url": server_url, "profile": profile}
        app.save()
        return int(app.pk)


def save_saml_app(
    app_id: int | None,
    *,
    slug: str,
    name: str,
    entity_id: str,
    metadata_url: str = "",
    metadata_xml: str = "",
    sso_url: str = "",
    x509cert: str = "",
    want_assertion_encrypted: bool = False,
    attribute_mapping: Mapping[str, str] | None = None,
) -> int:
    """Create (app_id None) or change a SAML sign-in app: its short name (provider id and client id, fixed once
    made), the identity provider's entityID and metadata (a URL, the XML, or a sign-on URL and certificate: one
    way), whether assertions must be encrypted, and the attribute map (empty: our defaults). Other settings
    (our key pair in "advanced", for one) are kept."""
    ways = [bool(metadata_url), bool(metadata_xml), bool(sso_url or x509cert)]
    if sum(ways) != 1:
        raise SetupProblem("metadata_source", "Give the identity provider's metadata one way")
    idp: dict[str, Any] = {"entity_id": entity_id}
    try:
        if metadata_url:
            idp["metadata_url"] = metadata_url
        elif metadata_xml:
            read = saml_metadata.read(metadata_xml, entity_id)
            idp |= {"metadata": metadata_xml.strip(), "sso_url": read.sso_url, "x509cert": read.x509cert}
            idp |= {"slo_url": read.slo_url} if read.slo_url else {}
        else:
            idp |= {"sso_url": sso_url, "x509cert": saml_metadata.certificate_body(x509cert)}
    except saml_metadata.MetadataProblem as problem:
        raise SetupProblem("metadata_xml" if metadata_xml else "x509cert", str(problem)) from problem
    with transaction.atomic():
        app = _app(app_id, SAML, slug)
        config = dict(app.settings or {})
        kept = {key: value for key, value in (config.get("idp") or {}).items() if key not in _METADATA_KEYS}
        advanced = {**(config.get("advanced") or {}), "want_assertion_encrypted": want_assertion_encrypted}
        own_keys = (advanced.get("x509cert") and advanced.get("private_key")) or settings.SAML_SP_PRIVATE_KEY
        if want_assertion_encrypted and not own_keys:
            raise SetupProblem(
                "want_assertion_encrypted",
                "Assertions can be encrypted only to our own certificate and private key, which this service does "
                "not have yet: set SAML_SP_CERTIFICATE_FILE and SAML_SP_PRIVATE_KEY_FILE, or ask for unencrypted "
                "assertions",
            )
        config |= {"idp": {**kept, **idp}, "advanced": advanced}
        if attribute_mapping:
            config["attribute_mapping"] = dict(attribute_mapping)
        else:
            config.pop("attribute_mapping", None)
        app.client_id, app.name, app.secret, app.settings = slug, name, "", config
        app.save()
        return int(app.pk)


def save_saml_advanced(app_id: int, advanced: Mapping[str, Any]) -> None:
    """Replace a SAML app's "advanced" settings (our key pair, python3-saml's flags): what the pages do not edit,
    for tests and commands; the admin site edits the same."""
    with transaction.atomic():
        app = SocialApp.objects.select_for_update().get(pk=app_id, provider=SAML)
        app.settings = {**(app.settings or {}), "advanced": dict(advanced)}
        app.save(update_fields=["settings"])


def _duplicate(kind: str, entity_id: str) -> SetupProblem:
    if kind == Kind.CIS2:
        return SetupProblem("kind", "There is already an identity provider for NHS Care Identity Service 2")
    return SetupProblem(
        "entity_id", f"There is already an identity provider of this kind with the entityID {entity_id}"
    )


def save_identity_provider(
    identity_provider_id: int | None,
    *,
    name: str,
    kind: str,
    entity_id: str,
    app_id: str,
    organisation_id: int | None,
    search_terms: str = "",
    active: bool = True,
) -> int:
    """Create (identity_provider_id None) or change an identity provider. One per kind and entityID (CIS2 has
    none: one CIS2 provider)."""
    entity_id = "" if kind == Kind.CIS2 else entity_id
    clash = IdentityProvider.objects.filter(kind=kind, entity_id=entity_id)
    if identity_provider_id is not None:
        clash = clash.exclude(pk=identity_provider_id)
    if clash.exists():
        raise _duplicate(kind, entity_id)
    values = {
        "name": name,
        "kind": kind,
        "entity_id": entity_id,
        "app_id": app_id,
        "organisation_id": organisation_id,
        "search_terms": search_terms,
        "active": active,
    }
    try:
        with transaction.atomic():
            if identity_provider_id is None:
                return int(IdentityProvider.objects.create(**values).pk)
            if not IdentityProvider.objects.filter(pk=identity_provider_id).update(**values):
                raise LookupError(f"no identity provider {identity_provider_id}")
            return identity_provider_id
    except IntegrityError as error:  # made at the same moment by someone else
        raise _duplicate(kind, entity_id) from error


def add_scope_mapping(identity_provider_id: int, scope: str, organisation_id: int) -> None:
    """Map an affiliation's scope (lower-case) to an organisation; one organisation per scope."""
    scope = scope.strip().lower()
    try:
        with transaction.atomic():
            ScopeMapping.objects.create(
                identity_provider_id=identity_provider_id, scope=scope, organisation_id=organisation_id
            )
    except IntegrityError as error:
        raise SetupProblem("scope", f"The scope {scope} is mapped already: remove that mapping first") from error


def remove_scope_mapping(identity_provider_id: int, mapping_id: int) -> bool:
    """Remove one of the provider's scope mappings; False if it was not there."""
    with transaction.atomic():
        deleted, _ = ScopeMapping.objects.filter(pk=mapping_id, identity_provider_id=identity_provider_id).delete()
    return deleted > 0


def add_role_mapping(identity_provider_id: int, value: str, role: str, organisation_id: int | None) -> None:
    """Grant a role for an entitlement value or CIS2 role code; one mapping per value."""
    value = value.strip()
    try:
        with transaction.atomic():
            RoleMapping.objects.create(
                identity_provider_id=identity_provider_id, value=value, role=role, organisation_id=organisation_id
            )
    except IntegrityError as error:
        raise SetupProblem("value", f"{value} is mapped already: remove that mapping first") from error


def remove_role_mapping(identity_provider_id: int, mapping_id: int) -> bool:
    """Remove one of the provider's role mappings; False if it was not there."""
    with transaction.atomic():
        deleted, _ = RoleMapping.objects.filter(pk=mapping_id, identity_provider_id=identity_provider_id).delete()
    return deleted > 0
