"""The session player: one page at a time, exercises as plain form posts, a summary at the end."""

import random
import uuid
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clinlead.accounts import api as accounts
from clinlead.authoring.data import Block, Page
from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import PlayableSession
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning

from .answers import AnswerError, feedback_for, parse_answer
from .state import State, state_for


def _load(request: HttpRequest, programme_key: str, session_key: str, version: int | None) -> PlayableSession:
    try:
        session = catalogue.playable_session(programme_key, session_key, version)
    except catalogue.NotFound as error:
        raise Http404(str(error)) from error
    return session


def _forbidden(request: HttpRequest, session: PlayableSession) -> HttpResponse:
    learner = accounts.learner(request.user.pk) if request.user.is_authenticated else None
    context = {"session": session, "programme": session.programme, "page_title": session.title, "learner": learner}
    return render(request, "player/needs_account.html", context, status=403)


def _may_play(request: HttpRequest, session: PlayableSession) -> bool:
    """Samples are open to all; other sessions to signed-in learners with free access."""
    if session.sample:
        return True
    return request.user.is_authenticated and accounts.learner(request.user.pk).eligible_for_free_access


def start(request: HttpRequest, programme_key: str, session_key: str) -> HttpResponse:
    """Start the current version, or resume a session in progress where the learner left it."""
    session = _load(request, programme_key, session_key, None)
    if not _may_play(request, session):
        return _forbidden(request, session)
    if request.user.is_authenticated:
        progress = learning.session_progress(request.user.pk, programme_key, session_key)
        if progress is not None and progress.status == "in-progress" and "restart" not in request.GET:
            return redirect("player:page", programme_key, session_key, progress.version, progress.current_page)
    return redirect("player:page", programme_key, session_key, session.version, 1)


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, programme_key: str, session_key: str, version: int, number: int) -> HttpResponse:
    session = _load(request, programme_key, session_key, version)
    if not _may_play(request, session):
        return _forbidden(request, session)
    if not 1 <= number <= len(session.pages):
        raise Http404(f"this session has pages 1 to {len(session.pages)}")
    current_page = session.pages[number - 1]
    state = state_for(request, session)
    errors: dict[str, str] = {}
    if request.method == "POST":
        exercise_key = request.POST.get("exercise", "")
        exercise = _exercise_on_page(current_page, exercise_key)
        if exercise is None:
            return HttpResponseBadRequest(f"There is no exercise '{exercise_key[:100]}' on this page.")
        try:
            answer = parse_answer(exercise, request.POST)
            state.save_answer(exercise_key, answer, feedback_for(exercise, answer).correct)
        except AnswerError as error:
            errors[exercise_key] = str(error)
        else:
            _announce_completion(request, session, state)
            # 303 so that reloading the page does not post the answer again.
            url = reverse("player:page", args=[programme_key, session_key, version, number])
            response = redirect(f"{url}#exercise-{exercise_key}")
            response.status_code = 303
            return response
    state.visit(number)
    _announce_completion(request, session, state)
    context = _page_context(session, number, state, errors)
    return render(request, "player/page.html", context)


def _announce_completion(request: HttpRequest, session: PlayableSession, state: State) -> None:
    """Tell the learner the moment a completion is recorded (its certificate was issued with it).

    If this message is lost (the server stopped before answering), the session's summary page
    still says the session is complete and names the certificate.
    """
    if state.new_completion is not None:
        certificate = certificates.for_completion(state.new_completion.uuid)
        number = f", number {certificate.number}," if certificate else ""
        messages.success(
            request,
            f"You have completed “{session.title}”. Your certificate of completion{number} is in My learning.",
        )


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


def _exercise_on_page(page: Page, exercise_key: str) -> dict[str, Any] | None:
    for block in page.blocks:
        if block.kind == "exercise" and block.data.get("key") == exercise_key:
            return block.data
    return None


def shuffled_items(exercise: dict[str, Any]) -> list[dict[str, str]]:
    """The items to order in a fixed shuffle that is never already the right order."""
    items = list(exercise["items"])
    shuffled = items[:]
    random.Random(exercise["key"]).shuffle(shuffled)  # noqa: S311 - a display order, not a secret
    if shuffled == items:
        shuffled = shuffled[1:] + shuffled[:1]
    return shuffled


def _page_context(session: PlayableSession, number: int, state: State, errors: dict[str, str]) -> dict[str, Any]:
    total = len(session.pages)
    page = session.pages[number - 1]
    exercises = {}
    for block in page.blocks:
        if block.kind != "exercise":
            continue
        key = block.data["key"]
        answer = state.answers.get(key)
        exercises[key] = {
            "answer": answer,
            "feedback": feedback_for(block.data, answer) if answer and key not in errors else None,
            "error": errors.get(key, ""),
            "items": shuffled_items(block.data) if block.data["type"] == "ordering" else [],
        }
    base = (session.programme.key, session.key, session.version)
    return {
        "session": session,
        "programme": session.programme,
        "page": page,
        "number": number,
        "total": total,
        "percent": round(100 * number / total),
        "exercises": exercises,
        "errors": errors,
        "page_url": reverse("player:page", args=[*base, number]),
        "contents": [
            {"href": reverse("player:page", args=[*base, index + 1]), "text": p.title, "current": index + 1 == number}
            for index, p in enumerate(session.pages)
        ],
        "previous_url": reverse("player:page", args=[*base, number - 1]) if number > 1 else "",
        "previous_title": session.pages[number - 2].title if number > 1 else "",
        "next_url": reverse("player:page", args=[*base, number + 1])
        if number < total
        else reverse("player:summary", args=base),
        "next_title": session.pages[number].title if number < total else "Summary",
        "page_title": f"{page.title} – {session.title}",
        "view_id": state.view_id,
        "time_url": reverse("player:time", args=base),
    }


def summary(request: HttpRequest, programme_key: str, session_key: str, version: int) -> HttpResponse:
    session = _load(request, programme_key, session_key, version)
    if not _may_play(request, session):
        return _forbidden(request, session)
    state = state_for(request, session)
    results = []
    for number, page in enumerate(session.pages, start=1):
        for block in page.blocks:
            if block.kind == "exercise":
                results.append(_result_row(session, number, block, state))
    marked = [row for row in results if not row["reflection"]]
    completion = (
        learning.session_completion(request.user.pk, programme_key, session_key)
        if request.user.is_authenticated
        else None
    )
    context = {
        "completion": completion,
        "certificate": certificates.for_completion(completion.uuid) if completion else None,
        "session": session,
        "programme": session.programme,
        "page_title": f"Summary – {session.title}",
        "visited": len(set(state.visited)),
        "total": len(session.pages),
        "results": results,
        "answered": sum(1 for row in results if row["answered"]),
        "marked_total": len(marked),
        "marked_correct": sum(1 for row in marked if row["correct"]),
        "pass_mark": session.pass_mark,
        "score_percent": round(100 * sum(1 for row in marked if row["correct"]) / len(marked)) if marked else None,
        "back_url": reverse("player:page", args=[programme_key, session_key, version, len(session.pages)]),
    }
    return render(request, "player/summary.html", context)


def _result_row(session: PlayableSession, number: int, block: Block, state: State) -> dict[str, Any]:
    key = block.data["key"]
    answer = state.answers.get(key)
    feedback = feedback_for(block.data, answer) if answer else None
    return {
        "prompt_html": block.data["prompt_html"],
        "answered": answer is not None,
        "correct": feedback.correct if feedback else None,
        "reflection": block.data["type"] == "reflection",
        "href": reverse("player:page", args=[session.programme.key, session.key, session.version, number])
        + f"#exercise-{key}",
    }
