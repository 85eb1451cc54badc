"""A signed-in learner for `make bench`: run inside the bench's own database by `manage.py shell`.

The learner is made through accounts' door for tests and tooling (clinlead/accounts/testing.py), which the
import contracts open to `bench/` as to the tests.
"""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from clinlead.accounts.testing import make_learner


def session_cookie() -> str:
    """Makes an eligible learner and a signed-in session; the session's cookie value."""
    user = make_learner("bench@nhs.net", name="Bench Learner", profession="nurse")
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)
