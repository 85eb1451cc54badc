"""Plain, frozen data that `catalogue` hands to the website and the player."""

from dataclasses import dataclass
from functools import cached_property

from clinlead.content.data import CompletionRule, Html, Page, VideoFiles


@dataclass(frozen=True)
class ProgrammeSummary:
    key: str
    title: str
    summary: str


@dataclass(frozen=True)
class SitePageSummary:
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class SitePageData:
    programme: ProgrammeSummary
    slug: str
    title: str
    summary: str
    html: Html
    pages: tuple[SitePageSummary, ...]


@dataclass(frozen=True)
class SessionCard:
    key: str
    title: str
    summary: str
    minutes: int
    sample: bool
    version: int


@dataclass(frozen=True)
class ElementData:
    key: str
    title: str
    summary: str
    sessions: tuple[SessionCard, ...]


@dataclass(frozen=True)
class DomainData:
    key: str
    title: str
    summary: str
    senior: bool
    elements: tuple[ElementData, ...]


@dataclass(frozen=True)
class FrameworkData:
    programme: ProgrammeSummary
    key: str
    title: str
    summary: str
    intro_html: Html
    domains: tuple[DomainData, ...]


@dataclass(frozen=True)
class PathwaySummary:
    key: str
    title: str
    summary: str


@dataclass(frozen=True)
class PathwayGroupData:
    key: str
    title: str
    intro_html: Html
    domain_key: str
    sessions: tuple[SessionCard, ...]


@dataclass(frozen=True)
class PathwayData:
    programme: ProgrammeSummary
    key: str
    title: str
    summary: str
    intro_html: Html
    groups: tuple[PathwayGroupData, ...]
    pathways: tuple[PathwaySummary, ...]


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: ProgrammeSummary
    intro_html: Html
    framework_title: str
    framework_summary: str
    domains: tuple[tuple[str, str, bool], ...]  # (key, title, senior)
    pages: tuple[SitePageSummary, ...]
    pathways: tuple[PathwaySummary, ...]
    samples: tuple[SessionCard, ...]
    session_count: int
    library_count: int


@dataclass(frozen=True)
class ElementRef:
    key: str
    title: str
    domain_key: str
    domain_title: str


@dataclass(frozen=True)
class SessionOverview:
    programme: ProgrammeSummary
    key: str
    title: str
    summary: str
    minutes: int
    sample: bool
    version: int
    objectives: tuple[str, ...]
    elements: tuple[ElementRef, ...]
    page_titles: tuple[str, ...]


@dataclass(frozen=True)
class PlayableSession:
    """One version of a session, as the player shows it."""

    programme: ProgrammeSummary
    key: str
    title: str
    sample: bool
    version: int
    current_version: int
    pages: tuple[Page, ...]
    pass_mark: int | None = None

    @cached_property
    def completion_rule(self) -> CompletionRule:
        """What completes this version: every page, every required exercise, and the pass mark if set."""
        return CompletionRule.of(self.pages, self.pass_mark)


@dataclass(frozen=True)
class LibraryItemCard:
    key: str
    title: str
    kind: str
    summary: str
    minutes: int
    domain_keys: tuple[str, ...]


@dataclass(frozen=True)
class LibraryData:
    programme: ProgrammeSummary
    domains: tuple[tuple[str, str], ...]  # (key, title) of every domain, for the filter
    selected_domain: str
    items: tuple[LibraryItemCard, ...]


@dataclass(frozen=True)
class LibraryItemData:
    programme: ProgrammeSummary
    card: LibraryItemCard
    domain_titles: tuple[str, ...]
    html: Html
    video: VideoFiles | None


@dataclass(frozen=True)
class VersionDetails:
    programme: ProgrammeSummary
    session_key: str
    version: int
    title: str
    minutes: int
    elements: tuple[ElementRef, ...]


@dataclass(frozen=True)
class ProgrammePathway:
    """One programme as a learner's record shows it: a chosen pathway, and how many sessions exist."""

    pathway: PathwayData
    session_count: int


@dataclass(frozen=True)
class ProgrammePathways:
    """One programme as My learning shows it: every pathway, and how many sessions exist."""

    pathways: tuple[PathwayData, ...]
    session_count: int


@dataclass(frozen=True)
class ProgrammeTitles:
    """A programme's title and the current title of each of its sessions, retired ones included."""

    programme: ProgrammeSummary
    session_titles: dict[str, str]


@dataclass(frozen=True)
class EsrCompetence:
    """The Electronic Staff Record's name for a session, and after how many months a completion expires there."""

    name: str
    expiry_months: int | None
