"""loadcontent: all of it or none of it, idempotent, and versioned so learners are never broken."""

from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db.models import Model

from clinlead.authoring import api as authoring
from clinlead.catalogue import api as catalogue
from clinlead.catalogue import models as m
from tests.content_fixtures import edit, write_doc_example

pytestmark = pytest.mark.django_db
SESSION = "sessions/speaking-up.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write_doc_example(root)
    return root


def snapshot() -> str:
    """Every catalogue row, ids included, so any change at all shows."""
    rows: list[Model] = []
    for model in (
        m.Programme,
        m.SitePage,
        m.Domain,
        m.Element,
        m.Session,
        m.SessionVersion,
        m.Pathway,
        m.PathwayGroup,
        m.PathwayEntry,
        m.LibraryItem,
    ):
        rows.extend(model.objects.order_by("pk"))
    return str(serializers.serialize("json", rows))


def test_loading_twice_changes_nothing(content: Path) -> None:
    first = authoring.load_content(content)
    assert first.changed
    before = snapshot()
    second = authoring.load_content(content)
    assert not second.changed
    assert snapshot() == before


def test_loadcontent_command_says_when_nothing_changed(content: Path, capsys) -> None:
    call_command("loadcontent", str(content))
    call_command("loadcontent", str(content))
    assert "already up to date, nothing changed" in capsys.readouterr().out


def test_content_with_problems_loads_nothing(content: Path, capsys) -> None:
    edit(content / "example" / SESSION, '  - "1.2"', '  - "9.9"')
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("loadcontent", str(content))
    assert "unknown framework element '9.9'" in capsys.readouterr().err
    assert not m.Programme.objects.exists()


def test_a_load_that_fails_half_way_leaves_the_database_unchanged(content: Path) -> None:
    authoring.load_content(content)
    programme = content / "example"
    # A second session, sorted after the first, changed without raising its version: the load
    # fails after the programme, pages, framework and first session have already been written.
    edit(programme / "pages" / "about.md", "A short programme", "A rewritten programme")
    edit(programme / SESSION, "version: 1", "version: 2")
    edit(programme / SESSION, "Most people who notice", "Many people who notice")
    second = (programme / SESSION).read_text().replace("key: speaking-up", "key: zz-later")
    (programme / "sessions" / "zz-later.md").write_text(second)
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "      - speaking-up", "      - speaking-up\n      - zz-later")
    authoring.load_content(content)
    assert m.SessionVersion.objects.filter(session__key="speaking-up", version=2).exists()
    before = snapshot()
    edit(programme / "pages" / "about.md", "A rewritten programme", "A third programme")
    edit(programme / SESSION, "version: 2", "version: 3")
    edit(programme / SESSION, "Many people who notice", "Few people who notice")
    edit(programme / "sessions" / "zz-later.md", "Many people who notice", "Some people who notice")
    with pytest.raises(catalogue.LoadError) as raised:
        authoring.load_content(content)
    assert raised.value.problems == [
        "zz-later.md: session 'zz-later' has changed since version 2 was loaded; raise 'version' to 3 "
        "so learners inside version 2 are not disturbed"
    ]
    assert snapshot() == before


def test_a_changed_session_gets_a_new_version_and_the_old_one_stays_playable(content: Path) -> None:
    authoring.load_content(content)
    edit(content / "example" / SESSION, "version: 1", "version: 2")
    edit(content / "example" / SESSION, "# Putting it in order", "# Putting steps in order")
    report = authoring.load_content(content)
    assert report.new_versions == ["speaking-up v2"]
    old = catalogue.playable_session("example", "speaking-up", 1)
    new = catalogue.playable_session("example", "speaking-up", None)
    assert (old.version, old.current_version, old.pages[2].title) == (1, 2, "Putting it in order")
    assert (new.version, new.pages[2].title) == (2, "Putting steps in order")
    # Exercise keys of the old version still resolve, so answers given there stay valid.
    assert [e.key for e in old.pages[1].exercises] == ["first-response", "why-silent"]


def test_a_removed_session_is_retired_not_deleted(content: Path) -> None:
    authoring.load_content(content)
    programme = content / "example"
    (programme / "sessions" / "extra.md").write_text(
        (programme / SESSION).read_text().replace("key: speaking-up", "key: extra")
    )
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "      - speaking-up", "      - speaking-up\n      - extra")
    authoring.load_content(content)
    (programme / "sessions" / "extra.md").unlink()
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "\n      - extra", "")
    authoring.load_content(content)
    extra = m.Session.objects.get(key="extra")
    assert extra.retired
    assert extra.versions.count() == 1
    with pytest.raises(catalogue.NotFound):
        catalogue.session_overview("example", "extra")
