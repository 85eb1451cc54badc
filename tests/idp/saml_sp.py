"""A python3-saml service provider, configured in the test (no Django), to prove interop with the test IdP.

django-allauth's SAML provider drives the same library (OneLogin_Saml2_Auth with a request dict), so what
this SP accepts and refuses is what clinlead's SP will. The SP's URLs are never fetched: SAML's front
channel goes through the browser, and the tests hand the browser's POST to accept() themselves.
"""

import base64
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.authn_request import OneLogin_Saml2_Authn_Request
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from tests.idp.saml.keys import KeyPair

SP_BASE = "http://sp.clinlead.test"
SP_ENTITY_ID = f"{SP_BASE}/saml/metadata/"
ACS_URL = f"{SP_BASE}/saml/acs/"
SLS_URL = f"{SP_BASE}/saml/sls/"
TRANSIENT = OneLogin_Saml2_Constants.NAMEID_TRANSIENT
PERSISTENT = OneLogin_Saml2_Constants.NAMEID_PERSISTENT


def request_data(url: str, get: dict[str, str] | None = None, post: dict[str, str] | None = None) -> dict[str, Any]:
    """The request dict OneLogin_Saml2_Auth takes, for a request to url (as allauth builds from Django's)."""
    parts = urlsplit(url)
    return {
        "https": "on" if parts.scheme == "https" else "off",
        "http_host": parts.netloc,  # with the port, if any (python3-saml's server_port key is deprecated)
        "script_name": parts.path,
        "get_data": get or {},
        "post_data": post or {},
    }


def query_fields(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


@dataclass
class PythonSamlSp:
    keys: KeyPair
    want_assertions_signed: bool = True
    want_messages_signed: bool = False
    want_assertions_encrypted: bool = False
    authn_requests_signed: bool = False
    name_id_format: str = TRANSIENT
    idp_metadata_xml: str = ""  # set once the IdP runs
    security_overrides: dict[str, Any] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {
            "strict": True,
            "debug": False,
            "sp": {
                "entityId": SP_ENTITY_ID,
                "assertionConsumerService": {"url": ACS_URL, "binding": OneLogin_Saml2_Constants.BINDING_HTTP_POST},
                "singleLogoutService": {"url": SLS_URL, "binding": OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT},
                "NameIDFormat": self.name_id_format,
                "x509cert": self.keys.certificate_base64,
                "privateKey": self.keys.private_key_pem,
            },
            "security": {
                "authnRequestsSigned": self.authn_requests_signed,
                "logoutRequestSigned": self.authn_requests_signed,
                "wantAssertionsSigned": self.want_assertions_signed,
                "wantMessagesSigned": self.want_messages_signed,
                "wantAssertionsEncrypted": self.want_assertions_encrypted,
                # What allauth sets: SHA-1 signatures are refused, repeated attribute names allowed.
                "rejectDeprecatedAlgorithm": True,
                "allowRepeatAttributeName": True,
                **self.security_overrides,
            },
        }
        if self.idp_metadata_xml:
            # Only the "idp" part, as allauth takes it. merge_settings() would also copy the IdP's
            # WantAuthnRequestsSigned over authnRequestsSigned, and its first NameIDFormat over the SP's.
            settings["idp"] = OneLogin_Saml2_IdPMetadataParser.parse(self.idp_metadata_xml)["idp"]
        return settings

    def metadata_xml(self) -> str:
        metadata = OneLogin_Saml2_Settings(self.settings(), sp_validation_only=True).get_sp_metadata()
        return metadata.decode() if isinstance(metadata, bytes) else str(metadata)

    def auth(
        self, url: str, get: dict[str, str] | None = None, post: dict[str, str] | None = None
    ) -> OneLogin_Saml2_Auth:
        return OneLogin_Saml2_Auth(request_data(url, get, post), self.settings())

    def login_url(self, relay_state: str = f"{SP_BASE}/after-sign-in/", force_authn: bool = False) -> tuple[str, str]:
        """The IdP URL the SP redirects the browser to (HTTP-Redirect binding), and the AuthnRequest's ID."""
        auth = self.auth(f"{SP_BASE}/saml/login/")
        url = auth.login(return_to=relay_state, force_authn=force_authn)
        return url, auth.get_last_request_id()

    def authn_request_for_post(self) -> tuple[str, str]:
        """An AuthnRequest for the HTTP-POST binding (base64, not deflated), and its ID."""
        request = OneLogin_Saml2_Authn_Request(OneLogin_Saml2_Settings(self.settings()))
        return request.get_request(deflate=False), request.get_id()

    def accept(self, acs_url: str, fields: dict[str, str], request_id: str | None) -> OneLogin_Saml2_Auth:
        """Processes the browser's POST to the ACS; the returned auth has get_errors() and the attributes."""
        auth = self.auth(acs_url, post=fields)
        auth.process_response(request_id=request_id)
        return auth


def decoded_response(fields: dict[str, str]) -> str:
    return base64.b64decode(fields["SAMLResponse"]).decode()


def with_response(fields: dict[str, str], xml: str) -> dict[str, str]:
    return {**fields, "SAMLResponse": base64.b64encode(xml.encode()).decode()}
