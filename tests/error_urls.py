"""The site's URLs and one view that fails, for the tests of the page shown when the server fails."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from clinlead.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure of ours, for the test")


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("not for you")


urlpatterns = [path("fail-for-test/", fail), path("refuse-for-test/", refuse), *urlpatterns]
