"""The SAML side of the test IdP: a pysaml2 Server configured like an OpenAthens IdP, and what it answers.

Everything here is pysaml2 (a different SAML implementation from the SP under test, python3-saml), so
interop problems show up as they would against a real federation IdP.
"""

import base64
import functools
import hashlib
import secrets
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import saml2.entity
import saml2.sigver
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.idp.saml.clock import offset_clock
from tests.idp.saml.keys import KeyPair
from tests.idp.saml.users import EDU_PERSON_TARGETED_ID, NAME_FORMAT_URI, SamlUser

PASSWORD_PROTECTED_TRANSPORT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
# pysaml2 always encrypts assertions with Triple DES (its template and its xmlsec1 session key are fixed,
# with no setting). Federation IdPs use AES-GCM (Shibboleth's default), so the assertion is encrypted with
# AES-128-GCM here: the template's algorithm is set below, the session key type in _build_server. The key
# itself is sent by RSA-OAEP, as pysaml2 and federation IdPs both do.
CONTENT_ENCRYPTION = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
CONTENT_KEY_TYPE = "aes-128"  # xmlsec1's --session-key name for a key of that size
saml2.entity.pre_encryption_part = functools.partial(saml2.sigver.pre_encryption_part, msg_enc=CONTENT_ENCRYPTION)


@dataclass(frozen=True)
class IdpSettings:
    base_url: str  # http://127.0.0.1:<port>, no trailing slash
    encrypt_assertions: bool = False
    sign_response: bool = True
    sign_assertion: bool = True
    clock_offset_seconds: float = 0.0
    assertion_lifetime_seconds: int = 300
    require_signed_requests: bool = False
    targeted_id_as_name_id: bool = False

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/idp/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/idp/sso"

    @property
    def slo_url(self) -> str:
        return f"{self.base_url}/idp/slo"


@dataclass(frozen=True)
class PendingAuthnRequest:
    """What the IdP keeps of an AuthnRequest while the person signs in."""

    request_id: str
    sp_entity_id: str
    acs_url: str
    relay_state: str
    name_id_format: str | None
    force_authn: bool


@dataclass(frozen=True)
class LogoutAnswer:
    """A LogoutResponse sent back by the HTTP-Redirect binding: the URL the browser is sent to."""

    location: str
    sp_entity_id: str


def _xmlsec1_binary() -> str:
    binary = shutil.which("xmlsec1")
    if binary is None:
        raise RuntimeError("pysaml2 needs the xmlsec1 program: apt-get install xmlsec1")
    return binary


class SamlEngine:
    """One pysaml2 IdP. Thread-safe: pysaml2's Server is not, so every call into it holds a lock."""

    def __init__(self, settings: IdpSettings, keys: KeyPair, workdir: Path, sp_metadata: list[str]) -> None:
        self.settings = settings
        self._key_file, self._cert_file = keys.write(workdir, "idp")
        self._sp_metadata = list(sp_metadata)
        self._lock = threading.RLock()
        self._server = self._build_server()
        self.metadata_xml = str(entity_descriptor(self._server.config))

    def _config(self) -> dict[str, Any]:
        settings = self.settings
        return {
            "entityid": settings.entity_id,
            "service": {
                "idp": {
                    "name": "Test OpenAthens IdP",
                    "endpoints": {
                        "single_sign_on_service": [
                            (settings.sso_url, BINDING_HTTP_REDIRECT),
                            (settings.sso_url, BINDING_HTTP_POST),
                        ],
                        "single_logout_service": [(settings.slo_url, BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT, NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": {"seconds": settings.assertion_lifetime_seconds},
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "want_authn_requests_signed": settings.require_signed_requests,
                    "sign_response": settings.sign_response,
                    "sign_assertion": settings.sign_assertion,
                    "encrypt_assertion": settings.encrypt_assertions,
                    # RSA-SHA256: pysaml2 signs with RSA-SHA1 otherwise, which python3-saml refuses as allauth
                    # sets it up. For an IdP these belong here: at the top level pysaml2 ignores them.
                    "signing_algorithm": SIG_RSA_SHA256,
                    "digest_algorithm": DIGEST_SHA256,
                }
            },
            "metadata": {"inline": self._sp_metadata},
            "key_file": str(self._key_file),
            "cert_file": str(self._cert_file),
            "xmlsec_binary": _xmlsec1_binary(),
            # How far an SP's AuthnRequest IssueInstant may be from the IdP's clock, as at a real IdP.
            "accepted_time_diff": 300,
            "delete_tmpfiles": True,
        }

    def _build_server(self) -> Server:
        config = IdPConfig()
        config.load(self._config())
        server = Server(config=config)
        server.sec.encrypt_assertion = functools.partial(server.sec.encrypt_assertion, key_type=CONTENT_KEY_TYPE)
        return server

    def trust_sp(self, sp_metadata_xml: str) -> None:
        """Adds an SP (its metadata: entityID, ACS URLs, certificates) to the ones this IdP answers."""
        with self._lock:
            self._sp_metadata.append(sp_metadata_xml)
            self._server = self._build_server()

    def read_authn_request(
        self, saml_request: str, binding: str, relay_state: str, sig_alg: str | None, signature: str | None
    ) -> PendingAuthnRequest:
        """Parses and checks an AuthnRequest (raises on an unknown SP, a wrong Destination, a bad signature)."""
        with self._lock, offset_clock(self.settings.clock_offset_seconds):
            # pysaml2 checks a redirect-binding signature only when it requires one; a real IdP checks any
            # signature it is sent, so the requirement is switched on for each signed request.
            must_check = self.settings.require_signed_requests or signature is not None
            self._server.config.setattr("idp", "want_authn_requests_signed", must_check)
            parsed = self._server.parse_authn_request(saml_request, binding, relay_state, sig_alg, signature)
            if parsed is None:
                raise ValueError("the AuthnRequest could not be read")
            message = parsed.message
            response_args = self._server.response_args(message, [BINDING_HTTP_POST])
        policy = message.name_id_policy
        return PendingAuthnRequest(
            request_id=message.id,
            sp_entity_id=response_args["sp_entity_id"],
            acs_url=response_args["destination"],
            relay_state=relay_state,
            name_id_format=policy.format if policy is not None else None,
            force_authn=str(message.force_authn).lower() in {"true", "1"},
        )

    def _name_id(self, user: SamlUser, request: PendingAuthnRequest) -> NameID:
        qualifiers = {"name_qualifier": self.settings.entity_id, "sp_name_qualifier": request.sp_entity_id}
        if request.name_id_format == NAMEID_FORMAT_PERSISTENT:
            # Stable for this user at this SP, and different at each SP, as a persistent NameID must be.
            digest = hashlib.sha256(f"{request.sp_entity_id}!{user.login}".encode()).hexdigest()
            return NameID(format=NAMEID_FORMAT_PERSISTENT, text=digest[:32], **qualifiers)
        # Transient (the default, as at OpenAthens): new at every sign-in.
        return NameID(format=NAMEID_FORMAT_TRANSIENT, text=f"_{secrets.token_hex(16)}", **qualifiers)

    def _identity(self, user: SamlUser, request: PendingAuthnRequest) -> dict[str, list[Any]]:
        """The user's attributes as pysaml2 takes them: keyed by URI, sent under that Name, NameFormat uri."""
        identity: dict[str, list[Any]] = {name: list(values) for name, values in user.attributes.items()}
        if self.settings.targeted_id_as_name_id and EDU_PERSON_TARGETED_ID in identity:
            # eduPersonTargetedID in its SAML 2 form, each value a persistent NameID element (as Shibboleth
            # IdPs send it): pysaml2 builds that form for the attribute when it is given by its friendly name.
            identity["eduPersonTargetedID"] = [
                {"NameQualifier": self.settings.entity_id, "SPNameQualifier": request.sp_entity_id, "text": value}
                for value in identity.pop(EDU_PERSON_TARGETED_ID)
            ]
        return identity

    def authn_response(self, user: SamlUser, request: PendingAuthnRequest) -> dict[str, str]:
        """The signed (and, if set, encrypted) Response, as the fields the browser POSTs to the ACS."""
        settings = self.settings
        with self._lock, offset_clock(settings.clock_offset_seconds):
            # pysaml2 quietly sends the assertion in clear when the SP's metadata has no encryption key; a
            # test that asked for encryption must not pass that way.
            if settings.encrypt_assertions and not self._server.has_encrypt_cert_in_metadata(request.sp_entity_id):
                raise ValueError(
                    f"asked to encrypt, but {request.sp_entity_id}'s metadata has no encryption certificate"
                )
            response = self._server.create_authn_response(
                identity=self._identity(user, request),
                in_response_to=request.request_id,
                destination=request.acs_url,
                sp_entity_id=request.sp_entity_id,
                name_id=self._name_id(user, request),
                authn={"class_ref": PASSWORD_PROTECTED_TRANSPORT},
                sign_response=settings.sign_response,
                sign_assertion=settings.sign_assertion,
                encrypt_assertion=settings.encrypt_assertions,
                # pysaml2's "self-contained" encrypted assertion re-declares the assertion namespace under
                # a new prefix; python3-saml, decrypting in place with lxml, renames it back to the prefix
                # the Response uses, which changes the exclusive-c14n form and breaks the assertion's
                # signature. Encrypting it as it stands in the Response keeps one prefix throughout.
                encrypt_assertion_self_contained=False,
            )
        fields = {"SAMLResponse": base64.b64encode(str(response).encode()).decode()}
        if request.relay_state:
            fields["RelayState"] = request.relay_state
        return fields

    def logout(self, saml_request: str, relay_state: str, sig_alg: str | None, signature: str | None) -> LogoutAnswer:
        """Answers an SP's LogoutRequest (HTTP-Redirect) with a signed LogoutResponse by the same binding."""
        with self._lock, offset_clock(self.settings.clock_offset_seconds):
            parsed = self._server.parse_logout_request(
                saml_request, BINDING_HTTP_REDIRECT, relay_state, sig_alg, signature
            )
            if parsed is None:
                raise ValueError("the LogoutRequest could not be read")
            sp_entity_id = parsed.message.issuer.text.strip()
            response = self._server.create_logout_response(parsed.message, [BINDING_HTTP_REDIRECT], sign=False)
            _binding, destination = self._server.pick_binding(
                "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=sp_entity_id
            )
            # The redirect binding signs the query string (SigAlg, Signature), not the XML.
            http = self._server.apply_binding(
                BINDING_HTTP_REDIRECT,
                str(response),
                destination,
                relay_state,
                response=True,
                sign=True,
            )
        location = dict(http["headers"])["Location"]
        return LogoutAnswer(location=location, sp_entity_id=sp_entity_id)

    def logout_request_location(self, sp_entity_id: str, name_id: str, *, signed: bool = True) -> str:
        """A LogoutRequest this IdP starts (a person signed out elsewhere), by HTTP-Redirect to the SP's single
        logout address: the URL the browser is sent to; its query string signed unless `signed` is False."""
        with self._lock, offset_clock(self.settings.clock_offset_seconds):
            _binding, destination = self._server.pick_binding(
                "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=sp_entity_id
            )
            _id, request = self._server.create_logout_request(
                destination,
                sp_entity_id,
                name_id=NameID(format=NAMEID_FORMAT_TRANSIENT, text=name_id, name_qualifier=self.settings.entity_id),
                sign=False,
            )
            http = self._server.apply_binding(BINDING_HTTP_REDIRECT, str(request), destination, "", sign=signed)
        return str(dict(http["headers"])["Location"])
