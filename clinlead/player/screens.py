"""Everything a player page shows, worked out in one call per page, so that the views only parse and render.

What a learner does goes to `learning` (or, for an anonymous visitor of a sample, to their browser session);
whether that completes the session, and the certificate that follows, are learning's and certificates' business
(learning's `completion_recorded` event). The player only reports a completion it is told about.
"""

import uuid
from dataclasses import dataclass, fields
from typing import Any

from django.http import Http404
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import PlayableSession, ProgrammeSummary
from clinlead.certificates import api as certificates
from clinlead.content.data import Answer, AnswerError, Feedback, Form, Ordering, OrderingItem, Page
from clinlead.content_links import linked
from clinlead.learning import api as learning

from .state import State, Visitor, state_for


class Refused(Exception):
    """The visitor may not play this session; the page says why and what to do."""

    def __init__(self, session: PlayableSession, learner: accounts.LearnerData | None) -> None:
        super().__init__(f"no access to {session.key}")
        self.context = {
            "session": session,
            "programme": session.programme,
            "page_title": session.title,
            "learner": learner,  # None for a visitor who is not signed in
        }


class NoSuchExercise(Exception):
    """An answer was posted for an exercise that is not on the page."""


def as_context(screen: object) -> dict[str, Any]:
    """A screen's fields as a template's context (one level deep: pages and blocks stay typed)."""
    return {field.name: getattr(screen, field.name) for field in fields(screen)}  # type: ignore[arg-type]


def _playable(visitor: Visitor, programme_key: str, session_key: str, version: int | None) -> PlayableSession:
    try:
        session = catalogue.playable_session(programme_key, session_key, version)
    except catalogue.NotFound as error:
        raise Http404(str(error)) from error
    if not accounts.may_play(visitor.user_id, session.sample):
        raise Refused(session, accounts.learner(visitor.user_id) if visitor.user_id is not None else None)
    return session


def _page_url(session: PlayableSession, number: int) -> str:
    return reverse("player:page", args=[session.programme.key, session.key, session.version, number])


def start_url(visitor: Visitor, programme_key: str, session_key: str, restart: bool) -> str:
    """Where "Start" leads: the current version's first page, or the page a learner left a session on."""
    session = _playable(visitor, programme_key, session_key, None)
    if visitor.user_id is not None and not restart:
        progress = learning.session_progress(visitor.user_id, programme_key, session_key)
        if progress is not None and progress.status == "in-progress":
            return reverse("player:page", args=[programme_key, session_key, progress.version, progress.current_page])
    return _page_url(session, 1)


@dataclass(frozen=True)
class Completed:
    """A completion that the learner's last action recorded, and what to tell them about it."""

    message: str


def _completed(session: PlayableSession, state: State) -> Completed | None:
    """The learner's completion, as soon as it is recorded (its certificate was issued with it).

    If this message is lost (the server stopped before answering), the session's summary page still
    says the session is complete and names the certificate.
    """
    if state.new_completion is None:
        return None
    certificate = certificates.for_completion(state.new_completion.uuid)
    number = f", number {certificate.number}," if certificate else ""
    return Completed(f"You have completed “{session.title}”. Your certificate of completion{number} is in My learning.")


@dataclass(frozen=True)
class Answered:
    """What posting an answer did: saved (and perhaps completed the session), or an error to show."""

    exercise_key: str
    error: str
    completed: Completed | None
    redirect_url: str


def answer(visitor: Visitor, place: tuple[str, str, int, int], exercise_key: str, form: Form) -> Answered:
    """Record an answer to an exercise on a page (programme, session, version, page number)."""
    programme_key, session_key, version, number = place
    session = _playable(visitor, programme_key, session_key, version)
    exercise = _page(session, number).exercise(exercise_key)
    if exercise is None:
        raise NoSuchExercise(f"There is no exercise '{exercise_key[:100]}' on this page.")
    state = state_for(visitor, session)
    try:
        given = exercise.parse_answer(form)
    except AnswerError as error:
        return Answered(exercise_key, str(error), None, "")
    state.save_answer(exercise_key, given, exercise.is_correct(given))
    return Answered(
        exercise_key, "", _completed(session, state), f"{_page_url(session, number)}#exercise-{exercise_key}"
    )


def _page(session: PlayableSession, number: int) -> Page:
    if not 1 <= number <= len(session.pages):
        raise Http404(f"this session has pages 1 to {len(session.pages)}")
    return session.pages[number - 1]


@dataclass(frozen=True)
class ExerciseState:
    answer: Answer | None
    feedback: Feedback | None
    error: str
    items: tuple[OrderingItem, ...]  # an ordering exercise's items, in the order shown


@dataclass(frozen=True)
class PageScreen:
    session: PlayableSession
    programme: ProgrammeSummary
    page: Page  # with its references resolved
    number: int
    total: int
    percent: int
    exercises: dict[str, ExerciseState]
    errors: dict[str, str]
    page_url: str
    contents: list[dict[str, Any]]
    previous_url: str
    previous_title: str
    next_url: str
    next_title: str
    page_title: str
    view_id: uuid.UUID | None
    time_url: str
    completed: Completed | None


def page_screen(visitor: Visitor, place: tuple[str, str, int, int], errors: dict[str, str] | None = None) -> PageScreen:
    """Show a page (programme, session, version, page number) and record that the visitor saw it."""
    programme_key, session_key, version, number = place
    session = _playable(visitor, programme_key, session_key, version)
    page = linked(_page(session, number), programme_key)
    errors = errors or {}
    state = state_for(visitor, session)
    state.visit(number)
    exercises = {}
    for exercise in page.exercises:
        given = state.answers.get(exercise.key)
        exercises[exercise.key] = ExerciseState(
            answer=given,
            feedback=exercise.feedback(given) if given and exercise.key not in errors else None,
            error=errors.get(exercise.key, ""),
            items=exercise.display_order() if isinstance(exercise, Ordering) else (),
        )
    total = len(session.pages)
    summary_url = reverse("player:summary", args=[programme_key, session_key, session.version])
    return PageScreen(
        session=session,
        programme=session.programme,
        page=page,
        number=number,
        total=total,
        percent=round(100 * number / total),
        exercises=exercises,
        errors=errors,
        page_url=_page_url(session, number),
        contents=[
            {"href": _page_url(session, index), "text": p.title, "current": index == number}
            for index, p in enumerate(session.pages, start=1)
        ],
        previous_url=_page_url(session, number - 1) if number > 1 else "",
        previous_title=session.pages[number - 2].title if number > 1 else "",
        next_url=_page_url(session, number + 1) if number < total else summary_url,
        next_title=session.pages[number].title if number < total else "Summary",
        page_title=f"{page.title} – {session.title}",
        view_id=state.view_id,
        time_url=reverse("player:time", args=[programme_key, session_key, session.version]),
        completed=_completed(session, state),
    )


@dataclass(frozen=True)
class ResultRow:
    prompt_html: str
    answered: bool
    correct: bool | None
    reflection: bool
    href: str


@dataclass(frozen=True)
class SummaryScreen:
    session: PlayableSession
    programme: ProgrammeSummary
    page_title: str
    completion: learning.CompletionData | None
    certificate: certificates.CertificateData | None
    visited: int
    total: int
    results: list[ResultRow]
    answered: int
    marked_total: int
    marked_correct: int
    pass_mark: int | None
    score_percent: int | None
    back_url: str


def summary_screen(visitor: Visitor, programme_key: str, session_key: str, version: int) -> SummaryScreen:
    """The end of a session: pages seen, each exercise's result, the score, and the completion if there is one."""
    session = _playable(visitor, programme_key, session_key, version)
    state = state_for(visitor, session)
    results, correct = [], {}
    for number, page in enumerate(session.pages, start=1):
        for exercise in page.exercises:
            given = state.answers.get(exercise.key)
            correct[exercise.key] = exercise.is_correct(given) if given else None
            results.append(
                ResultRow(
                    prompt_html=exercise.prompt_html,
                    answered=given is not None,
                    correct=correct[exercise.key],
                    reflection=not exercise.marked,
                    href=f"{_page_url(session, number)}#exercise-{exercise.key}",
                )
            )
    rule = session.completion_rule
    completion = learning.session_completion(visitor.user_id, programme_key, session_key) if visitor.user_id else None
    return SummaryScreen(
        session=session,
        programme=session.programme,
        page_title=f"Summary – {session.title}",
        completion=completion,
        certificate=certificates.for_completion(completion.uuid) if completion else None,
        visited=len(set(state.visited)),
        total=len(session.pages),
        results=results,
        answered=sum(1 for row in results if row.answered),
        marked_total=len(rule.marked_exercise_keys),
        marked_correct=sum(1 for key in rule.marked_exercise_keys if correct.get(key)),
        pass_mark=rule.pass_mark,
        score_percent=rule.score_percent(correct),
        back_url=_page_url(session, len(session.pages)),
    )
