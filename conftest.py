"""Fixtures shared by every app's tests."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import override_settings

from clinlead.authoring import api as authoring
from clinlead.authoring.testing import load_content as load_content_read_once
from tests.content_fixtures import STARTER, write_doc_example


@pytest.fixture
def example_content(tmp_path: Path) -> Path:
    """The complete example programme from docs/content-format.md, as a content folder."""
    root = tmp_path / "content"
    write_doc_example(root)
    return root


@pytest.fixture
def loaded_example(db: None, example_content: Path) -> Path:
    authoring.load_content(example_content)
    return example_content


@pytest.fixture
def loaded_starter(db: None) -> Path:
    """The programme we ship, loaded from content/."""
    load_content_read_once(STARTER)
    return STARTER


# Fixtures that give a test the database (the database cache lives there).
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _uses_database(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` runs the suite once on SQLite and once on PostgreSQL. A test that asks for no database (pytest-django
    refuses it any query) does the same on both, so the PostgreSQL pass leaves it to the SQLite pass, as it leaves the
    identity providers' own tests. Mark one `every_database` if it depends on the set-up all the same (Redis is the
    PostgreSQL pass's cache); CLINLEAD_EVERY_TEST_ON_POSTGRES=1 runs them all."""
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or os.environ.get("CLINLEAD_EVERY_TEST_ON_POSTGRES") == "1":
        return
    kept = [item for item in items if _uses_database(item) or item.get_closest_marker("every_database")]
    if len(kept) < len(items):
        left = {id(item) for item in kept}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in left])
        items[:] = kept


def _redis_test_location(location: str) -> str:
    """The same Redis server, at the index kept for tests, so cache.clear() never empties a running site's."""
    index = os.environ.get("REDIS_TEST_DB", "15")
    if not index.isdigit():
        raise pytest.UsageError(f"REDIS_TEST_DB={index!r}: expected a Redis database number, e.g. 15")
    parts = urlsplit(location)
    if parts.scheme == "unix":  # unix:///run/redis.sock?db=0
        query = "&".join([p for p in parts.query.split("&") if p and not p.startswith("db=")] + [f"db={index}"])
        return urlunsplit(parts._replace(query=query))
    return urlunsplit(parts._replace(path=f"/{index}"))


@pytest.fixture(autouse=True, scope="session")
def _test_cache() -> Iterator[None]:
    from django.conf import settings

    cache = settings.CACHES["default"]
    if not cache["BACKEND"].endswith("RedisCache"):
        yield
        return
    with override_settings(CACHES={"default": {**cache, "LOCATION": _redis_test_location(cache["LOCATION"])}}):
        yield


@pytest.fixture(autouse=True)
def _fresh_service_chrome() -> None:
    """Each page's header keeps the programme's name for a minute per process; each test has its own content."""
    from clinlead.jinja2 import chrome_cache

    chrome_cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest, _test_cache: None) -> None:
    """allauth keeps rate limits and used TOTP codes in the cache; each test starts with none."""
    if isinstance(caches["default"], DatabaseCache):
        uses_database = request.node.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(request.fixturenames)
        if not uses_database:
            return  # the test cannot reach the database, so it cannot reach this cache either
        request.getfixturevalue("_django_db_helper")  # the test database, as the test asked for it
    caches["default"].clear()


# --- Background work (clinlead/tasks, docs/decisions/0021): tasks run in this process's threads or on a real
# Celery worker. A test that starts tasks asks for `tasks_in_process`, `celery_worker` or `task_backend` (each of
# the two in turn); all give it transactional_db. Every app's background.py is imported at start-up; a test module
# whose tasks are elsewhere names those modules by overriding `task_modules`, e.g.
# `@pytest.fixture def task_modules(): return ["clinlead.workforce.tests.tasks_for_tests"]`.


@pytest.fixture(autouse=True, scope="session")
def _tasks_not_resumed_by_requests() -> Iterator[None]:
    """A test's first request must not take up runs another test left; tests call resume_unfinished themselves."""
    with override_settings(TASKS_RESUME_ON_START=False):
        yield


@pytest.fixture
def task_modules() -> list[str]:
    """Modules the worker must import to know the tasks a test starts (override in a test module)."""
    return []


@pytest.fixture
def tasks_in_process(transactional_db: None, task_modules: list[str], settings: Any) -> Iterator[None]:
    """Runs started by the test go to this process's thread pool, which is idle again before the database is
    emptied."""
    import importlib

    from clinlead.tasks import testing as tasks_testing

    for module in task_modules:
        importlib.import_module(module)
    settings.TASKS_BACKEND = "in-process"
    yield
    tasks_testing.finish_in_process_runs()


@pytest.fixture
def celery_broker_url() -> str:
    """The Redis database kept for tests (REDIS_TEST_DB) on REDIS_URL's server, or on 127.0.0.1:6379."""
    return _redis_test_location(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")


@pytest.fixture
def celery_worker(
    transactional_db: None, task_modules: list[str], celery_broker_url: str, settings: Any
) -> Iterator[Any]:
    """A real Celery worker on Redis, in a thread of the test process; runs started by the test go to it."""
    from clinlead.tasks import testing as tasks_testing

    settings.TASKS_BACKEND = "celery"
    with tasks_testing.celery_worker(celery_broker_url, task_modules) as worker:
        yield worker


@pytest.fixture(params=["in-process", "celery"])
def task_backend(request: pytest.FixtureRequest, transactional_db: None) -> str:
    """Each test that asks for it runs twice: on the thread pool and on a real Celery worker (returns which)."""
    request.getfixturevalue("tasks_in_process" if request.param == "in-process" else "celery_worker")
    return str(request.param)


# --- end of background work ---
