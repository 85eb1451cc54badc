"""A real SAML 2.0 identity provider on loopback for tests: pysaml2's IdP, set up like OpenAthens.

    idp = start_saml_idp(sp_metadata_xml, standard_test_users(), encrypt_assertions=True)
    ...  # point the SP at idp.metadata_url (or idp.metadata_xml), send the browser to the SP's login
    idp.stop()

It is a different SAML implementation from the SP's (python3-saml, under django-allauth), so the tests
see the interop problems a real federation would show. See tests/idp/SAML.md.
"""

import atexit
import shutil
import tempfile
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from types import TracebackType
from urllib.parse import urljoin
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import requests

from tests.idp.saml.app import SamlIdpApp
from tests.idp.saml.engine import IdpSettings, SamlEngine
from tests.idp.saml.forms import HtmlForm, forms_on
from tests.idp.saml.keys import KeyPair, generate_key_pair
from tests.idp.saml.pages import LOGIN_FORM_ACTION
from tests.idp.saml.users import SamlUser, standard_test_users

__all__ = [
    "KeyPair",
    "RunningSamlIdp",
    "SamlSignInRefused",
    "SamlUser",
    "generate_key_pair",
    "sign_in",
    "sign_in_by_post",
    "standard_test_users",
    "start_saml_idp",
]


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: pytest would show them as noise."""


@dataclass
class RunningSamlIdp:
    entity_id: str
    metadata_url: str
    metadata_xml: str
    sso_url: str
    slo_url: str
    certificate_pem: str  # the IdP's signing certificate (also in its metadata)
    _server: _ThreadingWSGIServer
    _thread: threading.Thread
    _app: SamlIdpApp
    _workdir: Path
    _stopped: bool = False

    @property
    def certificate_base64(self) -> str:
        lines = self.certificate_pem.strip().splitlines()
        return "".join(line for line in lines if not line.startswith("-----"))

    @property
    def errors(self) -> list[str]:
        """Tracebacks of the requests the IdP refused (400), for a failing test's message."""
        return list(self._app.errors)

    def trust_sp(self, sp_metadata_xml: str) -> None:
        """Adds an SP after start (e.g. one whose metadata needs this IdP's URLs first)."""
        self._app.engine.trust_sp(sp_metadata_xml)

    def logout_request_url(
        self, sp_entity_id: str, name_id: str = "_signed-out-elsewhere", *, signed: bool = True
    ) -> str:
        """Where this IdP sends the browser to sign the person out of an SP (the IdP starts the single logout)."""
        return self._app.engine.logout_request_location(sp_entity_id, name_id, signed=signed)

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> "RunningSamlIdp":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def start_saml_idp(
    sp_metadata_xml: str | None,
    users: list[SamlUser],
    *,
    encrypt_assertions: bool = False,
    sign_response: bool = True,
    sign_assertion: bool = True,
    clock_offset_seconds: float = 0.0,
    assertion_lifetime_seconds: int = 300,
    require_signed_requests: bool = False,
    targeted_id_as_name_id: bool = False,
) -> RunningSamlIdp:
    """Starts the IdP on a free loopback port; returns once its metadata answers.

    sp_metadata_xml: the SP's metadata (None: add it later with trust_sp). The SP's encryption
    certificate is taken from it when encrypt_assertions is set.
    clock_offset_seconds: the IdP's clock is this far ahead (negative: behind), to make stale responses.
    require_signed_requests: refuse unsigned AuthnRequests (a signed one is always checked).
    targeted_id_as_name_id: send eduPersonTargetedID values as NameID elements (its SAML 2 form) rather
    than as strings; python3-saml then gives each value as {"NameID": {"Format", "NameQualifier", "value"}}.
    """
    server = make_server("127.0.0.1", 0, lambda environ, start: [], _ThreadingWSGIServer, _QuietHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    settings = IdpSettings(
        base_url=base_url,
        encrypt_assertions=encrypt_assertions,
        sign_response=sign_response,
        sign_assertion=sign_assertion,
        clock_offset_seconds=clock_offset_seconds,
        assertion_lifetime_seconds=assertion_lifetime_seconds,
        require_signed_requests=require_signed_requests,
        targeted_id_as_name_id=targeted_id_as_name_id,
    )
    workdir = Path(tempfile.mkdtemp(prefix="saml-idp-"))
    keys = generate_key_pair("Test OpenAthens IdP")
    try:
        engine = SamlEngine(settings, keys, workdir, [sp_metadata_xml] if sp_metadata_xml else [])
    except BaseException:
        server.server_close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    app = SamlIdpApp(engine, users)
    server.set_app(app)
    thread = threading.Thread(target=server.serve_forever, name=f"saml-idp-{server.server_port}", daemon=True)
    thread.start()
    idp = RunningSamlIdp(
        entity_id=settings.entity_id,
        metadata_url=settings.entity_id,
        metadata_xml=engine.metadata_xml,
        sso_url=settings.sso_url,
        slo_url=settings.slo_url,
        certificate_pem=keys.certificate_pem,
        _server=server,
        _thread=thread,
        _app=app,
        _workdir=workdir,
    )
    atexit.register(idp.stop)
    with urllib.request.urlopen(idp.metadata_url, timeout=10) as answer:  # noqa: S310 (our own loopback URL)
        if answer.status != 200:
            idp.stop()
            raise RuntimeError(f"the test IdP's metadata answered {answer.status}")
    return idp


class SamlSignInRefused(Exception):
    """The IdP did not answer with a Response form (wrong password, or it refused the request)."""

    def __init__(self, status: int, page: str) -> None:
        super().__init__(f"the IdP answered {status}: {page[:500]}")
        self.status = status
        self.page = page


def _response_form(page: requests.Response) -> HtmlForm | None:
    for form in forms_on(page.text):
        if "SAMLResponse" in form.fields:
            return form
    return None


def _complete_sign_in(
    session: requests.Session, page: requests.Response, login: str, password: str
) -> tuple[str, dict[str, str]]:
    response_form = _response_form(page)
    if response_form is None:  # no session at the IdP yet: the sign-in form
        login_forms = [form for form in forms_on(page.text) if form.action == LOGIN_FORM_ACTION]
        if page.status_code != 200 or not login_forms:
            raise SamlSignInRefused(page.status_code, page.text)
        fields = {**login_forms[0].fields, "login": login, "password": password}
        page = session.post(urljoin(page.url, LOGIN_FORM_ACTION), data=fields, timeout=30)
        response_form = _response_form(page)
        if page.status_code != 200 or response_form is None:
            raise SamlSignInRefused(page.status_code, page.text)
    return response_form.action, response_form.fields


def sign_in(session: requests.Session, sso_redirect_url: str, login: str, password: str) -> tuple[str, dict[str, str]]:
    """Follows the SP's redirect to the IdP, signs in, and returns the ACS URL and the fields
    (SAMLResponse, RelayState) the browser would POST there, without posting them."""
    return _complete_sign_in(session, session.get(sso_redirect_url, timeout=30), login, password)


def sign_in_by_post(
    session: requests.Session, sso_url: str, saml_request: str, relay_state: str, login: str, password: str
) -> tuple[str, dict[str, str]]:
    """As sign_in, for an AuthnRequest sent by the HTTP-POST binding (the SP's auto-posting form)."""
    fields = {"SAMLRequest": saml_request, "RelayState": relay_state} if relay_state else {"SAMLRequest": saml_request}
    return _complete_sign_in(session, session.post(sso_url, data=fields, timeout=30), login, password)
