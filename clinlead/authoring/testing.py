"""For tests only (the import contracts let nothing else import it): content loaded without reading it again.

Reading and checking the programme we ship (65 sessions and the library) takes seconds, and a hundred tests on
each database load it into an emptied database. The files do not change during a run, so each process reads a
folder once and publishes what it read each time it is asked; a file changed, added or removed (by its path,
size and modification time) is read again. Publishing is not cached: that is what the test's database needs.
"""

import functools
from pathlib import Path

from clinlead.catalogue import api as catalogue

from .api import ContentRead, LoadError, LoadReport, read_content

__all__ = ["load_content"]


def load_content(root: Path) -> LoadReport:
    """As `api.load_content`: raises LoadError on problems, else publishes everything under `root`."""
    result = _read(root.resolve(), _fingerprint(root.resolve()))
    if not result.ok:
        raise LoadError([str(problem) for problem in result.problems])
    return catalogue.publish(result.programmes)


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return tuple((str(path), stat.st_size, stat.st_mtime_ns) for path in files for stat in (path.stat(),))


@functools.lru_cache(maxsize=8)
def _read(root: Path, fingerprint: tuple[tuple[str, int, int], ...]) -> ContentRead:
    return read_content(root)
