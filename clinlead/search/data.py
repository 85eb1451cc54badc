"""Plain, frozen data that `search` hands to its page (and to anyone who asks through api.py)."""

from dataclasses import dataclass

from markupsafe import Markup

from clinlead.catalogue.data import ProgrammeSummary

from .criteria import PAGE_SIZE, Criteria


@dataclass(frozen=True)
class Result:
    kind: str  # "session", "article" or "video"
    kind_label: str  # "Session", "E-article", "Video": as the library page names them
    programme_title: str
    title: Markup  # escaped, with each match in <mark>
    summary: Markup
    snippet: Markup  # words around a match in the body; empty when only the title or summary matched
    minutes: int
    length: str  # "1 minute", "12 minutes"
    domains: tuple[str, ...]  # "2 Working with Others", in the framework's order
    url: str


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class SearchPage:
    criteria: Criteria
    searched: bool  # False when there were no words to search for (an empty query, or only punctuation)
    total: int
    results: tuple[Result, ...]
    page: int
    page_count: int
    domains: tuple[Option, ...]
    kinds: tuple[Option, ...]
    lengths: tuple[Option, ...]
    programmes: tuple[ProgrammeSummary, ...] = ()  # to browse when nothing is found; one is the site's header

    @property
    def first(self) -> int:
        """The number of the first result on this page (1 on the first page), 0 when there is none."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.results else 0

    @property
    def last(self) -> int:
        return self.first + len(self.results) - 1 if self.results else 0
