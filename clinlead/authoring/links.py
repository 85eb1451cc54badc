"""How content refers to other content and to media, and how those references become URLs."""

from dataclasses import dataclass
from typing import Protocol

# `[text](session:giving-feedback)`: the kinds of internal link a writer may use.
INTERNAL_LINK_KINDS = ("session", "page", "library", "pathway", "framework")


class LinkResolver(Protocol):
    """Turns references into URLs. `catalogue` passes one that knows the site's URLs."""

    def internal(self, kind: str, key: str) -> str: ...

    def media(self, relative_path: str) -> str: ...


class PlaceholderLinks:
    """Used when only checking content: the URLs are never shown to anyone."""

    def internal(self, kind: str, key: str) -> str:
        return f"#{kind}:{key}"

    def media(self, relative_path: str) -> str:
        return f"#media:{relative_path}"


@dataclass(frozen=True)
class LinkReference:
    """An internal link seen in a file; checked once every key in the programme is known."""

    kind: str
    key: str
    path: str
    line: int
