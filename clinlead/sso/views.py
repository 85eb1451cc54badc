"""Pages of single sign-on: choosing your organisation (docs/decisions/0024)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import directory
from .origins import allowing_sign_in_forms


def choose(request: HttpRequest) -> HttpResponse:
    """Search the organisations set up for single sign-on and start signing in with one (or, with process=connect,
    add it to the signed-in person's account)."""
    query = request.GET.get("q", "")[:100]
    process = "connect" if request.GET.get("process") == "connect" and request.user.is_authenticated else "login"
    page = render(request, "sso/choose.html", {"query": query, "process": process, "choices": directory.choices(query)})
    return allowing_sign_in_forms(page)
