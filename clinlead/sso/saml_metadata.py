"""What a SAML identity provider gives us about itself, checked before a sign-in app is saved: its metadata (XML
that must parse and name its entityID), or its single sign-on address and signing certificate (docs/decisions/0024).

allauth's SAML provider reads an identity provider as a metadata URL, or as entityID + single sign-on URL +
certificate; it does not read metadata XML itself. Pasted metadata is therefore read here, once, into the address
and certificate allauth reads, and kept beside them so the page can show it again.
"""

import base64
import binascii
import datetime
import re
from dataclasses import dataclass

from cryptography import x509
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

# An entityID is a URI (SAML core 8.3.6): no spaces, and no quotes, which would also break python3-saml's XPath.
ENTITY_ID = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s'\"<>]+$")
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.DOTALL)


class MetadataProblem(ValueError):
    """What is wrong with the metadata or certificate, in words for the person who gave it."""


@dataclass(frozen=True)
class IdentityProviderMetadata:
    sso_url: str  # where allauth sends people to sign in (HTTP-Redirect binding)
    x509cert: str  # the signing certificate, base64 DER on one line
    slo_url: str = ""


def certificate_body(text: str) -> str:
    """A certificate given as PEM (or as its base64 body alone), checked, as base64 DER on one line."""
    text = text.strip()
    found = _PEM.search(text)
    body = "".join((found.group(1) if found else text).split())
    if not body:
        raise MetadataProblem("Enter the certificate")
    try:
        der = base64.b64decode(body, validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as error:
        raise MetadataProblem(
            "This is not a certificate: paste it in PEM form, from -----BEGIN CERTIFICATE----- to "
            "-----END CERTIFICATE-----"
        ) from error
    if certificate.not_valid_after_utc < datetime.datetime.now(datetime.UTC):
        raise MetadataProblem(
            f"This certificate expired on {certificate.not_valid_after_utc:%d %B %Y}: ask the identity provider "
            "for their current one"
        )
    return body


def entity_ids(xml: str) -> list[str]:
    """The entityIDs of the identity providers the metadata describes (MetadataProblem if it is not metadata)."""
    try:
        root = OneLogin_Saml2_XML.to_etree(xml.strip().encode())
    except Exception as error:  # lxml's syntax errors, and python3-saml's refusal of DTDs and entities
        raise MetadataProblem(f"This is not XML that can be read: {_first_line(error)}") from error
    nodes = OneLogin_Saml2_XML.query(root, "//md:EntityDescriptor[md:IDPSSODescriptor]")
    if not nodes:
        raise MetadataProblem("This XML is not SAML metadata of an identity provider (no IDPSSODescriptor)")
    return [str(node.get("entityID", "")) for node in nodes]


def read(xml: str, entity_id: str) -> IdentityProviderMetadata:
    """The single sign-on address and signing certificate of the identity provider `entity_id` in the metadata."""
    if not ENTITY_ID.match(entity_id):
        raise MetadataProblem(f"{entity_id!r} is not an entityID")
    named = entity_ids(xml)
    if entity_id not in named:
        listed = ", ".join(named[:3]) + (" and others" if len(named) > 3 else "")
        raise MetadataProblem(f"This metadata is for {listed}, not for the entityID {entity_id}")
    parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml.strip().encode(), entity_id=entity_id)
    idp = parsed.get("idp", {})
    sso_url = str(idp.get("singleSignOnService", {}).get("url", ""))
    if not sso_url:
        raise MetadataProblem(
            "This metadata gives no single sign-on address with the binding "
            f"{OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT}"
        )
    certificates = idp.get("x509certMulti", {}).get("signing") or ([idp["x509cert"]] if idp.get("x509cert") else [])
    if not certificates:
        raise MetadataProblem("This metadata gives no signing certificate")
    # allauth takes one certificate this way; a provider that rolls its keys over is better given by metadata URL.
    return IdentityProviderMetadata(
        sso_url=sso_url,
        x509cert=certificate_body(certificates[0]),
        slo_url=str(idp.get("singleLogoutService", {}).get("url", "")),
    )


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
