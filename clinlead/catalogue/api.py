"""The one door into `catalogue`: publish content, and read what exists as plain data."""

from .batches import every_pathway_of, pathways_of, titles_of
from .competences import esr_competences
from .data import EsrCompetence
from .events import content_published
from .loading import LoadError, LoadReport, publish
from .queries import (
    NotFound,
    first_pathway_groups,
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
    "EsrCompetence",
    "LoadError",
    "LoadReport",
    "NotFound",
    "content_published",
    "esr_competences",
    "every_pathway_of",
    "first_pathway_groups",
    "framework",
    "library",
    "library_item",
    "list_programmes",
    "pathway",
    "pathways_of",
    "playable_session",
    "programme_overview",
    "publish",
    "session_overview",
    "session_titles",
    "site_page",
    "titles_of",
    "version_details",
]
