"""Content for tests: the complete example from docs/content-format.md, written out to a folder."""

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "content-format.md"
STARTER = REPO / "content"
EXAMPLE_FILE = re.compile(r"File: `([^`]+)`\n~~~~markdown\n(.*?)\n~~~~\n", re.S)


def write_doc_example(content_root: Path) -> Path:
    """Write every `File:` block of the format guide under `content_root`; return the programme folder."""
    files = EXAMPLE_FILE.findall(DOC.read_text(encoding="utf-8"))
    assert files, "docs/content-format.md has no example files"
    for relative, text in files:
        path = content_root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return content_root / "example"


def copy_starter(content_root: Path) -> Path:
    """A copy of the shipped content, safe to change in a test."""
    shutil.copytree(STARTER, content_root, dirs_exist_ok=True)
    return content_root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
