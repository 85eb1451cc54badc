"""Fixtures shared by every app's tests."""

from pathlib import Path

import pytest

from clinlead.catalogue import api as catalogue
from tests.content_fixtures import STARTER, write_doc_example


@pytest.fixture
def example_content(tmp_path: Path) -> Path:
    """The complete example programme from docs/content-format.md, as a content folder."""
    root = tmp_path / "content"
    write_doc_example(root)
    return root


@pytest.fixture
def loaded_example(db: None, example_content: Path) -> Path:
    catalogue.load_content(example_content)
    return example_content


@pytest.fixture
def loaded_starter(db: None) -> Path:
    """The programme we ship, loaded from content/."""
    catalogue.load_content(STARTER)
    return STARTER


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """allauth keeps rate limits in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
