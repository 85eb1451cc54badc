"""What is indexed for each session and library item, read from the content the catalogue has just published.

The text is plain: tags dropped, entities decoded, and the two private-use characters that mark a match in
results removed, so that no content can forge a highlight (see highlighting.py).
"""

import html
from dataclasses import dataclass
from html.parser import HTMLParser

from clinlead.content.data import Animation, Aside, Image, Page, Programme, Prose, Video

from .highlighting import strip_markers
from .models import KIND_SESSION


@dataclass(frozen=True)
class Document:
    programme_key: str
    programme_title: str
    kind: str
    key: str
    title: str
    summary: str
    body: str
    minutes: int
    domains: tuple[tuple[str, str, int], ...]  # (key, title, position in the framework), in that order


# Tags that end a run of words: "<p>one</p><p>two</p>" is two words, "<em>lead</em>ership" one.
# fmt: off
_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "td", "th", "tr", "ul",
})
# fmt: on


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(markup: str) -> str:
    """The words of some HTML, with nothing that could mark a highlight."""
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return clean("".join(parser.parts))


def clean(text: str) -> str:
    """Plain text (a title, a summary) on one line, entities decoded, without the highlight characters."""
    return " ".join(strip_markers(html.unescape(text) if "&" in text else text).split())


def _page_text(page: Page) -> list[str]:
    parts = [page.title]
    for block in page.blocks:
        if isinstance(block, Prose):
            parts.append(block.html)
        elif isinstance(block, Aside):
            parts.extend((block.title, block.html))
        elif isinstance(block, (Image, Animation)):
            parts.extend((block.alt, block.caption))
        elif isinstance(block, Video):
            parts.extend((block.title, block.transcript_html))
        else:  # an exercise: what it asks is worth finding; its answers and feedback are not
            parts.append(block.prompt_html)
    return parts


def documents_of(programme: Programme) -> list[Document]:
    """One document per session and library item of a programme, as published."""
    domains = {domain.key: (position, domain.title) for position, domain in enumerate(programme.framework.domains)}
    domain_of_element = {
        element.key: domain.key for domain in programme.framework.domains for element in domain.elements
    }

    def domain_list(keys: list[str]) -> tuple[tuple[str, str, int], ...]:
        known = sorted({key for key in keys if key in domains}, key=lambda key: domains[key][0])
        return tuple((key, domains[key][1], domains[key][0]) for key in known)

    documents = []
    for session in programme.sessions:
        pages = [text for page in session.pages for text in _page_text(page)]
        documents.append(
            Document(
                programme.key,
                programme.title,
                KIND_SESSION,
                session.key,
                clean(session.title),
                clean(session.summary),
                " ".join([*map(clean, session.objectives), *map(plain_text, pages)]),
                session.minutes,
                domain_list([domain_of_element.get(key, "") for key in session.element_keys]),
            )
        )
    for item in programme.library:
        documents.append(
            Document(
                programme.key,
                programme.title,
                item.kind,
                item.key,
                clean(item.title),
                clean(item.summary),
                plain_text(item.html),
                item.minutes,
                domain_list(list(item.domain_keys)),
            )
        )
    return documents
