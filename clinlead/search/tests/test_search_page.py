"""The search page as a visitor meets it: no sign-in, a GET form that works without JavaScript, and a page
(never a server error) for any query at all."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NASTY = [
    '"',
    '"unclosed phrase',
    "zebra*",
    "*",
    "NEAR(zebra care)",
    "zebra AND OR NOT care",
    "-zebra",
    "title:zebra",
    "^zebra",
    "{title summary}: zebra",
    "( ) [ ] { } : ; , . ' \" \\ / ! ? @ # $ % ^ & * - + = ~ ` |",
    "<script>alert('zebra')</script>",
    "zebra" + " x" * 500,
    "z" * 1000,
    "café naïve Ærø zebra",
    "中文 검색 العربية עברית",
    "😀 zebra 👍🏽",
    "%",
    "' OR 1=1 --",
]


@pytest.fixture
def visitor() -> Client:
    return Client()


def test_a_visitor_can_search_without_signing_in(loaded_search_content, visitor):
    response = visitor.get("/search/", {"q": "zebra"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 results for ‘zebra’" in html
    assert '<a href="/programmes/example/sessions/zebra-crossings/"><mark>Zebra</mark> crossings of care</a>' in html
    assert "12 minutes" in html
    assert "1 Working with Others" in html
    assert ">E-article</strong>" in html
    assert ">Session</strong>" in html


def test_every_page_has_the_search_box_in_its_header(loaded_search_content, visitor):
    html = visitor.get("/programmes/example/").content.decode()
    form = re.search(r'<form[^>]*id="search"[^>]*>.*?</form>', html, re.S)
    assert form, "no search form in the header"
    assert 'action="/search/"' in form.group(0)
    assert 'method="get"' in form.group(0)
    assert 'name="q"' in form.group(0)
    assert "Search sessions and library" in form.group(0)


@pytest.mark.parametrize("query", NASTY)
def test_any_query_gives_a_page_not_an_error(loaded_search_content, visitor, query):
    response = visitor.get("/search/", {"q": query, "type": ["session", "bogus"], "domain": ["1", "x" * 50]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    # Only words of the query are ever marked, and only by us: nothing in a mark but one word.
    marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
    assert all(mark.casefold() in query.casefold() and re.fullmatch(r"[^\W_]+", mark) for mark in marks)
    assert html.count("<mark>") == html.count("</mark>") == len(marks)


def test_a_long_query_is_cut_and_the_visitor_told(loaded_search_content, visitor):
    html = visitor.get("/search/", {"q": "zebra " + "x" * 995}).content.decode()
    assert "Your search was long, so we searched for its first 200 characters" in html
    assert f'value="zebra {"x" * 194}"' in html


def test_an_empty_query_or_only_punctuation_asks_for_words(loaded_search_content, visitor):
    for query in ("", "   ", '"*-:()'):
        html = visitor.get("/search/", {"q": query}).content.decode()
        assert "Enter a word or two to search the sessions and the library" in html
        assert "No results" not in html
    assert "Your search had no letters or numbers in it" in visitor.get("/search/", {"q": '"*'}).content.decode()


def test_no_results_says_what_to_do_next(loaded_search_content, visitor):
    html = visitor.get("/search/", {"q": "walrus"}).content.decode()
    assert "No results for ‘walrus’" in html
    assert "check the spelling" in html
    assert 'href="/programmes/example/sessions/"' in html
    assert 'href="/programmes/example/library/"' in html


def test_no_results_with_filters_offers_the_search_without_them(loaded_search_content, visitor):
    html = visitor.get("/search/", {"q": "zebra", "length": "10-or-less"}).content.decode()
    assert "No results for ‘zebra’" in html
    assert 'href="/search/?q=zebra">search again without the filters' in html


def test_the_filters_are_kept_when_the_query_changes(loaded_search_content, visitor):
    chosen = {"q": "zebra", "type": ["session", "video"], "domain": "1", "length": "11-to-15"}
    html = visitor.get("/search/", chosen).content.decode()
    # One form holds the query and the filters, so searching again sends the filters with the new words.
    found = re.search(r'<form[^>]*action="/search/"[^>]*class="clinlead-search".*?</form>', html, re.S)
    assert found, "no search form on the page"
    form = found.group(0)
    assert 'name="q"' in form
    assert re.search(r'name="type"[^>]*value="session"[^>]*checked', form)
    assert re.search(r'name="type"[^>]*value="video"[^>]*checked', form)
    assert not re.search(r'name="type"[^>]*value="article"[^>]*checked', form)
    assert "2 results for ‘zebra’" in html  # the two sessions: the article is filtered out
    assert re.search(r'<option value="1" selected', form)
    assert re.search(r'<option value="11-to-15" selected', form)


def test_pages_of_results_keep_the_query_and_filters(loaded_starter, visitor):
    html = visitor.get("/search/", {"q": "team", "type": "session"}).content.decode()
    assert "showing 1 to 10" in html
    assert 'href="?q=team&amp;type=session&amp;page=2"' in html
    second = visitor.get("/search/", {"q": "team", "type": "session", "page": "2"}).content.decode()
    assert "showing 11 to 20" in second


def test_the_page_only_answers_get(loaded_search_content, visitor):
    assert visitor.post("/search/", {"q": "zebra"}).status_code == 405
