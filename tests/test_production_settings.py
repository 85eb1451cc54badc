"""Serving defaults to production, and production refuses to start with unsafe settings, saying what to set.

Each case is a real process importing clinlead.wsgi as gunicorn does, with DJANGO_SETTINGS_MODULE unset.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOOD = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "learn.example.nhs.uk",
    "SITE_URL": "https://learn.example.nhs.uk",
}
SHOW = "import clinlead.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
# Not passed on from the test run: the settings under test, and what the browser tests set for themselves.
CONFIGURATION = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run(tmp_path: Path, command: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in CONFIGURATION}
    env |= {"CLINLEAD_VAR_DIR": str(tmp_path / "var"), "LOG_LEVEL": "CRITICAL", **variables}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *command], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def serve(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    return run(tmp_path, ["-c", SHOW], **variables)


def test_serving_without_a_settings_module_runs_production_settings(tmp_path: Path) -> None:
    result = serve(tmp_path, **GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["clinlead.settings.production", "False"]
    assert not (tmp_path / "var" / "secret_key").exists()  # no development key was made on the way


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG is 'true': production never runs in debug mode. Unset DEBUG or set DEBUG=false."),
        ({"DEBUG": "1"}, "DEBUG is '1'"),
        ({"DEBUG": "maybe"}, "DEBUG is 'maybe'"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set in production: a random string of 50 or more characters."),
        ({"SECRET_KEY": "x" * 49}, "SECRET_KEY is 49 characters long: production needs 50 or more."),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY uses only 2 different characters: set a random string."),
        ({"SECRET_KEY": "abcd" * 20}, "SECRET_KEY uses only 4 different characters"),
        (
            {"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)},
            "SECRET_KEY starts with 'django-insecure', Django's mark of a development key: set a new one.",
        ),
        ({"SECRET_KEY": "a long random string"}, "SECRET_KEY is the placeholder 'a long random string', not a secret"),
        ({"SECRET_KEY": "changeme"}, "SECRET_KEY is the placeholder 'changeme'"),
        ({"SECRET_KEY": " Secret "}, "SECRET_KEY is the placeholder 'Secret'"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set in production to the site's host names, comma-separated"),
        ({"ALLOWED_HOSTS": " , "}, "ALLOWED_HOSTS must be set in production"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS contains '*', which answers to any Host header"),
        ({"ALLOWED_HOSTS": "learn.example.nhs.uk, *"}, "ALLOWED_HOSTS contains '*'"),
        ({"SITE_URL": "http://learn.example.nhs.uk"}, "SITE_URL must be set to the site's https:// address"),
    ],
)
def test_production_refuses_to_start_unsafe_and_says_what_to_set(
    tmp_path: Path, variables: dict[str, str], message: str
) -> None:
    result = serve(tmp_path, **{**GOOD, **variables})
    assert result.returncode != 0
    assert "ImproperlyConfigured: Production settings (clinlead.settings.production) refuse to start:" in result.stderr
    assert message in result.stderr
    if message.startswith("SECRET_KEY"):
        assert "Generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'" in result.stderr


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    result = serve(tmp_path, DEBUG="on")
    for problem in ("DEBUG is 'on'", "SECRET_KEY must be set", "ALLOWED_HOSTS must be set", "SITE_URL must be set"):
        assert problem in result.stderr


def test_a_secret_key_is_never_printed_when_refused(tmp_path: Path) -> None:
    short = secrets.token_urlsafe(20)
    result = serve(tmp_path, **{**GOOD, "SECRET_KEY": short})
    assert "SECRET_KEY is 27 characters long" in result.stderr
    assert short not in result.stderr


def test_the_good_settings_pass_djangos_deployment_checks(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SETTINGS_MODULE="clinlead.settings.production",
        **GOOD,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_manage_py_keeps_the_development_settings_and_says_so(tmp_path: Path) -> None:
    result = run(tmp_path, ["manage.py", "check"])
    assert result.returncode == 0, result.stderr
    assert "manage.py: using the development settings (clinlead.settings.base)." in result.stderr
    assert "set DJANGO_SETTINGS_MODULE=clinlead.settings.production" in result.stderr
    quiet = run(tmp_path, ["manage.py", "check"], DJANGO_SETTINGS_MODULE="clinlead.settings.base")
    assert "development settings" not in quiet.stderr
