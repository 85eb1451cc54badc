"""Fixtures shared by every app's tests."""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import override_settings

from clinlead.authoring import api as authoring
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
    authoring.load_content(STARTER)
    return STARTER


# Fixtures that give a test the database (the database cache lives there).
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


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
