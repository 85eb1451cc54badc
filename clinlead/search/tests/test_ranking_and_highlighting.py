"""What is found and in what order, and how matches are marked: through the api, on whichever database runs."""

import pytest

from clinlead.authoring import api as authoring
from clinlead.search import api as search
from clinlead.search.documents import plain_text
from clinlead.search.highlighting import START, STOP, marked

from .content import add_to_pathways, write_session

pytestmark = pytest.mark.django_db


def find(query: str, **filters: list[str]) -> search.SearchPage:
    params = {"q": [query], **filters}
    return search.search(search.criteria_from(params))


def urls(page: search.SearchPage) -> list[str]:
    return [result.url.rstrip("/").rsplit("/", 1)[-1] for result in page.results]


def by_slug_of(page: search.SearchPage) -> dict[str, search.Result]:
    return dict(zip(urls(page), page.results, strict=True))


def test_a_title_match_outranks_a_body_match(loaded_search_content):
    found = urls(find("zebra"))
    assert found[0] == "zebra-crossings"
    assert set(found) == {"zebra-crossings", "ward-routines", "stripes-article"}


def test_a_summary_match_is_found_and_outranks_a_body_match(loaded_search_content, search_content):
    write_session(search_content, "banjo-body", "Another session", "Nothing here but a harmonica, once.")
    add_to_pathways(search_content, "banjo-body")
    authoring.load_content(search_content.parent)
    assert urls(find("harmonica")) == ["music-of-teams", "banjo-body"]


def test_every_word_must_match_and_words_are_stemmed(loaded_search_content):
    assert urls(find("zebra routines")) == ["ward-routines"]
    assert urls(find("crossing")) == ["zebra-crossings"]  # "crossings" in the title
    assert urls(find("zebra walrus")) == []


def test_the_title_and_the_words_around_a_body_match_are_highlighted(loaded_search_content):
    by_slug = by_slug_of(find("zebra"))
    assert str(by_slug["zebra-crossings"].title) == "<mark>Zebra</mark> crossings of care"
    assert by_slug["zebra-crossings"].snippet == ""  # its body does not mention zebras
    assert "<mark>zebra</mark> test" in by_slug["ward-routines"].snippet
    assert str(by_slug["ward-routines"].title) == "Ward routines"


def test_a_result_says_what_it_is_how_long_it_takes_its_domains_and_where_it_is(loaded_search_content):
    by_slug = by_slug_of(find("zebra"))
    session, article = by_slug["zebra-crossings"], by_slug["stripes-article"]
    assert (session.kind_label, session.length, session.domains) == (
        "Session",
        "12 minutes",
        ("1 Working with Others",),
    )
    assert session.url == "/programmes/example/sessions/zebra-crossings/"
    assert (article.kind_label, article.length, article.url) == (
        "E-article",
        "25 minutes",
        "/programmes/example/library/stripes-article/",
    )


def test_one_minute_is_written_in_the_singular(loaded_search_content, search_content):
    write_session(search_content, "tiny", "A tiny okapi session", "Short.", minutes=1)
    add_to_pathways(search_content, "tiny")
    authoring.load_content(search_content.parent)
    assert [result.length for result in find("okapi").results] == ["1 minute"]


def test_markup_in_content_is_shown_as_text_and_cannot_fake_a_highlight(loaded_search_content, search_content):
    body = f"Write `<script>alert('zebra')</script>` and `<mark>` and {START}forged{STOP} in a page."
    write_session(search_content, "injection", "Code on a page", body)
    add_to_pathways(search_content, "injection")
    authoring.load_content(search_content.parent)
    (result,) = [r for r in find("alert").results if r.url.endswith("/injection/")]
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet
    assert "&lt;mark&gt;" in result.snippet
    assert result.snippet.count("<mark>") == 1  # "alert" only: the forged markers were removed when indexed
    assert "<mark>forged</mark>" not in result.snippet


def test_marked_escapes_everything_but_its_own_marks_and_closes_an_open_one():
    assert str(marked(f"<b>{START}x{STOP}</b> & {START}y")) == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; <mark>y</mark>"
    assert str(marked(f"{STOP}z")) == "z"


def test_results_come_a_page_at_a_time_in_a_fixed_number_of_queries(loaded_starter, django_assert_max_num_queries):
    first = find("team")
    assert (len(first.results), first.page_count > 1) == (10, True)
    # The programmes, the domains for the filter, the count, the page's ranked ids and their marked text, the
    # entries and their domains.
    with django_assert_max_num_queries(7):
        second = find("team", page=["2"])
    assert (second.page, second.first) == (2, 11)
    assert not {r.url for r in first.results} & {r.url for r in second.results}
    beyond = find("team", page=["999"])
    assert beyond.page == beyond.page_count
    assert beyond.results


def test_words_split_by_inline_markup_stay_one_word_and_blocks_stay_apart():
    assert plain_text("<p>one</p><p>two &amp; <em>lead</em>ership</p><ul><li>a</li><li>b</li></ul>") == (
        "one two & leadership a b"
    )


def test_a_match_deep_in_a_long_body_still_gets_its_snippet(loaded_search_content, search_content):
    filler = "Words that say nothing in particular about the subject. " * 150  # about 8,500 characters
    write_session(search_content, "long-read", "A long read", f"{filler} The ward policies changed. {filler}")
    add_to_pathways(search_content, "long-read")
    authoring.load_content(search_content.parent)
    (result,) = find("policy").results
    assert "ward <mark>policies</mark> changed" in result.snippet
