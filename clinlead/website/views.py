"""The public programme site. Each view reads one thing from the catalogue and renders it; content's
references become this site's addresses as it is rendered (clinlead/content_links.py)."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clinlead.catalogue import api as catalogue
from clinlead.content_links import linked
from clinlead.learning import api as learning

from .screens import session_screen


def _not_found_as_404(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except catalogue.NotFound as error:
            raise Http404(str(error)) from error

    return wrapped


def _crumb(text: str, href: str) -> dict[str, str]:
    return {"text": text, "href": href}


def home(request: HttpRequest) -> HttpResponse:
    programmes = catalogue.list_programmes()
    if len(programmes) == 1:
        return redirect("website:programme", programmes[0].key)
    return render(request, "website/home.html", {"programmes": programmes, "page_title": "Programmes"})


@_not_found_as_404
def programme(request: HttpRequest, programme_key: str) -> HttpResponse:
    overview = linked(catalogue.programme_overview(programme_key), programme_key)
    enrolled = request.user.is_authenticated and learning.is_enrolled(request.user.pk, programme_key)
    context = {"overview": overview, "programme": overview.programme, "enrolled": enrolled}
    return render(request, "website/programme.html", context)


@_not_found_as_404
def page(request: HttpRequest, programme_key: str, slug: str) -> HttpResponse:
    site_page = linked(catalogue.site_page(programme_key, slug), programme_key)
    context = {
        "site_page": site_page,
        "programme": site_page.programme,
        "page_title": site_page.title,
        "breadcrumbs": [_crumb(site_page.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/page.html", context)


@_not_found_as_404
def framework(request: HttpRequest, programme_key: str) -> HttpResponse:
    found = linked(catalogue.framework(programme_key), programme_key)
    context = {
        "framework": found,
        "programme": found.programme,
        "page_title": found.title,
        "breadcrumbs": [_crumb(found.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/framework.html", context)


@_not_found_as_404
def pathway(request: HttpRequest, programme_key: str, pathway_key: str) -> HttpResponse:
    found = linked(catalogue.pathway(programme_key, pathway_key), programme_key)
    context = {
        "pathway": found,
        "programme": found.programme,
        "page_title": f"Sessions {found.title.lower()}",
        "breadcrumbs": [_crumb(found.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/pathway.html", context)


@_not_found_as_404
def sessions(request: HttpRequest, programme_key: str) -> HttpResponse:
    """The sessions, shown in the programme's first pathway."""
    pathways = catalogue.programme_overview(programme_key).pathways
    if not pathways:
        raise Http404("this programme has no pathways")
    return redirect("website:pathway", programme_key, pathways[0].key)


@_not_found_as_404
def session(request: HttpRequest, programme_key: str, session_key: str) -> HttpResponse:
    user_id = request.user.pk if request.user.is_authenticated else None
    context = session_screen(user_id, programme_key, session_key)
    return render(request, "website/session.html", context)


@_not_found_as_404
def library(request: HttpRequest, programme_key: str) -> HttpResponse:
    found = catalogue.library(programme_key, domain_key=request.GET.get("domain", ""))
    context = {
        "library": found,
        "programme": found.programme,
        "page_title": "Library",
        "breadcrumbs": [_crumb(found.programme.title, reverse("website:programme", args=[programme_key]))],
        # An unknown domain shows everything, so only a domain the list really filters by is carried on.
        "library_filter": f"?{urlencode({'domain': found.selected_domain})}" if found.selected_domain else "",
    }
    return render(request, "website/library.html", context)


@_not_found_as_404
def library_item(request: HttpRequest, programme_key: str, item_key: str) -> HttpResponse:
    item = linked(catalogue.library_item(programme_key, item_key), programme_key)
    # The list's filter came along in the address; back to the same list, if the item is in that domain (as
    # every item of the filtered list is), so nothing but a real filter is ever carried back.
    domain = request.GET.get("domain", "")
    back_filter = f"?{urlencode({'domain': domain})}" if domain in item.card.domain_keys else ""
    library_href = reverse("website:library", args=[programme_key]) + back_filter
    context = {
        "item": item,
        "programme": item.programme,
        "page_title": item.card.title,
        "library_href": library_href,
        "breadcrumbs": [
            _crumb(item.programme.title, reverse("website:programme", args=[programme_key])),
            _crumb("Library", library_href),
        ],
    }
    return render(request, "website/library_item.html", context)
