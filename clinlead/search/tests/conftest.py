from pathlib import Path

import pytest

from clinlead.authoring import api as authoring

from .content import write_search_content


@pytest.fixture
def search_content(tmp_path: Path) -> Path:
    """The search tests' programme folder (see content.py), not yet loaded."""
    return write_search_content(tmp_path / "content")


@pytest.fixture
def loaded_search_content(db: None, search_content: Path) -> Path:
    authoring.load_content(search_content.parent)
    return search_content
