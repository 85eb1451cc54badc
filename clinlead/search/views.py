"""The search page: open to everyone, a GET form, so it works without JavaScript and every search has an address."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import api as search


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    criteria = search.criteria_from(dict(request.GET.lists()))
    found = search.search(criteria)
    title = f"Search results for ‘{criteria.text}’" if found.searched else "Search sessions and library"
    context = {
        "found": found,
        "page_title": title,
        # The site of the one programme, as on its other pages: its name and navigation in the header.
        "programme": found.programmes[0] if len(found.programmes) == 1 else None,
        "max_chars": search.MAX_QUERY_CHARS,
        "max_terms": search.MAX_TERMS,
        "pages": [_page_link(request.GET, number, found.page) for number in range(1, found.page_count + 1)],
        "previous_url": _page_url(request.GET, found.page - 1) if found.page > 1 else "",
        "next_url": _page_url(request.GET, found.page + 1) if found.page < found.page_count else "",
    }
    return render(request, "search/results.html", context)


def _page_url(params: QueryDict, number: int) -> str:
    """This search with its filters, at another page of results."""
    pairs = [(name, value) for name, values in params.lists() if name != "page" for value in values]
    return "?" + urlencode([*pairs, ("page", str(number))])


def _page_link(params: QueryDict, number: int, current: int) -> dict[str, object]:
    return {"number": number, "href": _page_url(params, number), "current": number == current}
