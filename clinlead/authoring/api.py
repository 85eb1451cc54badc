"""The one door into `authoring`: read and check content folders, and publish them to the catalogue."""

from dataclasses import dataclass
from pathlib import Path

from clinlead.catalogue import api as catalogue
from clinlead.content.data import Programme

from .problems import Problem, ProblemList
from .programme import ProgrammeReader
from .stats import (
    FLESCH_FLOOR,
    LONGEST_RIGHT_LIMIT,
    MULTIPLE_RIGHT_SHARE_RANGE,
    Guessability,
    SessionStats,
    guessability,
    session_stats,
)
from .validate import check_programme

__all__ = [
    "FLESCH_FLOOR",
    "LONGEST_RIGHT_LIMIT",
    "MULTIPLE_RIGHT_SHARE_RANGE",
    "ContentRead",
    "Guessability",
    "LoadError",
    "LoadReport",
    "Problem",
    "SessionStats",
    "check_content",
    "guessability",
    "load_content",
    "read_content",
    "session_stats",
]

LoadError = catalogue.LoadError
LoadReport = catalogue.LoadReport


@dataclass(frozen=True)
class ContentRead:
    programmes: tuple[Programme, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _programme_folders(root: Path) -> list[Path]:
    """`root` may be one programme folder, or a folder of programme folders."""
    if (root / "programme.md").is_file():
        return [root]
    return sorted(folder for folder in root.iterdir() if folder.is_dir() and not folder.name.startswith("."))


def read_content(root: Path) -> ContentRead:
    """Read every programme under `root`, returning them with every problem found, sorted by file and line."""
    root = root.resolve()
    problems = ProblemList(root)
    if not root.is_dir():
        problems.add(root, 1, "no such folder")
        return ContentRead((), tuple(problems.sorted()))
    programmes = []
    folders = _programme_folders(root)
    if not folders:
        problems.add(root, 1, "no programme folders found (each needs a programme.md)")
    for folder in folders:
        reader = ProgrammeReader(folder, problems)
        programme = reader.read()
        if programme is not None:
            check_programme(programme, reader, problems)
            programmes.append(programme)
    return ContentRead(tuple(programmes), tuple(problems.sorted()))


def check_content(root: Path) -> list[Problem]:
    """Every problem in the content under `root`, as `path:line: message`; empty when all is well."""
    return list(read_content(root).problems)


def load_content(root: Path) -> LoadReport:
    """Check the content under `root`, then publish all of it to the catalogue in one transaction.

    Raises LoadError listing every problem (as `path:line: message`) and writes nothing if the content
    has problems or cannot be published over what is already there (a changed session without a new version).
    """
    result = read_content(root)
    if not result.ok:
        raise LoadError([str(problem) for problem in result.problems])
    return catalogue.publish(result.programmes)
