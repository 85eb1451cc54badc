"""The tests' content loader (authoring/testing.py) reads a folder once, and again when a file in it changes."""

import os
from pathlib import Path

import pytest

from clinlead.authoring import api as authoring
from clinlead.authoring import testing
from clinlead.catalogue import api as catalogue
from tests.content_fixtures import write_doc_example


def titles() -> list[str]:
    return [p.title for p in catalogue.list_programmes()]


@pytest.mark.django_db
def test_read_once_and_again_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_doc_example(tmp_path / "content")
    reads: list[Path] = []
    real_read = authoring.read_content

    def counted(root: Path) -> authoring.ContentRead:
        reads.append(root)
        return real_read(root)

    monkeypatch.setattr(testing, "read_content", counted)
    testing.load_content(tmp_path / "content")
    testing.load_content(tmp_path / "content")
    assert len(reads) == 1
    assert titles() == ["An example programme"]

    programme_file = folder / "programme.md"
    programme_file.write_text(programme_file.read_text().replace("An example programme", "An edited programme"))
    stat = programme_file.stat()  # the same size may be written within the clock's tick: move its time on
    os.utime(programme_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    testing.load_content(tmp_path / "content")
    assert len(reads) == 2
    assert titles() == ["An edited programme"]


@pytest.mark.django_db
def test_a_folder_with_problems_is_refused_as_load_content_refuses_it(tmp_path: Path) -> None:
    folder = write_doc_example(tmp_path / "content")
    (folder / "programme.md").write_text("no front matter\n")
    with pytest.raises(authoring.LoadError):
        testing.load_content(tmp_path / "content")
    assert catalogue.list_programmes() == []
