"""Every kind of response carries the Content-Security-Policy and the Permissions-Policy (docs/decisions/0013)."""

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from tests.factories import S, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db

# What the policies must say, whatever order django-csp writes the directives in.
CSP = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "media-src": "'self'",
    "font-src": "https://assets.nhs.uk",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "report-uri": "/csp-report",
}
DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "display-capture"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
REPO = Path(__file__).resolve().parent.parent
MEDIA = "/assets/content/leadership-for-clinicians/images/swiss-cheese.svg"


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken)]


def directives(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} ({response.status_code}) has no Content-Security-Policy"
    return {name: value.strip() for name, _, value in (part.strip().partition(" ") for part in header.split(";"))}


def assert_policies(response) -> None:
    where = f"{response.request['PATH_INFO']} ({response.status_code})"
    policy = directives(response)
    for name, value in CSP.items():
        assert policy.get(name) == value, f"{where}: {name} is {policy.get(name)!r}, expected {value!r}"
    script_src = policy["script-src"].split()
    assert script_src[0] == "'self'", where
    assert all(source.startswith("'sha256-") for source in script_src[1:]), f"{where}: script-src {script_src}"
    assert "upgrade-insecure-requests" not in policy, f"{where}: only production upgrades requests"
    permissions = dict(item.split("=", 1) for item in response.headers["Permissions-Policy"].split(", "))
    for feature in DENIED:
        assert permissions[feature] == "()", f"{where}: {feature} is {permissions.get(feature)!r}"
    assert permissions["fullscreen"] == "(self)", where


def test_public_pages_error_pages_and_json_carry_both_policies(loaded_example: Path) -> None:
    client = Client()
    for url, status in [
        ("/", 302),
        ("/programmes/example/", 200),
        (f"{S}/v1/1/", 200),
        ("/accounts/login/", 200),
        ("/certificates/verify/", 200),
        ("/no-such-page/", 404),
        ("/admin/", None),
        ("/healthz", 200),
    ]:
        response = client.get(url)
        assert status is None or response.status_code == status, (url, response.status_code)
        assert_policies(response)


def test_a_server_error_carries_both_policies(loaded_example: Path) -> None:
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/broken/")
    assert response.status_code == 500
    assert_policies(response)


def test_signed_in_pages_and_downloads_carry_both_policies(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    play_everything(client)
    my_learning = client.get("/my-learning/")
    certificate = re.search(r'href="(/certificates/[^"]+\.pdf)"', my_learning.content.decode())
    assert certificate, "My learning links to no certificate"
    for response, content_type in [
        (my_learning, "text/html"),
        (client.get(f"{S}/v1/summary/"), "text/html"),
        (client.get("/accounts/profile/"), "text/html"),
        (client.get("/accounts/email/"), "text/html"),
        (client.get("/accounts/2fa/"), "text/html"),
        (client.get(certificate.group(1)), "application/pdf"),
        (client.get("/my-learning/transcript.pdf"), "application/pdf"),
        (client.get("/my-learning/transcript.csv"), "text/csv"),
        (client.get("/my-learning/my-data.json"), "application/json"),
    ]:
        assert response.status_code == 200, (response.request["PATH_INFO"], response.status_code)
        assert response["Content-Type"].startswith(content_type), response.request["PATH_INFO"]
        assert_policies(response)


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_and_content_media_served_by_whitenoise_carry_both_policies() -> None:
    # A fresh Client builds its middleware now, so WhiteNoise serves straight from the source folders.
    client = Client()
    for url in ["/assets/clinlead/clinlead.css", "/assets/htmx/htmx.min.js", "/assets/images/favicon.svg", MEDIA]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.__class__.__name__ == "WhiteNoiseFileResponse", url
        assert_policies(response)


def test_every_inline_script_on_a_page_is_allowed_by_its_hash_and_no_stale_hash_is_left(
    loaded_example: Path,
) -> None:
    response = Client().get("/programmes/example/")
    scripts = INLINE_SCRIPT.findall(response.content.decode())
    assert scripts, "NHS.UK's layout has no inline script any more: drop its hash from script-src"
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts}
    allowed = set(directives(response)["script-src"].split()) - {"'self'"}
    assert hashes == allowed, f"script-src in clinlead/settings/base.py should allow exactly {sorted(hashes)}"


def test_the_report_uri_is_the_report_view() -> None:
    assert reverse("csp-report") == CSP["report-uri"]


def test_production_adds_upgrade_insecure_requests_to_the_same_policy() -> None:
    # A real process on the production settings: they can only be imported with production's variables.
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/csp-report', secure=True, HTTP_HOST='example.org');"
        "print(json.dumps({'status': r.status_code, 'csp': r.headers.get('Content-Security-Policy')}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinlead.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.org",
        "SITE_URL": "https://example.org",
    }
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["status"] == 405  # the report view takes only POST; the headers are there all the same
    policy = {part.strip().partition(" ")[0]: part.strip().partition(" ")[2] for part in result["csp"].split(";")}
    assert "upgrade-insecure-requests" in policy
    for name, value in CSP.items():
        assert policy[name] == value, name
