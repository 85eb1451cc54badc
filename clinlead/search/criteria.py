"""What a visitor asked for, read from the query string: the words, and the filters by domain, type and length.

Nothing here can fail: words are letters and digits only (quotes, `*`, `-`, `:`, NEAR, AND and the like are
either dropped or searched for as plain words), a query too long is cut, and a filter value we do not know is
ignored.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .highlighting import strip_markers
from .models import KIND_ARTICLE, KIND_SESSION, KIND_VIDEO

MAX_QUERY_CHARS = 200  # longer than any title; a pasted page is cut here, and the visitor told
MAX_TERMS = 20  # each term is one more index lookup
MAX_DOMAINS = 50  # a framework has a handful; more is not a person choosing
PAGE_SIZE = 10  # each result's snippet reads its whole body: ten keep a page quick

KIND_LABELS = {KIND_SESSION: "Session", KIND_ARTICLE: "E-article", KIND_VIDEO: "Video"}
# The length filter: (value, label, fewest minutes, most minutes or None for no limit).
LENGTHS: tuple[tuple[str, str, int, int | None], ...] = (
    ("10-or-less", "10 minutes or less", 0, 10),
    ("11-to-15", "11 to 15 minutes", 11, 15),
    ("over-15", "More than 15 minutes", 16, None),
)

# Letters and digits in any script: everything else separates words, as the full-text tokenizers do.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Criteria:
    text: str  # the query as the visitor typed it (cut to MAX_QUERY_CHARS), to show back in the form
    terms: tuple[str, ...]
    shortened: bool
    domains: tuple[str, ...]
    kinds: tuple[str, ...]
    length: str
    page: int

    @property
    def minutes_range(self) -> tuple[int, int | None] | None:
        for value, _, low, high in LENGTHS:
            if value == self.length:
                return low, high
        return None


def criteria_from(values: Mapping[str, Sequence[str]]) -> Criteria:
    """The search asked for by a query string (`q`, `domain`, `type`, `length`, `page`): every value of each
    name, as `dict(request.GET.lists())` gives them (a lone string counts as one value)."""

    def every(name: str) -> Sequence[str]:
        found = values.get(name, ())
        return (found,) if isinstance(found, str) else found

    def one(name: str) -> str:
        found = every(name)
        return found[-1] if found else ""  # the last, as QueryDict.get gives it

    raw = strip_markers(one("q"))
    text = " ".join(raw.split())
    shortened = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    words = _WORD.findall(text.casefold())
    terms = tuple(dict.fromkeys(words))[:MAX_TERMS]  # each word once, in the order typed
    shortened = shortened or len(set(words)) > MAX_TERMS
    page, length = one("page") or "1", one("length")
    return Criteria(
        text=text,
        terms=terms,
        shortened=shortened,
        domains=tuple(dict.fromkeys(d for d in every("domain") if d and len(d) <= 20))[:MAX_DOMAINS],
        kinds=tuple(kind for kind in KIND_LABELS if kind in every("type")),
        length=length if length in {row[0] for row in LENGTHS} else "",
        page=int(page) if page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1,
    )


def fts5_match(terms: Sequence[str]) -> str:
    """An FTS5 query that finds every term, each quoted so that nothing in it is FTS5 syntax."""
    return " ".join(f'"{term}"' for term in terms)
