"""The pages shown when something goes wrong: not found (404), not allowed (403), a form sent without its security
token (CSRF, 403) and a failure of ours (500). Each says what happened in plain words and offers a way back: the
programme's home page, and the page the person came from when their browser says which it was."""

from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


def _came_from(request: HttpRequest) -> str:
    """The page that linked here, if it is one of ours: a "go back" that works without JavaScript."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""


def _page(request: HttpRequest, template: str, title: str, status: int) -> HttpResponse:
    context: dict[str, Any] = {"page_title": title, "came_from": _came_from(request)}
    return render(request, template, context, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/404.html", "Page not found", HTTPStatus.NOT_FOUND)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "errors/403.html", "You cannot see this page", HTTPStatus.FORBIDDEN)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: usually a form left open for a long time, or a browser that refuses cookies."""
    return _page(request, "errors/csrf_failure.html", "Your form could not be sent", HTTPStatus.FORBIDDEN)


def server_error(request: HttpRequest) -> HttpResponse:
    """Drawn without the database, which may be what failed: no session, no user, no messages, and the
    programme's name only if this process already knows it (clinlead/jinja2.py)."""
    body = render_to_string("errors/500.html", {"page_title": "Sorry, there is a problem with the service"})
    return HttpResponse(body, status=HTTPStatus.INTERNAL_SERVER_ERROR)
