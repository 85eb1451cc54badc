"""Production settings: everything secret or host-specific must come from the environment.

This is the default for clinlead.wsgi (serving is production); see production_checks.py for what it refuses.
"""

import os

from .production_checks import refuse_unsafe_environment

refuse_unsafe_environment(os.environ)  # before base.py, which would make a development key and carry on

from .base import *  # noqa: E402, F403
from .base import env_bool, env_list  # noqa: E402

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
DEBUG = False  # refused above if the environment asks for it

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Browsers fetch any http:// address on a page over https instead (docs/decisions/0013).
CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY,  # noqa: F405
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True},  # noqa: F405
}
