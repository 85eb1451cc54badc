"""What production refuses to start with, read from the environment before any setting is made.

Checked before base.py is imported: base.py would otherwise make a development key in var/ and go on, and a
missing variable would surface later as something stranger. Every problem is listed at once, each saying what
to set, so a deployment is mended in one go.
"""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 50  # Django's own deployment check (security.W009) warns below 50 characters
MIN_KEY_CHARACTERS = 5  # … or fewer than 5 different characters
# Values people paste from examples (README.md's own among them). Compared ignoring case and spaces at the ends.
PLACEHOLDER_KEYS = {
    "a long random string",
    "changeme",
    "change-me",
    "change_me",
    "secret",
    "secret-key",
    "secret_key",
    "secretkey",
    "your-secret-key",
    "your_secret_key",
    "replace-me",
    "django-insecure",
}
GENERATE_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
FALSE = {"", "0", "false", "no", "off"}


def secret_key_problem(key: str | None) -> str | None:
    if not key or not key.strip():
        return f"SECRET_KEY must be set in production: a random string of {MIN_KEY_LENGTH} or more characters."
    if key.strip().lower() in PLACEHOLDER_KEYS:
        return f"SECRET_KEY is the placeholder {key.strip()!r}, not a secret: set it to a random string."
    if key.startswith("django-insecure"):
        return "SECRET_KEY starts with 'django-insecure', Django's mark of a development key: set a new one."
    if len(key) < MIN_KEY_LENGTH:
        return f"SECRET_KEY is {len(key)} characters long: production needs {MIN_KEY_LENGTH} or more."
    if len(set(key)) < MIN_KEY_CHARACTERS:
        return f"SECRET_KEY uses only {len(set(key))} different characters: set a random string."
    return None


def environment_problems(environ: Mapping[str, str]) -> list[str]:
    """What is wrong for production in these environment variables, each saying what to set."""
    found = []
    debug = environ.get("DEBUG", "")
    if debug.strip().lower() not in FALSE:
        found.append(f"DEBUG is {debug!r}: production never runs in debug mode. Unset DEBUG or set DEBUG=false.")
    if (key := secret_key_problem(environ.get("SECRET_KEY"))) is not None:
        found.append(f"{key} Generate one with: {GENERATE_KEY}")
    hosts = [host.strip() for host in environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    if not hosts:
        found.append(
            "ALLOWED_HOSTS must be set in production to the site's host names, comma-separated, "
            "e.g. ALLOWED_HOSTS=learn.example.nhs.uk"
        )
    elif "*" in hosts:
        found.append(
            "ALLOWED_HOSTS contains '*', which answers to any Host header: "
            "name the site's hosts instead, e.g. ALLOWED_HOSTS=learn.example.nhs.uk"
        )
    if not environ.get("SITE_URL", "").startswith("https://"):
        found.append(
            "SITE_URL must be set to the site's https:// address, e.g. SITE_URL=https://learn.example.nhs.uk; "
            "certificates print it."
        )
    return found


def refuse_unsafe_environment(environ: Mapping[str, str]) -> None:
    """Raise ImproperlyConfigured listing every problem, or return when production may start."""
    found = environment_problems(environ)
    if found:
        listed = "\n".join(f"  - {problem}" for problem in found)
        raise ImproperlyConfigured(
            f"Production settings (clinlead.settings.production) refuse to start:\n{listed}\n"
            "For a developer's machine, use DJANGO_SETTINGS_MODULE=clinlead.settings.base instead."
        )
