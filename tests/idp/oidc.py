"""Real OpenID Connect providers on loopback for clinlead's tests: a Keystone-like one and a CIS2-like one.

Each is panva's oidc-provider (an npm devDependency) run by tests/idp/server/main.mjs as a subprocess.
See tests/idp/README.md for what each profile releases and how it behaves.
"""

from __future__ import annotations

import atexit
import html
import json
import re
import secrets
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import urljoin, urlsplit

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO_ROOT / "tests" / "idp" / "server" / "main.mjs"
Profile = Literal["keystone", "cis2"]


class OidcProviderError(RuntimeError):
    """The provider did not start, or refused an admin request."""


class SignInRefused(RuntimeError):
    """The provider answered the sign-in with something other than a redirect back to the client."""

    def __init__(self, message: str, response: requests.Response) -> None:
        super().__init__(message)
        self.response = response


@dataclass(frozen=True)
class OidcUser:
    login: str
    password: str
    # Released as given (lists and objects too). The profile decides which scope releases which claim;
    # a claim the profile does not know stops the provider at start with a message naming it.
    claims: dict[str, object]


@dataclass
class RunningOidcProvider:
    issuer: str
    profile: Profile
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    _process: subprocess.Popen[bytes] = field(repr=False)
    _admin_token: str = field(repr=False)
    _log: IO[bytes] = field(repr=False)

    def url(self, path: str) -> str:
        return urljoin(self.issuer + "/", path.lstrip("/"))

    def discovery(self) -> dict[str, Any]:
        response = requests.get(self.url("/.well-known/openid-configuration"), timeout=10)
        response.raise_for_status()
        return dict(response.json())

    def jwks(self) -> dict[str, Any]:
        response = requests.get(str(self.discovery()["jwks_uri"]), timeout=10)
        response.raise_for_status()
        return dict(response.json())

    def kids(self) -> list[str]:
        """The key ids the JWKS publishes now."""
        return [str(key["kid"]) for key in self.jwks()["keys"]]

    def rotate_keys(self, *, keep_previous: bool = False) -> str:
        """Sign new ID tokens with a new key; returns its kid. By default the old key leaves the JWKS."""
        response = requests.post(
            self.url("/test/rotate-keys"),
            json={"keep_previous": keep_previous},
            headers={"X-Admin-Token": self._admin_token},
            timeout=30,
        )
        if response.status_code != 200:
            raise OidcProviderError(f"rotate-keys answered {response.status_code}: {response.text}")
        return str(response.json()["kid"])

    def log(self) -> str:
        """What the node process wrote so far (its errors and oidc-provider's error events)."""
        self._log.flush()
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self._process.poll() is None:
            # Closing stdin is the polite way: the server exits when its input ends.
            if self._process.stdin:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)


def start_oidc_provider(
    profile: Profile,
    users: list[OidcUser],
    client_id: str,
    client_secret: str,
    redirect_uris: list[str],
    *,
    remember_sign_in: bool = False,
    post_logout_redirect_uris: list[str] | None = None,
    startup_timeout: float = 20.0,
) -> RunningOidcProvider:
    """Start a provider on a free loopback port; it answers discovery when this returns.

    remember_sign_in=False (the default) shows the sign-in form on every authorization request, so each
    sign-in is a new one (and a new Keystone `sub`). True keeps oidc-provider's single sign-on session.
    """
    admin_token = secrets.token_urlsafe(24)
    config = {
        "profile": profile,
        "users": [{"login": u.login, "password": u.password, "claims": u.claims} for u in users],
        "client": {
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": post_logout_redirect_uris or [],
        },
        "admin_token": admin_token,
        "remember_sign_in": remember_sign_in,
    }
    log = tempfile.NamedTemporaryFile(prefix=f"oidc-{profile}-", suffix=".log", delete=False)  # noqa: SIM115
    # node comes from PATH, as for npm in the Makefile; the arguments are this repository's own paths.
    process = subprocess.Popen(  # noqa: S603
        ["node", str(SERVER_SCRIPT)],  # noqa: S607
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    assert process.stdin is not None
    # The config stays on stdin, out of `ps`; stdin then stays open until stop().
    process.stdin.write(json.dumps(config).encode() + b"\n")
    process.stdin.flush()
    running = RunningOidcProvider(
        issuer="",
        profile=profile,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=list(redirect_uris),
        _process=process,
        _admin_token=admin_token,
        _log=log,
    )
    atexit.register(running.stop)
    try:
        running.issuer = _wait_until_serving(running, startup_timeout)
    except BaseException:
        output = running.log()
        running.stop()
        raise OidcProviderError(f"the {profile} OpenID provider did not start:\n{output}") from None
    return running


def _wait_until_serving(running: RunningOidcProvider, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    issuer = ""
    while time.monotonic() < deadline:
        if running._process.poll() is not None:
            raise OidcProviderError(f"node exited with {running._process.returncode}")
        if not issuer:
            match = re.search(r'^\{"issuer":"([^"]+)"\}$', running.log(), re.MULTILINE)
            issuer = match.group(1) if match else ""
        if issuer:
            try:
                answer = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2)
                if answer.status_code == 200 and answer.json().get("issuer") == issuer:
                    return issuer
            except requests.RequestException:
                pass
        time.sleep(0.05)
    raise OidcProviderError(f"no discovery document after {timeout:.0f} s")


_FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)">')


def sign_in(session: requests.Session, authorize_url: str, login: str, password: str) -> str:
    """Walk the sign-in without a browser; return the redirect to the client's redirect_uri, unfollowed.

    That URL carries `code` and `state`, or `error` when the provider refused the authorization request
    (e.g. no code_challenge). Raises SignInRefused when the provider stops on its own page instead
    (wrong password: 401 with the form again; an error page).
    """
    provider_origin = _origin(authorize_url)
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    posted = False
    for _ in range(20):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if _origin(target) != provider_origin:
                return target
            response = session.get(target, allow_redirects=False, timeout=10)
            continue
        form = _FORM_ACTION.search(response.text) if response.status_code == 200 else None
        if form is None or posted:
            raise SignInRefused(f"sign-in stopped at {response.url} with {response.status_code}", response)
        response = session.post(
            urljoin(response.url, html.unescape(form.group(1))),
            data={"login": login, "password": password},
            allow_redirects=False,
            timeout=10,
        )
        posted = True
    raise SignInRefused("too many redirects inside the provider", response)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
