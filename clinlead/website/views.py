"""The public programme site. Each view reads one thing from the catalogue and renders it."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning


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
    overview = catalogue.programme_overview(programme_key)
    enrolled = request.user.is_authenticated and learning.is_enrolled(request.user.pk, programme_key)
    context = {"overview": overview, "programme": overview.programme, "enrolled": enrolled}
    return render(request, "website/programme.html", context)


@_not_found_as_404
def page(request: HttpRequest, programme_key: str, slug: str) -> HttpResponse:
    site_page = catalogue.site_page(programme_key, slug)
    context = {
        "site_page": site_page,
        "programme": site_page.programme,
        "page_title": site_page.title,
        "breadcrumbs": [_crumb(site_page.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/page.html", context)


@_not_found_as_404
def framework(request: HttpRequest, programme_key: str) -> HttpResponse:
    found = catalogue.framework(programme_key)
    context = {
        "framework": found,
        "programme": found.programme,
        "page_title": found.title,
        "breadcrumbs": [_crumb(found.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/framework.html", context)


@_not_found_as_404
def pathway(request: HttpRequest, programme_key: str, pathway_key: str) -> HttpResponse:
    found = catalogue.pathway(programme_key, pathway_key)
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
    overview = catalogue.session_overview(programme_key, session_key)
    context = {
        "session": overview,
        "programme": overview.programme,
        "page_title": overview.title,
        "breadcrumbs": [
            _crumb(overview.programme.title, reverse("website:programme", args=[programme_key])),
            _crumb("Sessions", reverse("website:sessions", args=[programme_key])),
        ],
        # The same rule as the player's: samples for everyone, the rest for learners with free access.
        "can_play": overview.sample
        or (request.user.is_authenticated and accounts.learner(request.user.pk).eligible_for_free_access),
        "progress": (
            learning.session_progress(request.user.pk, programme_key, session_key)
            if request.user.is_authenticated
            else None
        ),
    }
    return render(request, "website/session.html", context)


@_not_found_as_404
def library(request: HttpRequest, programme_key: str) -> HttpResponse:
    found = catalogue.library(programme_key, domain_key=request.GET.get("domain", ""))
    context = {
        "library": found,
        "programme": found.programme,
        "page_title": "Library",
        "breadcrumbs": [_crumb(found.programme.title, reverse("website:programme", args=[programme_key]))],
    }
    return render(request, "website/library.html", context)


@_not_found_as_404
def library_item(request: HttpRequest, programme_key: str, item_key: str) -> HttpResponse:
    item = catalogue.library_item(programme_key, item_key)
    context = {
        "item": item,
        "programme": item.programme,
        "page_title": item.card.title,
        "breadcrumbs": [
            _crumb(item.programme.title, reverse("website:programme", args=[programme_key])),
            _crumb("Library", reverse("website:library", args=[programme_key])),
        ],
    }
    return render(request, "website/library_item.html", context)
