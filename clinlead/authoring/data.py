"""Plain, frozen data read from content files. This is what `authoring` hands to `catalogue`."""

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal[
    "text",
    "image",
    "video",
    "animation",
    "case-study",
    "trainer-resources",
    "further-reading",
    "exercise",
]
ExerciseKind = Literal["single", "multiple", "reflection", "ordering"]


@dataclass(frozen=True)
class Block:
    """One block of a page. `html` is ready to show; `data` holds structured fields (media, exercises)."""

    kind: BlockKind
    html: str = ""
    title: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Element:
    key: str  # "1.1"
    title: str
    summary: str


@dataclass(frozen=True)
class Domain:
    key: str  # "1"
    title: str
    summary: str
    senior: bool
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Framework:
    key: str
    title: str
    summary: str
    intro_html: str
    domains: tuple[Domain, ...]


@dataclass(frozen=True)
class PathwayGroup:
    key: str
    title: str
    intro_html: str
    session_keys: tuple[str, ...]
    domain_key: str = ""


@dataclass(frozen=True)
class Pathway:
    key: str
    title: str
    summary: str
    order: int
    intro_html: str
    groups: tuple[PathwayGroup, ...]


@dataclass(frozen=True)
class Session:
    key: str
    title: str
    summary: str
    minutes: int
    version: int
    sample: bool
    objectives: tuple[str, ...]
    element_keys: tuple[str, ...]
    pages: tuple[Page, ...]
    source_path: str
    source_hash: str
    reviewed_by: str = ""
    reviewed_on: str = ""
    pass_mark: int | None = None

    @property
    def main_element_key(self) -> str:
        """The first element listed is the one the session is mainly about."""
        return self.element_keys[0] if self.element_keys else ""


@dataclass(frozen=True)
class SitePage:
    slug: str
    title: str
    summary: str
    order: int
    html: str


@dataclass(frozen=True)
class LibraryItem:
    key: str
    title: str
    kind: Literal["article", "video"]
    summary: str
    minutes: int
    domain_keys: tuple[str, ...]
    html: str
    video: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Programme:
    key: str
    title: str
    summary: str
    intro_html: str
    pages: tuple[SitePage, ...]
    framework: Framework
    pathways: tuple[Pathway, ...]
    sessions: tuple[Session, ...]
    library: tuple[LibraryItem, ...]
