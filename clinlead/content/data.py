"""Plain, frozen data for content: what `authoring` reads from files, `catalogue` stores, and the pages show.

Every reader of content depends on these types, and on nothing else, to know what a page, a block or an
exercise is (docs/decisions/0017).
"""

from dataclasses import dataclass
from typing import ClassVar, Literal

from .exercises import (
    EXERCISE_CLASSES,
    Answer,
    AnswerError,
    Exercise,
    Feedback,
    Form,
    ItemFeedback,
    MultipleChoice,
    Option,
    OptionFeedback,
    Ordering,
    OrderingItem,
    Reflection,
    SingleChoice,
)
from .references import NO_MEDIA, Html, MediaPath
from .rules import CompletionRule

__all__ = [
    "Answer",
    "AnswerError",
    "Aside",
    "Block",
    "CompletionRule",
    "Domain",
    "Element",
    "Exercise",
    "Feedback",
    "Form",
    "Framework",
    "Html",
    "Image",
    "ItemFeedback",
    "LibraryItem",
    "MediaPath",
    "MultipleChoice",
    "Option",
    "OptionFeedback",
    "Ordering",
    "OrderingItem",
    "Page",
    "Pathway",
    "PathwayGroup",
    "Programme",
    "Prose",
    "Reflection",
    "Session",
    "SingleChoice",
    "SitePage",
    "Video",
    "VideoFiles",
]


@dataclass(frozen=True)
class Prose:
    """Ordinary Markdown between the other blocks of a page."""

    html: Html
    kind: ClassVar[str] = "text"


AsideKind = Literal["case-study", "trainer-resources", "further-reading"]
ASIDE_KINDS: tuple[AsideKind, ...] = ("case-study", "trainer-resources", "further-reading")


@dataclass(frozen=True)
class Aside:
    """A `::: case-study`, `::: trainer-resources` or `::: further-reading` block, with an optional heading."""

    kind: AsideKind
    title: str
    html: Html


@dataclass(frozen=True)
class Image:
    src: MediaPath
    alt: str
    caption: str
    kind: ClassVar[str] = "image"


@dataclass(frozen=True)
class Animation:
    """A moving picture, with a still one for people whose devices ask for reduced motion."""

    src: MediaPath
    still: MediaPath
    alt: str
    caption: str
    kind: ClassVar[str] = "animation"


@dataclass(frozen=True)
class VideoFiles:
    src: MediaPath
    captions: MediaPath  # WebVTT
    poster: MediaPath = NO_MEDIA
    # The same video in other file formats, offered after `src`: a browser plays the first one it can
    # (Safari on older iPhones plays MP4 but not WebM, so an MP4 `src` with a WebM here reaches everyone).
    other_formats: tuple[MediaPath, ...] = ()


@dataclass(frozen=True)
class Video:
    title: str
    files: VideoFiles
    transcript_html: Html
    kind: ClassVar[str] = "video"


Block = Prose | Aside | Image | Animation | Video | Exercise


@dataclass(frozen=True)
class Page:
    """One page of a session: a title and its blocks, in order."""

    title: str
    blocks: tuple[Block, ...]

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(block for block in self.blocks if isinstance(block, EXERCISE_CLASSES))

    def exercise(self, key: str) -> Exercise | None:
        """The exercise on this page with that key, if there is one."""
        return next((exercise for exercise in self.exercises if exercise.key == key), None)


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
    intro_html: Html
    domains: tuple[Domain, ...]


@dataclass(frozen=True)
class PathwayGroup:
    key: str
    title: str
    intro_html: Html
    session_keys: tuple[str, ...]
    domain_key: str = ""


@dataclass(frozen=True)
class Pathway:
    key: str
    title: str
    summary: str
    order: int
    intro_html: Html
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
    esr_competence: str = ""  # the Electronic Staff Record's name for it; empty: "Leadership for Clinicians – title"
    esr_expiry_months: int | None = None

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
    html: Html


@dataclass(frozen=True)
class LibraryItem:
    key: str
    title: str
    kind: Literal["article", "video"]
    summary: str
    minutes: int
    domain_keys: tuple[str, ...]
    html: Html  # an article's text, or a video's transcript
    video: VideoFiles | None = None


@dataclass(frozen=True)
class Programme:
    key: str
    title: str
    summary: str
    intro_html: Html
    pages: tuple[SitePage, ...]
    framework: Framework
    pathways: tuple[Pathway, ...]
    sessions: tuple[Session, ...]
    library: tuple[LibraryItem, ...]
