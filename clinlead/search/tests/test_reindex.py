"""The index follows loadcontent: in the same transaction, only what changed, and nothing on a failed load."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinlead.authoring import api as authoring
from clinlead.catalogue import api as catalogue
from clinlead.search import api as search
from clinlead.search import indexing
from tests.content_fixtures import edit

from .content import write_session

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    page = search.search(search.criteria_from({"q": query}))
    return [result.url.rstrip("/").rsplit("/", 1)[-1] for result in page.results]


def test_a_second_load_finds_changed_content_and_forgets_removed_content(loaded_search_content):
    programme = loaded_search_content
    write_session(
        programme, "ward-routines", "Ward routines", "Routines help. One team calls it the giraffe test.", version=2
    )
    (programme / "library" / "stripes-article.md").unlink()
    authoring.load_content(programme.parent)
    assert found("giraffe") == ["ward-routines"]
    assert found("zebra") == ["zebra-crossings"]  # no longer in ward-routines' body, and the article is gone
    assert found("stripes") == []


def test_a_session_taken_out_of_the_content_is_no_longer_found(loaded_search_content):
    programme = loaded_search_content
    (programme / "sessions" / "zebra-crossings.md").unlink()
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "      - zebra-crossings\n", "")
    authoring.load_content(programme.parent)
    assert "zebra-crossings" not in found("zebra")
    assert found("crossing") == []


def test_loading_the_same_content_again_writes_nothing_to_the_index(loaded_search_content):
    with CaptureQueriesContext(connection) as queries:
        authoring.load_content(loaded_search_content.parent)
    writes = [q["sql"] for q in queries if "search_" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert found("zebra")[0] == "zebra-crossings"


def test_reindex_with_unchanged_content_reports_no_writes(loaded_search_content):
    content = authoring.read_content(loaded_search_content.parent)
    assert search.reindex(content.programmes) == 0


def test_a_load_that_fails_leaves_the_index_as_it_was(loaded_search_content):
    programme = loaded_search_content
    # A changed session without a higher version: the catalogue refuses the whole load.
    write_session(programme, "ward-routines", "Ward routines", "Now about a giraffe.", version=1)
    with pytest.raises(authoring.LoadError):
        authoring.load_content(programme.parent)
    assert found("giraffe") == []
    assert "ward-routines" in found("zebra")


def test_when_indexing_fails_nothing_is_published(db, search_content, monkeypatch):
    def broken(programme):
        raise RuntimeError("the index could not be written")

    monkeypatch.setattr(indexing, "documents_of", broken)
    with pytest.raises(RuntimeError):
        authoring.load_content(search_content.parent)
    assert catalogue.list_programmes() == []
