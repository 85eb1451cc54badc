"""The session player: one page at a time, exercises as plain form posts, a summary at the end.

Each view parses the request, calls one function of screens.py, and renders what it returns.
"""

import re
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from . import screens
from .state import Visitor
from .summary import summary_screen

# The pathway a learner is following, per programme, remembered in their browser session for the summary's
# "next session" (the pathway page's links and the session page's Start button carry `?pathway=`).
PATHWAY_KEY = "play:pathway:{programme_key}"


def _visitor(request: HttpRequest) -> Visitor:
    return Visitor(request.user.pk if request.user.is_authenticated else None, request.session)


def _pathway(request: HttpRequest, programme_key: str) -> str:
    """The pathway named in the address (then remembered), else the one remembered; "" for the first."""
    key = PATHWAY_KEY.format(programme_key=programme_key)
    named = request.GET.get("pathway", "")
    if named and len(named) <= 100 and re.fullmatch(r"[-a-zA-Z0-9_]+", named):
        if request.session.get(key) != named:
            request.session[key] = named
        return named
    remembered = request.session.get(key, "")
    return remembered if isinstance(remembered, str) else ""


def _see_other(url: str) -> HttpResponse:
    response = redirect(url)
    response.status_code = 303  # See Other: reloading the page does not post the form again
    return response


def _refused(request: HttpRequest, refused: screens.Refused) -> HttpResponse:
    return render(request, "player/needs_account.html", refused.context, status=403)


def start(request: HttpRequest, programme_key: str, session_key: str) -> HttpResponse:
    """Start the current version, or resume a session in progress where the learner left it."""
    _pathway(request, programme_key)
    try:
        return redirect(screens.start_url(_visitor(request), programme_key, session_key, "restart" in request.GET))
    except screens.Refused as refused:
        return _refused(request, refused)


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, programme_key: str, session_key: str, version: int, number: int) -> HttpResponse:
    visitor, place = _visitor(request), (programme_key, session_key, version, number)
    errors: dict[str, str] = {}
    try:
        if request.method == "POST" and "reveal" in request.POST:
            return _see_other(screens.reveal(visitor, place, request.POST.get("exercise", "")))
        if request.method == "POST":
            answered = screens.answer(visitor, place, request.POST.get("exercise", ""), dict(request.POST.lists()))
            if answered.completed:
                messages.success(request, answered.completed.message)
            if not answered.error:
                return _see_other(answered.redirect_url)
            errors = {answered.exercise_key: answered.error}
        screen = screens.page_screen(visitor, place, errors, dict(request.POST.lists()) if errors else None)
    except screens.Refused as refused:
        return _refused(request, refused)
    except screens.NoSuchExercise as error:
        return HttpResponseBadRequest(str(error))
    if screen.completed:
        messages.success(request, screen.completed.message)
    context = screens.as_context(screen)
    context["cohort_url"] = _use_with_a_cohort(request, programme_key, session_key, context.get("page"))
    return render(request, "player/page.html", context)


def _use_with_a_cohort(request: HttpRequest, programme_key: str, session_key: str, shown: object) -> str:
    """Where a page's trainer resources link to for someone who may run cohorts (issue 12): the cohorts' assign
    form with this session chosen. Asked only on pages that have trainer resources, so other pages cost nothing."""
    blocks = getattr(shown, "blocks", ())
    if not request.user.is_authenticated or not any(getattr(b, "kind", "") == "trainer-resources" for b in blocks):
        return ""
    if organisations.scope(request.user.pk, organisations.Action.RUN_COHORTS).nowhere:
        return ""
    return reverse("cohorts:assign") + "?" + urlencode({"programme": programme_key, "session": session_key})


@require_POST
def time_on_page(request: HttpRequest, programme_key: str, session_key: str, version: int) -> HttpResponse:
    """Beacons from the player page: seconds a page has been on screen in one view (idempotent)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)  # anonymous visitors' time is not recorded anywhere
    try:
        view_id = uuid.UUID(request.POST.get("view_id", ""))
        seconds = int(request.POST.get("seconds", ""))
    except ValueError:
        return HttpResponseBadRequest("view_id must be a UUID and seconds a whole number")
    if not learning.record_time(request.user.pk, (programme_key, session_key, version), view_id, seconds):
        return HttpResponseBadRequest("no such page view of this session version for this learner")
    return HttpResponse(status=204)


def summary(request: HttpRequest, programme_key: str, session_key: str, version: int) -> HttpResponse:
    pathway = _pathway(request, programme_key)
    try:
        screen = summary_screen(_visitor(request), (programme_key, session_key, version), pathway)
    except screens.Refused as refused:
        return _refused(request, refused)
    return render(request, "player/summary.html", screens.as_context(screen))
