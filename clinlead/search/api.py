"""The one door into `search`: search sessions and library items, and (for the catalogue's event) reindex."""

from collections.abc import Sequence

from clinlead.catalogue import api as catalogue
from clinlead.content_links import SiteLinks
from clinlead.wording import minutes_in_words

from . import backends
from .criteria import KIND_LABELS, LENGTHS, MAX_QUERY_CHARS, MAX_TERMS, PAGE_SIZE, Criteria, criteria_from
from .data import Option, Result, SearchPage
from .highlighting import marked
from .indexing import reindex
from .models import KIND_SESSION, SearchEntry, SearchEntryDomain

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "Criteria",
    "Option",
    "Result",
    "SearchPage",
    "criteria_from",
    "reindex",
    "search",
]


def search(criteria: Criteria) -> SearchPage:
    """One page of results for `criteria`, best first, with the filters' options; never raises for any query.

    A fixed number of queries whatever the number of results: the programmes, the domains to filter by, the
    count, the page's ranked ids and their marked text, and the page's entries with their domains.
    """
    total, hits, page = 0, list[backends.Hit](), criteria.page
    if criteria.terms:
        total, hits = backends.search(criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        if not hits and total:  # a page beyond the last (an old link): show the last one
            page = (total - 1) // PAGE_SIZE + 1
            total, hits = backends.search(criteria, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    entries = SearchEntry.objects.defer("body").prefetch_related("domains").in_bulk([hit.entry_id for hit in hits])
    results = tuple(
        Result(
            kind=entry.kind,
            kind_label=KIND_LABELS[entry.kind],
            programme_title=entry.programme_title,
            title=marked(hit.title),
            summary=marked(hit.summary),
            snippet=marked(hit.snippet),
            minutes=entry.minutes,
            length=minutes_in_words(entry.minutes),
            domains=tuple(f"{domain.key} {domain.title}" for domain in entry.domains.all()),
            url=SiteLinks(entry.programme_key).url("session" if entry.kind == KIND_SESSION else "library", entry.key),
        )
        for hit in hits
        if (entry := entries.get(hit.entry_id)) is not None
    )
    return SearchPage(
        criteria=criteria,
        searched=bool(criteria.terms),
        total=total,
        results=results,
        page=page,
        page_count=(total + PAGE_SIZE - 1) // PAGE_SIZE,
        domains=_domain_options(criteria.domains),
        kinds=tuple(Option(kind, label, kind in criteria.kinds) for kind, label in KIND_LABELS.items()),
        lengths=tuple(Option(value, label, value == criteria.length) for value, label, _, _ in LENGTHS),
        programmes=tuple(catalogue.list_programmes()),
    )


def _domain_options(chosen: Sequence[str]) -> tuple[Option, ...]:
    """Every framework domain that some entry belongs to, in the framework's order, once per key."""
    rows = SearchEntryDomain.objects.values_list("key", "title", "position").distinct().order_by("position", "key")
    seen: dict[str, str] = {}
    for key, title, _ in rows:
        seen.setdefault(key, f"{key} {title}")
    return tuple(Option(key, label, key in chosen) for key, label in seen.items())
