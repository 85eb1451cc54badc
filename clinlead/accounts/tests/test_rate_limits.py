"""Sign-in limits: shared by every worker, kept across restarts, keyed on the real client address.

An attacker guessing a password from one address is stopped there; the owner, from their own
address, still signs in. A guess spread over many addresses meets a ceiling per account, which the
owner lifts by resetting their password.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client

from clinlead.accounts.testing import PASSWORD, account, is_signed_in, reset_password, sign_in_with_password

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[3]
ATTACKER, OWNER, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.2"


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings) -> None:
    """These tests make a hundred sign-ins; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def attempt(email: str, password: str, address: str, **headers: str) -> int:
    """One sign-in from a new browser at `address`; its status (200 wrong password, 302 in, 429 paused)."""
    response = sign_in_with_password(Client(), email, password, REMOTE_ADDR=address, headers=headers)
    return int(response.status_code)


def test_the_cache_is_one_every_worker_shares() -> None:
    backend = str(django_settings.CACHES["default"]["BACKEND"])
    assert backend in {"django.core.cache.backends.db.DatabaseCache", "django.core.cache.backends.redis.RedisCache"}
    if os.environ.get("REDIS_URL"):  # the PostgreSQL pass of `make test`
        assert backend.endswith("RedisCache")
        assert str(django_settings.CACHES["default"]["LOCATION"]).endswith("/" + os.environ.get("REDIS_TEST_DB", "15"))


# A gunicorn worker: its own process and cache connection, on the same database and cache.
WORKER = """
import sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
for n in range(int(sys.argv[1])):
    response = Client().post("/accounts/login/", {"login": "owner@nhs.net", "password": f"wrong-{n}"},
                             REMOTE_ADDR=sys.argv[2])
    print(response.status_code)
"""


def run_worker(attempts: int, address: str) -> list[int]:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    cache = {name: str(value) for name, value in django_settings.CACHES["default"].items()}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinlead.settings.base",
        "DATABASE_URL": url,
        "REDIS_URL": cache["LOCATION"] if cache["BACKEND"].endswith("RedisCache") else "",
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER, str(attempts), address],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [int(line) for line in done.stdout.split()]


@pytest.mark.django_db(transaction=True)
def test_failed_sign_ins_are_counted_across_workers_and_survive_a_restart() -> None:
    account("owner@nhs.net")
    assert run_worker(3, ATTACKER) == [200, 200, 200]
    assert run_worker(2, ATTACKER) == [200, 200]  # a second worker adds to the same count
    caches.close_all()  # and this process starts again with new cache connections
    caches["default"] = caches.create_connection("default")
    assert attempt("owner@nhs.net", "wrong-again", ATTACKER) == 429
    assert attempt("owner@nhs.net", PASSWORD, OWNER) == 302


def test_an_attacker_is_paused_while_the_owner_signs_in_from_their_own_address() -> None:
    account("owner@nhs.net")
    assert [attempt("owner@nhs.net", f"guess-{n}", ATTACKER) for n in range(5)] == [200] * 5
    paused = sign_in_with_password(Client(), "owner@nhs.net", "guess-5", REMOTE_ADDR=ATTACKER)
    assert paused.status_code == 429
    assert "Too many attempts" in paused.content.decode()
    assert attempt("owner@nhs.net", PASSWORD, ATTACKER) == 429  # even the right password, from there
    owner = Client()
    assert sign_in_with_password(owner, "owner@nhs.net", PASSWORD, REMOTE_ADDR=OWNER).status_code == 302
    assert is_signed_in(owner)


def test_one_address_trying_many_accounts_is_paused_there_only() -> None:
    account("owner@nhs.net")
    assert {attempt(f"person{n}@nhs.net", "guess", ATTACKER) for n in range(20)} == {200}
    assert attempt("owner@nhs.net", "guess", ATTACKER) == 429
    assert attempt("owner@nhs.net", PASSWORD, OWNER) == 302


def test_a_guess_spread_over_many_addresses_meets_a_ceiling_that_a_password_reset_lifts() -> None:
    account("owner@nhs.net")
    assert {attempt("owner@nhs.net", "guess", f"192.0.2.{n}") for n in range(1, 31)} == {200}
    assert attempt("owner@nhs.net", "guess", "192.0.2.200") == 429
    assert attempt("owner@nhs.net", PASSWORD, OWNER) == 429  # the ceiling holds for everyone...

    new_password = "the-owner-chose-a-new-passphrase-5"
    reset_password(Client(), "owner@nhs.net", new_password, REMOTE_ADDR=OWNER)  # ...until the owner resets
    assert attempt("owner@nhs.net", new_password, OWNER) == 302


def test_right_passwords_do_not_use_up_the_allowance() -> None:
    account("owner@nhs.net")
    assert {attempt("owner@nhs.net", PASSWORD, OWNER) for _ in range(8)} == {302}
    assert {attempt("owner@nhs.net", "typo", OWNER) for _ in range(4)} == {200}
    assert attempt("owner@nhs.net", PASSWORD, OWNER) == 302


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored() -> None:
    account("owner@nhs.net")
    spoofed = [attempt("owner@nhs.net", "guess", ATTACKER, x_forwarded_for=f"192.0.2.{n}") for n in range(1, 7)]
    assert spoofed == [200] * 5 + [429]


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(settings) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    account("owner@nhs.net")
    # The attacker invents entries of their own; the proxy appends the address it saw.
    spoofed = [
        attempt("owner@nhs.net", "guess", PROXY, x_forwarded_for=f"192.0.2.{n}, {ATTACKER}") for n in range(1, 7)
    ]
    assert spoofed == [200] * 5 + [429]
    assert attempt("owner@nhs.net", PASSWORD, PROXY, x_forwarded_for=OWNER) == 302  # same proxy, another client


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT='one': expected a whole number of proxies"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL='localhost:6379': expected redis://host:6379/0"),
    ],
)
def test_a_mistyped_setting_is_refused_with_what_to_write(variable: str, value: str, message: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", "import clinlead.settings.base"],
        cwd=REPO,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert message in done.stderr


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_database_caches_table(settings) -> None:
    """`make run` and a production `migrate` (no Redis) need the table; the test database gets it from Django too."""
    migration = importlib.import_module("clinlead.accounts.migrations.0002_cache_table")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "clinlead_cache"}
    }
    with connection.schema_editor() as editor:
        editor.execute("DROP TABLE IF EXISTS clinlead_cache")
    assert "clinlead_cache" not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.create_cache_table(None, editor)
    assert "clinlead_cache" in connection.introspection.table_names()
    caches["default"].set("survives", "yes")
    assert caches.create_connection("default").get("survives") == "yes"
