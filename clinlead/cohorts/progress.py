"""The group's progress, for the trainer: per session (who has completed, is in progress, has not started), per
exercise (how many answered, how many got it wrong first time), the hardest exercises as a chart, and the
reflections of the members who share them. A fixed number of queries whatever the number of members."""

import re
from collections import defaultdict
from dataclasses import dataclass
from html import unescape

from markupsafe import Markup

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning

from . import queries
from .chart import Bar, bar_chart

TAG = re.compile(r"<[^>]+>")
HARDEST_SHOWN = 10


@dataclass(frozen=True)
class SessionRow:
    programme_key: str
    session_key: str
    title: str
    due_on: object
    completed: tuple[str, ...]
    in_progress: tuple[str, ...]
    not_started: tuple[str, ...]


@dataclass(frozen=True)
class ExerciseRow:
    session_title: str
    page_number: int
    exercise_key: str
    prompt: str
    answered: int
    wrong_first_time: int

    @property
    def label(self) -> str:
        return f"{self.session_title}, page {self.page_number}: {self.prompt}"


@dataclass(frozen=True)
class Reflection:
    name: str
    session_title: str
    prompt: str
    text: str


@dataclass(frozen=True)
class GroupProgress:
    sessions: tuple[SessionRow, ...]
    exercises: tuple[ExerciseRow, ...]
    hardest: tuple[ExerciseRow, ...]
    chart: Markup | None
    reflections: tuple[Reflection, ...]


def _text(html: str) -> str:
    return " ".join(unescape(TAG.sub(" ", html)).split())


def wrong_first_time(answer: learning.GroupAnswer) -> bool:
    """Wrong now, or answered more than once: learning keeps the latest answer and counts the different answers
    given, and a learner whose first answer was right has no reason to give another (docs/decisions/0026)."""
    return answer.correct is False or answer.attempts > 1


def group_progress(cohort_id: int) -> GroupProgress:
    assigned = queries.assignments_of(cohort_id)
    members = queries.member_ids(cohort_id)
    names = {p.user_id: p.name for p in accounts.people(members).values()}
    by_programme: dict[str, list[str]] = defaultdict(list)
    for a in assigned:
        by_programme[a.programme_key].append(a.session_key)
    status: dict[tuple[str, str, int], str] = {}
    answers: list[tuple[str, learning.GroupAnswer]] = []
    reflections: list[tuple[str, learning.GroupAnswer]] = []
    sharing = set(queries.sharing_member_ids(cohort_id))
    for programme_key, keys in by_programme.items():
        for p in learning.group_progress(members, programme_key, keys):
            status[programme_key, p.session_key, p.user_id] = p.status
        answers += [(programme_key, a) for a in learning.group_answers(members, programme_key, keys)]
        if sharing:
            shared = learning.group_answers(sorted(sharing), programme_key, keys, reflections=True)
            reflections += [(programme_key, r) for r in shared]
    sessions = {(a.programme_key, a.session_key): _session(a.programme_key, a.session_key) for a in assigned}

    rows = []
    for a in assigned:
        by_state: dict[str, list[str]] = {"completed": [], "in-progress": [], "": []}
        for user_id in members:
            by_state[status.get((a.programme_key, a.session_key, user_id), "")].append(names.get(user_id, ""))
        title = sessions[a.programme_key, a.session_key][0]
        rows.append(
            SessionRow(
                a.programme_key,
                a.session_key,
                title,
                a.due_on,
                *(tuple(sorted(by_state[state])) for state in ("completed", "in-progress", "")),
            )
        )

    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for programme_key, answer in answers:
        count = counts[programme_key, answer.session_key, answer.exercise_key]
        count[0] += 1
        count[1] += wrong_first_time(answer)
    exercises = []
    for a in assigned:
        title, marked, _ = sessions[a.programme_key, a.session_key]
        for page_number, key, prompt in marked:
            answered, wrong = counts.get((a.programme_key, a.session_key, key), [0, 0])
            exercises.append(ExerciseRow(title, page_number, key, prompt, answered, wrong))
    hardest = tuple(
        sorted((e for e in exercises if e.wrong_first_time), key=lambda e: (-e.wrong_first_time, -e.answered))
    )[:HARDEST_SHOWN]
    chart = None
    if hardest:
        chart = bar_chart(
            "hardest-exercises",
            "The exercises the group found hardest",
            "How many members got each exercise wrong the first time, hardest first: "
            + "; ".join(f"{e.label}: {e.wrong_first_time} of {e.answered}" for e in hardest),
            [Bar(e.label, e.wrong_first_time, e.answered) for e in hardest],
        )
    shared_reflections = []
    for programme_key, r in reflections:
        title, _, prompts = sessions[programme_key, r.session_key]
        shared_reflections.append(Reflection(names.get(r.user_id, ""), title, prompts.get(r.exercise_key, ""), r.text))
    return GroupProgress(tuple(rows), tuple(exercises), hardest, chart, tuple(shared_reflections))


def _session(programme_key: str, session_key: str) -> tuple[str, list[tuple[int, str, str]], dict[str, str]]:
    """The session's title, its marked exercises in order (page, key, prompt), and its reflections' prompts."""
    try:
        session = catalogue.playable_session(programme_key, session_key, None)
    except catalogue.NotFound:
        return session_key, [], {}
    marked, reflections = [], {}
    for number, page in enumerate(session.pages, start=1):
        for exercise in page.exercises:
            if exercise.marked:
                marked.append((number, exercise.key, _text(exercise.prompt_html)))
            else:
                reflections[exercise.key] = _text(exercise.prompt_html)
    return session.title, marked, reflections
