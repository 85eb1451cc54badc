"""The report's syllabus is built once and kept in the shared cache until content is published again."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinlead.authoring import api as authoring

from ..syllabus import syllabus

pytestmark = pytest.mark.django_db


def catalogue_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "catalogue_" in q["sql"]]


def test_kept_between_requests_and_built_again_after_a_publish(
    loaded_example: Path, django_capture_on_commit_callbacks
) -> None:
    first = syllabus()
    assert first is not None
    assert first.programme_title == "An example programme"
    with CaptureQueriesContext(connection) as queries:
        assert syllabus() == first
    assert catalogue_queries(queries) == []  # from the cache: the catalogue is not read again

    programme = loaded_example / "example" / "programme.md"
    programme.write_text(programme.read_text().replace("An example programme", "A renamed programme"))
    with django_capture_on_commit_callbacks(execute=True):
        authoring.load_content(loaded_example)
    after = syllabus()
    assert after is not None
    assert after.programme_title == "A renamed programme"


def test_nothing_is_kept_before_there_is_content() -> None:
    assert syllabus() is None
    with CaptureQueriesContext(connection) as queries:
        assert syllabus() is None
    assert catalogue_queries(queries)  # asked again: content may have been loaded since
