"""The one door into `catalogue`: load content, and read what exists as plain data."""

from pathlib import Path

from clinlead.authoring.api import read_content

from .batches import pathways_of, titles_of
from .links import SiteLinks
from .loading import LoadError, LoadReport, load_programmes
from .queries import (
    NotFound,
    framework,
    library,
    library_item,
    list_programmes,
    pathway,
    playable_session,
    programme_overview,
    session_overview,
    session_titles,
    site_page,
    version_details,
)

__all__ = [
    "LoadError",
    "LoadReport",
    "NotFound",
    "framework",
    "library",
    "library_item",
    "list_programmes",
    "load_content",
    "pathway",
    "pathways_of",
    "playable_session",
    "programme_overview",
    "session_overview",
    "session_titles",
    "site_page",
    "titles_of",
    "version_details",
]


def load_content(root: Path) -> LoadReport:
    """Check the content under `root`, then load all of it in one transaction.

    Raises LoadError listing every problem (as `path:line: message`) and writes nothing
    if the content has problems or cannot be loaded over what is already there.
    """
    result = read_content(root, links_for=SiteLinks)
    if not result.ok:
        raise LoadError([str(problem) for problem in result.problems])
    return load_programmes(result.programmes)
