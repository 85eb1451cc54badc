"""Everything a player page shows, worked out in one call per page, so that the views only parse and render.

What a learner does goes to `learning` (or, for an anonymous visitor of a sample, to their browser session);
whether that completes the session, and the certificate that follows, are learning's and certificates' business
(learning's `completion_recorded` event). The player only reports a completion it is told about.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import PlayableSession, ProgrammeSummary
from clinlead.certificates import api as certificates
from clinlead.content.data import (
    Answer,
    AnswerError,
    Exercise,
    Feedback,
    Form,
    MultipleChoice,
    Option,
    OptionFeedback,
    Ordering,
    OrderingItem,
    Page,
    SingleChoice,
)
from clinlead.content_links import linked
from clinlead.learning import api as learning

from .state import State, Visitor, state_for

# A learner sees the right answer after this many tries (or sooner, when they ask for it).
RIGHT_ANSWER_AFTER_TRIES = 2


class Refused(Exception):
    """The visitor may not play this session; the page says why and what to do."""

    def __init__(
        self, session: PlayableSession, learner: accounts.LearnerData | None, access: accounts.PlayAccess
    ) -> None:
        super().__init__(f"no access to {session.key}")
        self.context = {
            "session": session,
            "programme": session.programme,
            "page_title": session.title,
            "learner": learner,  # None for a visitor who is not signed in
            "access": access,  # why not, in the learner's words (licence ended, no seats, not eligible)
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
    if session.sample:
        return session
    # Every page, answer and summary asks, not only Start: a licence can end, or a post, mid-session. Any of them
    # is a launch, so a learner who came by a link to page 3 takes their seat there.
    access = accounts.access_to_play(visitor.user_id, programme_key, launching=True)
    if not access.allowed:
        learner = accounts.learner(visitor.user_id) if visitor.user_id is not None else None
        raise Refused(session, learner, access)
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


def _exercise_on(session: PlayableSession, number: int, exercise_key: str) -> Exercise:
    exercise = _page(session, number).exercise(exercise_key)
    if exercise is None:
        raise NoSuchExercise(f"There is no exercise '{exercise_key[:100]}' on this page.")
    return exercise


def _exercise_url(session: PlayableSession, number: int, exercise_key: str) -> str:
    return f"{_page_url(session, number)}#exercise-{exercise_key}"


def answer(visitor: Visitor, place: tuple[str, str, int, int], exercise_key: str, form: Form) -> Answered:
    """Record an answer to an exercise on a page (programme, session, version, page number)."""
    programme_key, session_key, version, number = place
    session = _playable(visitor, programme_key, session_key, version)
    exercise = _exercise_on(session, number, exercise_key)
    state = state_for(visitor, session)
    try:
        given = exercise.parse_answer(form)
    except AnswerError as error:
        return Answered(exercise_key, str(error), None, "")
    state.save_answer(exercise_key, given, exercise.is_correct(given))
    return Answered(exercise_key, "", _completed(session, state), _exercise_url(session, number, exercise_key))


def reveal(visitor: Visitor, place: tuple[str, str, int, int], exercise_key: str) -> str:
    """The learner asked to see an exercise's right answer: remember it, and return where to show it."""
    programme_key, session_key, version, number = place
    session = _playable(visitor, programme_key, session_key, version)
    exercise = _exercise_on(session, number, exercise_key)
    if exercise.marked:
        state_for(visitor, session).reveal(exercise_key)
    return _exercise_url(session, number, exercise_key)


def _page(session: PlayableSession, number: int) -> Page:
    if not 1 <= number <= len(session.pages):
        raise Http404(f"this session has pages 1 to {len(session.pages)}")
    return session.pages[number - 1]


@dataclass(frozen=True)
class ExerciseState:
    """One exercise as this learner sees it now.

    A wrong answer first earns feedback on what the learner chose, and another try; the right answer is shown
    once they have it right, after a second try, or when they ask for it (`show_answer`).
    """

    answer: Answer | None
    feedback: Feedback | None
    error: str
    items: tuple[OrderingItem, ...]  # an ordering exercise's items, in the order shown to this learner
    options: tuple[Option, ...]  # a choice exercise's options, in the order shown to this learner
    tries: int
    show_answer: bool
    # What the form shows: the stored answer, or after an error what was posted, so nothing typed is lost.
    chosen: frozenset[str]  # option ids ticked
    positions: dict[str, str]  # item id to the position chosen ("" for none)
    text: str  # a reflection's text
    unplaced: frozenset[str]  # after an error, the ids of items posted without a position

    def error_target(self, exercise_key: str) -> str:
        """Where the error summary's link leads: the first item without a position, else the exercise."""
        for number, item in enumerate(self.items, start=1):
            if item.id in self.unplaced:
                return f"exercise-{exercise_key}-position-{number}"
        return f"exercise-{exercise_key}"

    @property
    def may_ask_for_answer(self) -> bool:
        return self.feedback is not None and self.feedback.correct is False and not self.show_answer

    def in_display_order(self, feedback_options: Sequence[OptionFeedback]) -> list[OptionFeedback]:
        """Feedback on the options, in the order the learner sees them."""
        position = {option.id: n for n, option in enumerate(self.options)}
        return sorted(feedback_options, key=lambda option: position.get(option.id, 0))


def _form_fields(given: Answer | None, posted: Form | None) -> tuple[frozenset[str], dict[str, str], str]:
    """The choices, positions and text the exercise's form shows: what was posted, else the stored answer."""
    if posted is not None:
        positions = {
            name.removeprefix("position-"): values[-1]
            for name, values in posted.items()
            if name.startswith("position-") and values
        }
        return frozenset(posted.get("choice") or []), positions, (posted.get("text") or [""])[-1]
    given = given or {}
    chosen = frozenset([given["choice"]] if "choice" in given else given.get("choices", []))
    positions = {item_id: str(n) for item_id, n in given.get("positions", {}).items()}
    return chosen, positions, given.get("text", "")


def _exercise_state(exercise: Exercise, state: State, error: str, posted: Form | None) -> ExerciseState:
    given = state.answers.get(exercise.key)
    feedback = exercise.feedback(given) if given and not error else None
    chosen, positions, text = _form_fields(given, posted if error else None)
    seed = state.shuffle_seed(exercise.key) if exercise.marked else ""
    tries = state.tries.get(exercise.key, 0)
    return ExerciseState(
        answer=given,
        feedback=feedback,
        error=error,
        items=exercise.display_order(seed) if isinstance(exercise, Ordering) else (),
        options=exercise.display_order(seed) if isinstance(exercise, (SingleChoice, MultipleChoice)) else (),
        tries=tries,
        show_answer=feedback is not None
        and (feedback.correct is not False or tries >= RIGHT_ANSWER_AFTER_TRIES or exercise.key in state.revealed),
        chosen=chosen,
        positions=positions,
        text=text,
        unplaced=frozenset(item.id for item in exercise.items if error and not positions.get(item.id))
        if isinstance(exercise, Ordering)
        else frozenset(),
    )


def where_reflections_are_kept(visitor: Visitor) -> str:
    """The truth about a reflection's keeping: a learner's is in their learning record (shown again on its page
    and in the download of their data, deleted with their account); a visitor's only in their browser session."""
    if visitor.user_id is not None:
        return (
            "Your reflection is saved in your learning record. You can read it again on this page, and it is "
            "in the download of all your data on My activity. It is deleted if you delete your account."
        )
    days = settings.SESSION_COOKIE_AGE // (24 * 60 * 60)
    return (
        "You are not signed in, so your reflection is kept in this browser only, not in an account. You will lose "
        f"it if you sign in or out, clear this site's cookies, or do not come back to this session for {days} days."
    )


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
    reflections_kept: str  # where a reflection written on this page is kept, and for how long


def page_screen(
    visitor: Visitor, place: tuple[str, str, int, int], errors: dict[str, str] | None = None, posted: Form | None = None
) -> PageScreen:
    """Show a page (programme, session, version, page number) and record that the visitor saw it; with an
    exercise's error, its form shows what was `posted`."""
    programme_key, session_key, version, number = place
    session = _playable(visitor, programme_key, session_key, version)
    page = linked(_page(session, number), programme_key)
    errors = errors or {}
    state = state_for(visitor, session)
    state.visit(number)
    exercises = {
        exercise.key: _exercise_state(exercise, state, errors.get(exercise.key, ""), posted)
        for exercise in page.exercises
    }
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
        reflections_kept=where_reflections_are_kept(visitor),
    )
