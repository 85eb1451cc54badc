"""Settings shared by every environment, read from environment variables.

The defaults are safe for a developer's machine: SQLite under var/, a secret key
generated into var/ on first run, DEBUG on. Production uses
clinlead.settings.production, which refuses to start without real values.
"""

import os
import re
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CLINLEAD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={value!r}: expected true or false")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def development_secret_key() -> str:
    """A key kept in var/ so sessions survive restarts on a developer's machine."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret_key()
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# The address printed on certificates for checking them (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Where programmes are written; `loadcontent` and the media they use read from here.
CONTENT_DIR = Path(os.environ.get("CLINLEAD_CONTENT_DIR", BASE_DIR / "content"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "csp",
    "clinlead.content",
    "clinlead.accounts",
    "clinlead.authoring",
    "clinlead.catalogue",
    "clinlead.website",
    "clinlead.player",
    "clinlead.learning",
    "clinlead.certificates",
    "clinlead.mylearning",
    "clinlead.search",
    "clinlead.organisations",
    "clinlead.tasks",
    "clinlead.orgadmin",
    "clinlead.workforce",
    "clinlead.esr",
    "clinlead.reports",
    "clinlead.sso",  # also allauth's OpenID Connect provider (sso/provider.py)
    "clinlead.cohorts",
    "clinlead.sharing",
    "clinlead.lrs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files and content media carry the policies too.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and every view: refuses characters that cannot be stored (clinlead/input_guard.py).
    "clinlead.input_guard.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "clinlead.urls"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the NHS.UK frontend macros (see docs/decisions/0002).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "clinlead" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "clinlead.jinja2.environment"},
    },
    {
        # Django's admin keeps its own templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "clinlead.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'clinlead.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while content loads; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    # No JIT compilation: it pays off for queries running for seconds, and a report's queries take milliseconds,
    # but their estimated cost at national scale crossed jit_above_cost and a 100 ms query spent 550 ms being
    # compiled (docs/decisions/0025, the reports bench).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "mylearning:index"

# Accounts (django-allauth): sign in with an email address, verified by an emailed link.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "clinlead.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leadership for Clinicians] "
# Tell learners by email when their password, email address or two-factor set-up changes (clinlead/accounts/emails.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leadership for Clinicians"

# --- Sign-in security: shared cache, client address, rate limits (docs/decisions/0011, 0012) ---
# allauth keeps its rate limits and used TOTP codes in the cache, so the cache must be shared by
# every worker and survive a restart: Redis when REDIS_URL is set, otherwise a database table
# (created by accounts' migration 0002). Never per-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ValueError(f"REDIS_URL={REDIS_URL!r}: expected redis://host:6379/0, rediss://… or unix://…")
CACHE_TABLE = "clinlead_cache"
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "clinlead"}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # The default (300 entries, then a third culled) would let anyone wipe the rate limits
            # by making 300 keys, e.g. failed sign-ins for 300 invented addresses.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    )
}
# Proxies in front of the app that append to X-Forwarded-For (1 for one TLS proxy); 0 ignores the header.
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "0")
if not _proxies.isdigit():
    raise ValueError(f"TRUSTED_PROXY_COUNT={_proxies!r}: expected a whole number of proxies, e.g. 1")
ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxies)
ACCOUNT_ADAPTER = "clinlead.accounts.adapter.AccountAdapter"

# Single sign-on (docs/decisions/0024): identities are allauth's social accounts. A new person always fills in the
# sign-up form (profile and terms); an account is never found by an email claim; an email given at sign-up is
# confirmed by the emailed link, but need not be before signing in, as the identity provider vouched for them.
SOCIALACCOUNT_ADAPTER = "clinlead.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "optional"
SOCIALACCOUNT_STORE_TOKENS = False


def sign_in_apps_from_environment(environ: dict[str, str] | os._Environ[str]) -> list[dict[str, Any]]:
    """OpenID Connect sign-in apps set in the environment rather than on the set-up pages (which list them as set
    here, and refuse another app of the same provider id). Each needs all of its variables, or none."""
    wanted = {
        "keystone": ("KEYSTONE_CLIENT_ID", "KEYSTONE_CLIENT_SECRET"),
        "cis2": ("CIS2_CLIENT_ID", "CIS2_CLIENT_SECRET", "CIS2_SERVER_URL"),
    }
    apps = []
    for profile, names in wanted.items():
        given = [name for name in names if environ.get(name)]
        if given and len(given) < len(names):
            missing = ", ".join(name for name in names if name not in given)
            raise ValueError(f"{', '.join(given)} set without {missing}: set all of them, or none")
        if not given:
            continue
        server_url = environ.get("CIS2_SERVER_URL", "") if profile == "cis2" else "https://connect.openathens.net"
        if not server_url.startswith("https://"):
            raise ValueError(f"CIS2_SERVER_URL={server_url!r}: expected the CIS2 environment's https:// issuer")
        apps.append(
            {
                "provider_id": profile,
                "name": "OpenAthens" if profile == "keystone" else "NHS Care Identity Service 2",
                "client_id": environ[names[0]],
                "secret": environ[names[1]],
                "settings": {"server_url": server_url, "profile": profile},
            }
        )
    return apps


def saml_service_provider_keys(environ: dict[str, str] | os._Environ[str]) -> tuple[str, str]:
    """Our own SAML certificate and private key (PEM files named by SAML_SP_CERTIFICATE_FILE and
    SAML_SP_PRIVATE_KEY_FILE): every SAML app without its own signs our metadata with them, and identity providers
    encrypt assertions to them. Both or neither; a file that cannot be read stops the start."""
    names = ("SAML_SP_CERTIFICATE_FILE", "SAML_SP_PRIVATE_KEY_FILE")
    given = [name for name in names if environ.get(name)]
    if not given:
        return "", ""
    if len(given) < len(names):
        missing = next(name for name in names if name not in given)
        raise ValueError(f"{given[0]} set without {missing}: set both, or neither")
    texts = []
    for name, marker in zip(names, ("CERTIFICATE", "PRIVATE KEY"), strict=True):
        path = Path(environ[name])
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{name}={path}: cannot be read ({error})") from error
        if not re.search(rf"-----BEGIN [A-Z ]*{marker}-----", text):
            raise ValueError(f"{name}={path}: expected a PEM file holding a {marker.lower()}")
        texts.append(text.strip())
    return texts[0], texts[1]


SAML_SP_CERTIFICATE, SAML_SP_PRIVATE_KEY = saml_service_provider_keys(os.environ)

SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": sign_in_apps_from_environment(os.environ)}
}
ACCOUNT_FORMS = {
    "signup": "clinlead.accounts.signup.SignupForm",
    "reset_password": "clinlead.accounts.reset.ResetPasswordForm",
    # The rest are allauth's own, with their errors in our words (clinlead/accounts/form_errors.py).
    **{
        name: f"clinlead.accounts.allauth_forms.{form}"
        for name, form in {
            "login": "LoginForm",
            "add_email": "AddEmailForm",
            "change_email": "ChangeEmailForm",
            "change_password": "ChangePasswordForm",
            "set_password": "SetPasswordForm",
            "reset_password_from_key": "ResetPasswordKeyForm",
            "reauthenticate": "ReauthenticateForm",
        }.items()
    },
}
MFA_FORMS = {
    name: f"clinlead.accounts.allauth_forms.{form}"
    for name, form in {
        "authenticate": "AuthenticateForm",
        "reauthenticate": "MfaReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
        "generate_recovery_codes": "GenerateRecoveryCodesForm",
    }.items()
}
# Per client address (after the proxies above) or per account. Staff of one NHS organisation
# often share one address, so the per-address limits are generous; the per-account limit on
# failed sign-ins counts each client address separately ("key" = account and address, see
# AccountAdapter.pre_authenticate), with a ceiling across all addresses that a password reset clears.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "20/m/ip,5/5m/key",
    "login_failed_account": "30/h/key",
    "delete_account": "5/15m/user",
    "reclaim_email": "3/h/key",
    "cohort_join_failed": "10/15m/user",  # wrong join codes (cohorts/joining.py)
}
# --- end of sign-in security ---
# Free access for staff of health and care organisations (comma-separated; subdomains included).
ELIGIBLE_EMAIL_DOMAINS = env_list("ELIGIBLE_EMAIL_DOMAINS", [])

# Email: in development to the console and to var/mail/; in production to SMTP (see production.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "clinlead.accounts.mail.ConsoleAndFileBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Leadership for Clinicians <no-reply@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# NHS.UK frontend's stylesheet asks for its icons at /assets/images/…, so static files live at /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at every request while it is missing
STATICFILES_DIRS: list[tuple[str, Path] | Path] = [
    BASE_DIR / "clinlead" / "static",
    NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk" / "assets",
    ("nhsuk", NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    # Only each programme's media/ folder: the Markdown holds answer keys and is never served.
    *(
        (f"content/{programme_dir.name}", programme_dir / "media")
        for programme_dir in sorted(CONTENT_DIR.glob("*"))
        if (programme_dir / "media").is_dir()
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the manifest storage, so that `make run` and the tests need no collectstatic first (0004). Stored
    # content holds media references, resolved as pages render (0017), so switching later changes no content.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Content-Security-Policy and Permissions-Policy on every response, in development too so that the
# browser tests run under them (docs/decisions/0013). django-csp, because Django's own CSP support
# arrives only in Django 6.0; production adds upgrade-insecure-requests.
CONTENT_SECURITY_POLICY: dict[str, Any] = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # The hash is NHS.UK frontend's one inline script (nhsuk/template.jinja in nhsuk-frontend-jinja
        # 0.10.2), which marks <body> js-enabled before the page paints: tests/test_security_headers.py
        # fails, naming the new hash, if an upgrade changes it.
        "script-src": ["'self'", "'sha256-tDOvXJi1PXbg0CWjLCCYSNHRXtps26K4JXkE3M6u/c0='"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "media-src": ["'self'"],
        # NHS.UK frontend's stylesheet loads the Frutiger web fonts from NHS England's font host.
        "font-src": ["https://assets.nhs.uk"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "report-uri": "/csp-report",
    },
}
# Features the service never uses are denied (only names Chromium recognises: it logs an error for any
# other); session videos may go full screen or picture-in-picture.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "fullscreen": ["self"],
    "picture-in-picture": ["self"],
    **{
        feature: []
        for feature in """
            accelerometer autoplay browsing-topics camera clipboard-read display-capture encrypted-media
            geolocation gyroscope hid identity-credentials-get idle-detection local-fonts magnetometer microphone
            midi otp-credentials payment publickey-credentials-create publickey-credentials-get screen-wake-lock
            serial sync-xhr usb window-management xr-spatial-tracking
        """.split()  # noqa: SIM905 (a list literal would take a line per feature)
    },
}

# A form sent without its security token gets our page, in our words, with a way back (clinlead/errors.py).
CSRF_FAILURE_VIEW = "clinlead.errors.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Captions must be served as WebVTT for browsers to show them.
WHITENOISE_MIMETYPES = {".vtt": "text/vtt", ".webm": "video/webm"}

# --- Background work (clinlead/tasks, docs/decisions/0021) ---


def _env_number(name: str, default: float, minimum: float, whole: bool) -> Any:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value) if whole else float(value)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"{name}={value!r}: expected {kind}, at least {minimum:g}") from None
    if number < minimum:
        raise ValueError(f"{name}={value!r}: expected at least {minimum:g}")
    return number


# "in-process" (default): a thread pool in each web process, so `make run` needs nothing else; "celery": Celery
# workers on Redis, started with `celery -A clinlead.tasks.celery_app worker` (and `beat` for daily tasks).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip() or "in-process"
if TASKS_BACKEND not in {"in-process", "celery"}:
    raise ValueError(f"TASKS_BACKEND={TASKS_BACKEND!r}: expected in-process (the default) or celery")
# Threads per web process that run tasks on the in-process back end.
TASKS_THREADS = _env_number("TASKS_THREADS", 2, minimum=1, whole=True)
# Seconds before the first retry of a task that failed unexpectedly; each further retry waits twice as long.
TASKS_RETRY_DELAY = _env_number("TASKS_RETRY_DELAY", 10.0, minimum=0, whole=False)
# Seconds without a progress report after which a running run is taken to be lost and may be run again.
TASKS_STALE_AFTER = _env_number("TASKS_STALE_AFTER", 900, minimum=60, whole=True)
# Seconds between writes of a task's progress to the database (reports in between are kept in memory).
TASKS_PROGRESS_INTERVAL = _env_number("TASKS_PROGRESS_INTERVAL", 1.0, minimum=0, whole=False)
# On the in-process back end, the first request of each process takes up runs a stopped process left
# unfinished and starts the daily scheduler thread (tests switch it off).
TASKS_RESUME_ON_START = env_bool("TASKS_RESUME_ON_START", True)
# Celery (read by clinlead/tasks/celery_app.py): the broker is Redis, by default the one in REDIS_URL.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or REDIS_URL
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "redis+socket://")):
    raise ValueError(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL!r}: expected redis://host:6379/1, rediss://… or redis+socket://…"
        " (set CELERY_BROKER_URL when REDIS_URL is a unix:// address)"
    )
if TASKS_BACKEND == "celery" and not CELERY_BROKER_URL:
    raise ValueError("TASKS_BACKEND=celery needs a Redis broker: set CELERY_BROKER_URL or REDIS_URL")
# The table holds each run's state and result, so Celery keeps no results; a message is acknowledged only once
# its run has ended, so a worker killed part-way leaves it to be delivered again (the run is idempotent).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Beat remembers when it last started each daily task here (beat's -s option overrides it).
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# --- end of background work ---

# Assigned learning (issue 10, docs/decisions/0023): how many days before a due date the reminder goes
# (`manage.py sendreminders`, run daily); the other reminder goes the day after the due date.
REMINDER_DAYS_BEFORE_DUE = _env_number("REMINDER_DAYS_BEFORE_DUE", 7, minimum=0, whole=True)
