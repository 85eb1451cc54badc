"""The full-text search itself, once for each database: SQLite's FTS5 and PostgreSQL's text search.

Both find entries holding every term (stemmed, in English), rank a match in the title above one in the summary
and that above one in the body, and return the matches wrapped in the private-use markers of highlighting.py.
"""

import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, Func, IntegerField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

from .criteria import Criteria, fts5_match
from .highlighting import ANGLES, START, STOP, angles_back
from .models import SearchEntry

# bm25 weights of FTS5's columns (title, summary, body); PostgreSQL's weights A, B, C do the same there.
_FTS5_WEIGHTS = "10.0, 4.0, 1.0"
_SNIPPET_WORDS = 24
_WINDOW, _WINDOW_BEFORE = 500, 150  # characters of a body given to ts_headline, and how many before the match


@dataclass(frozen=True)
class Hit:
    entry_id: int
    title: str
    summary: str
    snippet: str  # words around a match in the body, or "" when the body has none


def search(criteria: Criteria, offset: int, limit: int) -> tuple[int, list[Hit]]:
    """How many entries match, and the hits from `offset`, best first."""
    if connection.vendor == "postgresql":
        return _postgres(criteria, offset, limit)
    return _sqlite(criteria, offset, limit)


def _filters_sql(criteria: Criteria) -> tuple[list[str], list[str | int]]:
    where: list[str] = []
    params: list[str | int] = []
    if criteria.kinds:
        where.append(f"e.kind IN ({', '.join(['%s'] * len(criteria.kinds))})")
        params.extend(criteria.kinds)
    if criteria.minutes_range:
        low, high = criteria.minutes_range
        where.append("e.minutes >= %s")
        params.append(low)
        if high is not None:
            where.append("e.minutes <= %s")
            params.append(high)
    if criteria.domains:
        marks = ", ".join(["%s"] * len(criteria.domains))
        # Only placeholders are formatted in; the values go as parameters.
        where.append(f"e.id IN (SELECT entry_id FROM search_searchentrydomain WHERE key IN ({marks}))")  # noqa: S608
        params.extend(criteria.domains)
    return where, params


def _sqlite(criteria: Criteria, offset: int, limit: int) -> tuple[int, list[Hit]]:
    filters, filter_params = _filters_sql(criteria)
    where = " AND ".join(["search_entry_fts MATCH %s", *filters])
    match = fts5_match(criteria.terms)
    params: list[str | int] = [match, *filter_params]
    source = f"FROM search_entry_fts JOIN search_searchentry e ON e.id = search_entry_fts.rowid WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {source}", params)
        (total,) = cursor.fetchone()
        if not total or offset >= total:
            return total, []
        order = f"bm25(search_entry_fts, {_FTS5_WEIGHTS}), e.title, e.id"
        cursor.execute(f"SELECT e.id {source} ORDER BY {order} LIMIT %s OFFSET %s", [*params, limit, offset])
        ids = [row[0] for row in cursor.fetchall()]
        # Marked up apart, for this page's entries only: SQLite would make a snippet of every match before sorting,
        # and a snippet reads the whole body (about 1 ms a session).
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT rowid, highlight(search_entry_fts, 0, %s, %s), highlight(search_entry_fts, 1, %s, %s), "  # noqa: S608 - placeholders only
            f"snippet(search_entry_fts, 2, %s, %s, '', {_SNIPPET_WORDS}) FROM search_entry_fts "
            f"WHERE search_entry_fts MATCH %s AND rowid IN ({placeholders})",
            [START, STOP, START, STOP, START, STOP, match, *ids],
        )
        marked = {row[0]: row[1:] for row in cursor.fetchall()}
    return total, [_hit(entry_id, *marked[entry_id]) for entry_id in ids]


def _postgres(criteria: Criteria, offset: int, limit: int) -> tuple[int, list[Hit]]:
    # "plain": every term must appear; the terms are already letters and digits only (criteria.py).
    query = SearchQuery(" ".join(criteria.terms), search_type="plain", config="english")
    # The stored, generated tsvector column of migration 0001 (weights: title A, summary B, body C).
    document = RawSQL('"search_searchentry"."document"', [], output_field=SearchVectorField())
    matches: QuerySet[SearchEntry] = SearchEntry.objects.annotate(document=document).filter(document=query)
    if criteria.kinds:
        matches = matches.filter(kind__in=criteria.kinds)
    if criteria.minutes_range:
        low, high = criteria.minutes_range
        matches = matches.filter(minutes__gte=low)
        if high is not None:
            matches = matches.filter(minutes__lte=high)
    if criteria.domains:
        matches = matches.filter(pk__in=SearchEntry.objects.filter(domains__key__in=criteria.domains).values("pk"))
    total = matches.count()
    if not total or offset >= total:
        return total, []
    ranked = matches.annotate(rank=SearchRank(F("document"), query)).order_by("-rank", "title", "id")
    ids = list(ranked.values_list("id", flat=True)[offset : offset + limit])
    # Headlines apart, for this page's entries only; the body's from a window around its first match. Any term
    # is marked (as FTS5 does): a window may hold one of the terms and not the others.
    any_term = reduce(
        operator.or_, (SearchQuery(term, search_type="plain", config="english") for term in criteria.terms)
    )
    rows = SearchEntry.objects.filter(pk__in=ids).values_list(
        "id",
        _headline(_angled(F("title")), any_term, highlight_all=True),
        _headline(_angled(F("summary")), any_term, highlight_all=True),
        _headline(_body_window(criteria.terms), any_term, max_words=_SNIPPET_WORDS, min_words=12, max_fragments=1),
    )
    marked = {row[0]: tuple(angles_back(text) for text in row[1:]) for row in rows}
    return total, [_hit(entry_id, *marked[entry_id]) for entry_id in ids]


def _hit(entry_id: int, title: str, summary: str, snippet: str) -> Hit:
    # A body without a match gives its first words: not worth showing under the summary.
    return Hit(entry_id, title, summary, snippet if START in snippet else "")


def _angled(text: Any) -> Func:
    """The text the generated column indexes: < and > stood in for (highlighting.ANGLES)."""
    return Func(text, Value("<>"), Value(ANGLES), function="translate", output_field=TextField())


def _body_window(terms: tuple[str, ...]) -> Func:
    """About 500 characters of the body around the first word that starts like one of the query's stems.

    ts_headline parses all the text it is given (4 ms for a 9 kB session on a busy machine, ten on a page). A stem
    is the start of the words it comes from once a final "i" is dropped ("polici" for policy, policies); when
    none is found, the body's first characters, where ts_headline may find no match and no snippet is shown.
    """
    first_match = RawSQL(
        "(SELECT min(nullif(strpos(lower(' ' || \"search_searchentry\".\"body\"), ' ' || rtrim(lexeme, 'i')), 0)) "
        "FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, %s))) AS lexeme)",
        [" ".join(terms)],
        output_field=IntegerField(),
    )
    found_at = Func(first_match, Value(1), function="coalesce", output_field=IntegerField())
    start = Func(found_at - Value(_WINDOW_BEFORE), Value(1), function="greatest", output_field=IntegerField())
    return _angled(Func(F("body"), start, Value(_WINDOW), function="substr", output_field=TextField()))


def _headline(text: Func, query: SearchQuery, **options: Any) -> SearchHeadline:
    return SearchHeadline(text, query, config="english", start_sel=START, stop_sel=STOP, **options)
