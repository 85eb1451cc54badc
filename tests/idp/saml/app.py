"""The test IdP's web side: a WSGI application with the metadata, sign-in and logout endpoints.

/idp/metadata  GET   the IdP's metadata (its entityID is this URL)
/idp/sso       GET   AuthnRequest by HTTP-Redirect; POST: by HTTP-POST. Shows the sign-in form, or answers at
                     once when the browser already has a session here (unless the request says ForceAuthn)
/idp/login     POST  the sign-in form (login, password, request); answers with the auto-posting Response form
/idp/slo       GET   LogoutRequest by HTTP-Redirect; ends the session and redirects with a LogoutResponse
"""

import secrets
import threading
import traceback
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT

from tests.idp.saml import pages
from tests.idp.saml.engine import PendingAuthnRequest, SamlEngine
from tests.idp.saml.users import SamlUser

SESSION_COOKIE = "test_idp_session"
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class _Answer:
    def __init__(self, status: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.status = status
        self.body = body.encode()
        self.headers: list[tuple[str, str]] = [("Content-Type", content_type), ("Cache-Control", "no-store")]


def _redirect(location: str) -> _Answer:
    answer = _Answer("302 Found", "")
    answer.headers.append(("Location", location))
    return answer


class SamlIdpApp:
    def __init__(self, engine: SamlEngine, users: list[SamlUser]) -> None:
        self.engine = engine
        self._users = {user.login: user for user in users}
        self._lock = threading.Lock()
        self._pending: dict[str, PendingAuthnRequest] = {}
        self._sessions: dict[str, str] = {}  # session cookie value -> login
        self.errors: list[str] = []  # what went wrong inside the IdP, for a failing test to show

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        form = self._form(environ)
        try:
            answer = self._route(method, path, form, self._session_token(environ))
        except Exception as error:  # a malformed or untrusted message: the browser is told, not the SP
            self.errors.append("".join(traceback.format_exception(error)))
            answer = _Answer(
                "400 Bad Request", pages.message_page("Request refused", f"{type(error).__name__}: {error}")
            )
        start_response(answer.status, answer.headers)
        return [answer.body]

    @staticmethod
    def _form(environ: dict[str, Any]) -> dict[str, str]:
        """The query string's fields, then (for a POST) the form body's; the first value of each."""
        fields = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length).decode()
            fields.update({name: values[0] for name, values in parse_qs(body, keep_blank_values=True).items()})
        return fields

    @staticmethod
    def _session_token(environ: dict[str, Any]) -> str:
        morsel = SimpleCookie(environ.get("HTTP_COOKIE", "")).get(SESSION_COOKIE)
        return morsel.value if morsel else ""

    def _route(self, method: str, path: str, form: dict[str, str], session: str) -> _Answer:
        if path == "/idp/metadata" and method == "GET":
            return _Answer("200 OK", self.engine.metadata_xml, "application/samlmetadata+xml")
        if path == "/idp/sso" and method in {"GET", "POST"}:
            with self._lock:
                session_login = self._sessions.get(session)
            return self._single_sign_on(method, form, session_login)
        if path == "/idp/login" and method == "POST":
            return self._login(form)
        if path == "/idp/slo" and method == "GET":
            return self._single_logout(form, session)
        return _Answer("404 Not Found", pages.message_page("Not found", path))

    def _single_sign_on(self, method: str, form: dict[str, str], session_login: str | None) -> _Answer:
        if "SAMLRequest" not in form:
            return _Answer("400 Bad Request", pages.message_page("Request refused", "No SAMLRequest."))
        binding = BINDING_HTTP_REDIRECT if method == "GET" else BINDING_HTTP_POST
        request = self.engine.read_authn_request(
            form["SAMLRequest"], binding, form.get("RelayState", ""), form.get("SigAlg"), form.get("Signature")
        )
        if session_login is not None and not request.force_authn:
            return self._answer_sp(self._users[session_login], request)
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._pending[key] = request
        return _Answer("200 OK", pages.login_page(key, request.sp_entity_id))

    def _login(self, form: dict[str, str]) -> _Answer:
        key = form.get("request", "")
        with self._lock:
            request = self._pending.get(key)
        if request is None:
            return _Answer("400 Bad Request", pages.message_page("Request refused", "Unknown or used sign-in request."))
        user = self._users.get(form.get("login", ""))
        if user is None or not secrets.compare_digest(user.password, form.get("password", "")):
            error = "Wrong username or password."
            return _Answer("401 Unauthorized", pages.login_page(key, request.sp_entity_id, error=error))
        with self._lock:
            del self._pending[key]  # one answer per AuthnRequest
            session = secrets.token_urlsafe(24)
            self._sessions[session] = user.login
        answer = self._answer_sp(user, request)
        answer.headers.append(("Set-Cookie", f"{SESSION_COOKIE}={session}; Path=/idp; HttpOnly; SameSite=Lax"))
        return answer

    def _answer_sp(self, user: SamlUser, request: PendingAuthnRequest) -> _Answer:
        fields = self.engine.authn_response(user, request)
        return _Answer("200 OK", pages.post_to_sp_page(request.acs_url, fields))

    def _single_logout(self, form: dict[str, str], session: str) -> _Answer:
        if "SAMLRequest" not in form:
            return _Answer("400 Bad Request", pages.message_page("Request refused", "No SAMLRequest."))
        answer = self.engine.logout(
            form["SAMLRequest"], form.get("RelayState", ""), form.get("SigAlg"), form.get("Signature")
        )
        with self._lock:
            self._sessions.pop(session, None)
        redirect = _redirect(answer.location)
        redirect.headers.append(("Set-Cookie", f"{SESSION_COOKIE}=; Path=/idp; Max-Age=0; HttpOnly; SameSite=Lax"))
        return redirect
