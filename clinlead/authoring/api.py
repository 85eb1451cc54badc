"""The one door into `authoring`: read and check content folders; no database is touched."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .data import Programme
from .links import LinkResolver, PlaceholderLinks
from .problems import Problem, ProblemList
from .programme import ProgrammeReader
from .stats import FLESCH_FLOOR, SessionStats, session_stats
from .validate import check_programme

__all__ = [
    "FLESCH_FLOOR",
    "ContentRead",
    "LinkResolver",
    "Problem",
    "Programme",
    "SessionStats",
    "check_content",
    "read_content",
    "session_stats",
]


@dataclass(frozen=True)
class ContentRead:
    programmes: tuple[Programme, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def programme_folders(root: Path) -> list[Path]:
    """`root` may be one programme folder, or a folder of programme folders."""
    if (root / "programme.md").is_file():
        return [root]
    return sorted(folder for folder in root.iterdir() if folder.is_dir() and not folder.name.startswith("."))


def read_content(root: Path, links_for: Callable[[str], LinkResolver] | None = None) -> ContentRead:
    """Read every programme under `root`, returning them with every problem found, sorted by file and line.

    `links_for(programme_key)` gives the resolver that turns internal links and media into URLs;
    without it, links become placeholders (enough for checking).
    """
    root = root.resolve()
    problems = ProblemList(root)
    if not root.is_dir():
        problems.add(root, 1, "no such folder")
        return ContentRead((), tuple(problems.sorted()))
    programmes = []
    folders = programme_folders(root)
    if not folders:
        problems.add(root, 1, "no programme folders found (each needs a programme.md)")
    for folder in folders:
        links = links_for(folder.name) if links_for else PlaceholderLinks()
        reader = ProgrammeReader(folder, problems, links)
        programme = reader.read()
        if programme is not None:
            check_programme(programme, reader, problems)
            programmes.append(programme)
    return ContentRead(tuple(programmes), tuple(problems.sorted()))


def check_content(root: Path) -> list[Problem]:
    """Every problem in the content under `root`, as `path:line: message`; empty when all is well."""
    return list(read_content(root).problems)
