"""References between pieces of content, kept stable in what is stored and turned into addresses only when a
page is rendered (docs/decisions/0017).

Content links to other content by kind and key (`session:giving-feedback`, `library:civility-matters`,
`page:faq`, `pathway:by-domain`, `framework:` or `framework:2`) and to its media by path inside the
programme's `media/` folder. What is stored keeps exactly that, never a URL: renaming a page of the site,
moving static files or serving the programme at another address changes no stored session version.
"""

import dataclasses
import html
import re
from functools import cache
from typing import Any, Protocol, TypeVar, get_type_hints

from markupsafe import Markup

# `[text](session:giving-feedback)`: the kinds of internal link a writer may use.
LINK_KINDS = ("session", "page", "library", "pathway", "framework")
MEDIA = "media"


class Html(str):
    """HTML rendered from content, whose links and pictures may still be references.

    Deliberately not Markup: printed before `resolve_links` it is escaped, so a page that forgot to
    resolve its references shows it at once instead of shipping links that lead nowhere.
    """

    __slots__ = ()


class MediaPath(str):
    """A file's path inside the programme's `media/` folder, as the writer gave it."""

    __slots__ = ()


NO_HTML = Html()
NO_MEDIA = MediaPath()


def link(kind: str, key: str) -> str:
    """The reference stored in an `href` for an internal link."""
    return f"{kind}:{key}"


def media(path: str) -> str:
    """The reference stored in a `src` for a picture written in Markdown."""
    return f"{MEDIA}:{path}"


class LinkResolver(Protocol):
    """Turns references into this site's addresses; the pages that show content provide one."""

    def url(self, kind: str, key: str) -> str: ...

    def media_url(self, path: str) -> str: ...


# Only attributes written by our Markdown renderer carry references, and it escapes their values, so a
# reference can never be forged from text a writer typed (that comes out as &quot;, not as an attribute).
_REFERENCE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<kind>' + "|".join((*LINK_KINDS, MEDIA)) + r'):(?P<key>[^"]*)"')


def resolve_html(value: Html, resolver: LinkResolver) -> Markup:
    """The HTML with every reference replaced by its address, safe to show."""

    def address(match: re.Match[str]) -> str:
        kind, key = match["kind"], html.unescape(match["key"])
        url = resolver.media_url(key) if kind == MEDIA else resolver.url(kind, key)
        return f'{match["attr"]}="{html.escape(url)}"'

    return Markup(_REFERENCE.sub(address, value))  # noqa: S704 - our own renderer's output, references replaced


T = TypeVar("T")


def resolve_links(value: T, resolver: LinkResolver) -> T:
    """A copy of `value` (content data: a page, a block, a programme's pages...) with every reference resolved.

    `Html` becomes Markup with addresses in it, and a `MediaPath` becomes the media file's address; frozen
    dataclasses, tuples and dicts are copied with their resolved contents, anything else is kept as it is.
    """
    if isinstance(value, Html):
        return resolve_html(value, resolver)  # type: ignore[return-value]
    if isinstance(value, MediaPath):
        return resolver.media_url(value) if value else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(resolve_links(item, resolver) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: resolve_links(item, resolver) for key, item in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _fields_with_references(type(value))
        if not names:
            return value
        changes = {name: resolve_links(getattr(value, name), resolver) for name in names}
        return dataclasses.replace(value, **changes)
    return value


@cache
def _fields_with_references(cls: type[Any]) -> tuple[str, ...]:
    """The fields of a dataclass that can hold references, worked out once per class from its type hints.

    Pages are resolved on every request, so fields that can never hold one (titles, numbers) are skipped.
    """
    hints = get_type_hints(cls)
    return tuple(field.name for field in dataclasses.fields(cls) if _may_hold_reference(hints[field.name], set()))


def _may_hold_reference(hint: Any, seen: set[Any]) -> bool:
    if hint in (Html, MediaPath):
        return True
    if hint in seen:
        return False
    seen.add(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        sub = get_type_hints(hint)
        return any(_may_hold_reference(sub[f.name], seen) for f in dataclasses.fields(hint))
    args = getattr(hint, "__args__", ())
    return any(_may_hold_reference(arg, seen) for arg in args if arg is not Ellipsis)
