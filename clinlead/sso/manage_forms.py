"""The forms of single sign-on's set-up pages for sign-in apps (OpenID Connect or SAML; identity providers'
forms are in provider_forms.py). Each says, on the field, what is wrong and what would be right; the records' own
refusals (a duplicate) come back from services.py to the field they are about."""

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms

from . import claims, saml_metadata
from .sign_in_apps import PROFILE_LABELS

SHORT_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
RESERVED = {"saml", "openid-connect", "oidc"}  # allauth's own providers' names, and our addresses' words
LOOPBACK = {"127.0.0.1", "localhost", "::1"}  # where tests run their identity providers, over http
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
MAX_METADATA_BYTES = 2 * 1024 * 1024
# The claims a SAML attribute map may name (claims.SAML_ATTRIBUTES gives our defaults for each).
MAPPED_CLAIMS = tuple(claims.SAML_ATTRIBUTES.values())
DEFAULT_MAP = "\n".join(f"{claim} = {uri}" for uri, claim in claims.SAML_ATTRIBUTES.items())
EXAMPLE_LINE = next(line for line in DEFAULT_MAP.splitlines() if line.startswith("email"))


def address(value: str, example: str) -> str:
    """An https address (http only on this machine, where the tests' identity providers run)."""
    value = value.strip()
    parts = urlsplit(value)
    secure = parts.scheme == "https" and bool(parts.hostname)
    loopback = parts.scheme == "http" and parts.hostname in LOOPBACK
    if not (secure or loopback) or any(c.isspace() for c in value) or parts.fragment:
        raise forms.ValidationError(f"Enter an address starting https://, for example {example}")
    return value


def short_name(value: str, taken: set[str]) -> str:
    value = value.strip()
    if not SHORT_NAME.match(value):
        raise forms.ValidationError(
            "Use lower-case letters, digits and hyphens only (up to 50), starting and ending with a letter or digit"
        )
    if value in RESERVED:
        raise forms.ValidationError(f"{value} is a word our addresses use already: choose another name")
    if value in taken:
        raise forms.ValidationError(f"There is already a sign-in app called {value}")
    return value


def parse_attribute_map(text: str) -> dict[str, str]:
    """`claim = URI` lines (blank lines skipped) as {claim: URI}; every wrong line named by its number."""
    found: dict[str, str] = {}
    where: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        claim, equals, uri = (part.strip() for part in line.partition("="))
        if not equals or not claim or not uri:
            problems.append(
                f"Line {number}: write the claim, “=”, then the attribute's URI, for example {EXAMPLE_LINE}"
            )
        elif claim not in MAPPED_CLAIMS:
            problems.append(f"Line {number}: {claim} is not a claim we read: use one of {', '.join(MAPPED_CLAIMS)}")
        elif claim in found:
            problems.append(f"Line {number}: {claim} is mapped already, on line {where[claim]}")
        elif not URI.match(uri):
            problems.append(f"Line {number}: {uri} is not a URI, such as urn:oid:2.5.4.42")
        elif uri in found.values():
            other = next(c for c, u in found.items() if u == uri)
            problems.append(f"Line {number}: {uri} is mapped to {other} already, on line {where[other]}")
        else:
            found[claim], where[claim] = uri, number
    if problems:
        raise forms.ValidationError(problems)
    return found


def attribute_map_text(mapping: dict[str, str]) -> str:
    return "\n".join(f"{claim} = {uri}" for claim, uri in mapping.items())


class Form(forms.Form):
    """Stripped text, and the messages of required fields in our words."""

    required_messages: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message


class OidcAppForm(Form):
    provider_id = forms.CharField(
        label="Provider id",
        max_length=50,
        help_text="Lower-case letters, digits and hyphens, such as keystone or cis2: part of our redirect URI. It "
        "cannot be changed later.",
    )
    name = forms.CharField(label="Name", max_length=40, help_text="As people see it among the ways they sign in")
    profile = forms.ChoiceField(
        label="Profile",
        choices=[(p, PROFILE_LABELS[p]) for p in claims.PROFILES],
        widget=forms.RadioSelect,
        help_text="It decides what people are known by. It cannot be changed later.",
    )
    server_url = forms.CharField(
        label="Server URL", max_length=500, help_text="The issuer, for example https://connect.openathens.net"
    )
    client_id = forms.CharField(label="Client id", max_length=191)
    secret = forms.CharField(
        label="Client secret",
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Never shown again once saved.",
    )
    required_messages = {
        "provider_id": "Enter a provider id, such as keystone",
        "name": "Enter a name",
        "profile": "Choose a profile",
        "server_url": "Enter the server URL",
        "client_id": "Enter the client id",
    }

    def __init__(self, *args: Any, taken: set[str], changing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken, self.changing = taken, changing
        self.fields["profile"].error_messages["invalid_choice"] = "Choose one of the profiles listed"
        if changing:
            self.fields["provider_id"].disabled = True
            # Fixed once set; an app made in the admin site without one may be given one here.
            self.fields["profile"].disabled = self.initial.get("profile") in claims.PROFILES
            self.fields["secret"].help_text = "Leave empty to keep the secret saved. Never shown again once saved."
        else:
            self.fields["secret"].required = True
            self.fields["secret"].error_messages["required"] = "Enter the client secret"

    def clean_provider_id(self) -> str:
        value = str(self.cleaned_data["provider_id"])
        return value if self.changing else short_name(value, self.taken)

    def clean_server_url(self) -> str:
        return address(self.cleaned_data["server_url"], "https://connect.openathens.net")


class SamlAppForm(Form):
    URL, XML, CERTIFICATE = "url", "xml", "certificate"

    slug = forms.CharField(
        label="Short name",
        max_length=50,
        help_text="Lower-case letters, digits and hyphens, such as northshire: its provider id and client id, and "
        "part of our addresses. It cannot be changed later.",
    )
    name = forms.CharField(label="Name", max_length=40, help_text="As people see it among the ways they sign in")
    entity_id = forms.CharField(
        label="Their entityID",
        max_length=500,
        help_text="The identity provider's, for example https://idp.example/entity",
    )
    metadata_source = forms.ChoiceField(
        label="How do you have their metadata?",
        widget=forms.RadioSelect,
        choices=[
            (URL, "At a URL (read again every few hours, so their new keys are taken up)"),
            (XML, "As XML, pasted or uploaded (read when you save)"),
            (CERTIFICATE, "As a single sign-on URL and a signing certificate"),
        ],
    )
    metadata_url = forms.CharField(label="Metadata URL", max_length=500, required=False)
    metadata_xml = forms.CharField(
        label="Metadata XML", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    metadata_file = forms.FileField(label="Or upload the metadata file", required=False)
    sso_url = forms.CharField(label="Single sign-on URL", max_length=500, required=False)
    x509cert = forms.CharField(
        label="Signing certificate (PEM)", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    want_assertion_encrypted = forms.BooleanField(
        label="Ask for encrypted assertions", required=False, help_text="Encrypted to our own certificate"
    )
    attribute_map = forms.CharField(
        label="Attribute map",
        required=False,
        strip=False,  # a line's number is the one the person sees
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"One line for each claim, such as {EXAMPLE_LINE}. Leave it empty for our defaults (below).",
    )
    required_messages = {
        "slug": "Enter a short name, such as northshire",
        "name": "Enter a name",
        "entity_id": "Enter the identity provider's entityID",
        "metadata_source": "Choose how you give their metadata",
    }

    def __init__(self, *args: Any, taken: set[str], changing: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken, self.changing = taken, changing
        self.fields["metadata_source"].error_messages["invalid_choice"] = "Choose one of the ways listed"
        if changing:
            self.fields["slug"].disabled = True

    def clean_slug(self) -> str:
        value = str(self.cleaned_data["slug"])
        return value if self.changing else short_name(value, self.taken)

    def clean_entity_id(self) -> str:
        value = str(self.cleaned_data["entity_id"]).strip()
        if not saml_metadata.ENTITY_ID.match(value):
            raise forms.ValidationError("Enter the entityID as a URI, for example https://idp.example/entity")
        return value

    def clean_attribute_map(self) -> dict[str, str]:
        return parse_attribute_map(str(self.cleaned_data["attribute_map"]))

    def _uploaded_xml(self) -> str:
        upload = self.cleaned_data.get("metadata_file")
        if not upload:
            return ""
        if upload.size > MAX_METADATA_BYTES:
            self.add_error("metadata_file", f"{upload.name} is larger than 2 MB: that is not one provider's metadata")
            return ""
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError:
            self.add_error("metadata_file", f"{upload.name} is not UTF-8 text")
            return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, entity_id = data.get("metadata_source"), data.get("entity_id")
        data["values"] = {}
        if source == self.URL:
            self._require("metadata_url", "Enter the metadata URL")
            if data.get("metadata_url"):
                try:
                    data["values"] = {"metadata_url": address(data["metadata_url"], "https://idp.example/metadata")}
                except forms.ValidationError as error:
                    self.add_error("metadata_url", error)
        elif source == self.XML:
            pasted, uploaded = str(data.get("metadata_xml") or "").strip(), self._uploaded_xml()
            field = "metadata_file" if uploaded else "metadata_xml"
            if pasted and uploaded:
                self.add_error("metadata_file", "Paste the metadata or upload it, not both")
            elif not (pasted or uploaded):
                if "metadata_file" not in self.errors:
                    self.add_error("metadata_xml", "Paste the metadata XML, or upload the file")
            elif entity_id:
                try:
                    saml_metadata.read(pasted or uploaded, entity_id)
                    data["values"] = {"metadata_xml": pasted or uploaded}
                except saml_metadata.MetadataProblem as problem:
                    self.add_error(field, str(problem))
        elif source == self.CERTIFICATE:
            self._require("sso_url", "Enter the single sign-on URL")
            self._require("x509cert", "Paste their signing certificate")
            values = {}
            if data.get("sso_url"):
                try:
                    values["sso_url"] = address(data["sso_url"], "https://idp.example/sso")
                except forms.ValidationError as error:
                    self.add_error("sso_url", error)
            if str(data.get("x509cert") or "").strip():
                try:
                    values["x509cert"] = saml_metadata.certificate_body(data["x509cert"])
                except saml_metadata.MetadataProblem as problem:
                    self.add_error("x509cert", str(problem))
            data["values"] = values
        return data

    def _require(self, name: str, message: str) -> None:
        if not str(self.cleaned_data.get(name) or "").strip() and name not in self.errors:
            self.add_error(name, message)

    @classmethod
    def initial_for(cls, app_settings: dict[str, Any], slug: str, name: str) -> dict[str, Any]:
        idp = app_settings.get("idp") or {}
        source = cls.URL if idp.get("metadata_url") else cls.XML if idp.get("metadata") else cls.CERTIFICATE
        return {
            "slug": slug,
            "name": name,
            "entity_id": idp.get("entity_id", ""),
            "metadata_source": source,
            "metadata_url": idp.get("metadata_url", ""),
            "metadata_xml": idp.get("metadata", ""),
            "sso_url": idp.get("sso_url", "") if source == cls.CERTIFICATE else "",
            "x509cert": idp.get("x509cert", "") if source == cls.CERTIFICATE else "",
            "want_assertion_encrypted": bool((app_settings.get("advanced") or {}).get("want_assertion_encrypted")),
            "attribute_map": attribute_map_text(app_settings.get("attribute_mapping") or {}),
        }
