"""What a visitor has done in a session version: for signed-in learners, their learning record;
for anonymous visitors of sample sessions, their browser session only (docs/decisions/0006)."""

import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.sessions.backends.base import SessionBase

from clinlead.catalogue.data import PlayableSession
from clinlead.learning import api as learning


@dataclass(frozen=True)
class Visitor:
    """Who is playing: a signed-in learner (`user_id`), or an anonymous visitor known by their browser session."""

    user_id: int | None
    browser_session: SessionBase


class State(Protocol):
    @property
    def visited(self) -> list[int]: ...

    answers: dict[str, dict[str, Any]]
    view_id: uuid.UUID | None
    new_completion: learning.CompletionData | None

    def visit(self, page_number: int) -> None: ...

    def save_answer(self, exercise_key: str, answer: dict[str, Any], correct: bool | None) -> None: ...


class BrowserState:
    """Anonymous visitors: kept in Django's session, keyed by programme, session and version."""

    view_id: uuid.UUID | None = None
    new_completion: learning.CompletionData | None = None

    def __init__(self, browser_session: SessionBase, session: PlayableSession) -> None:
        self.browser_session = browser_session
        self.storage_key = f"play:{session.programme.key}:{session.key}:v{session.version}"
        stored = browser_session.get(self.storage_key) or {}
        self.visited: list[int] = list(stored.get("visited", []))
        self.answers: dict[str, dict[str, Any]] = dict(stored.get("answers", {}))

    def _save(self) -> None:
        self.browser_session[self.storage_key] = {"visited": self.visited, "answers": self.answers}

    def visit(self, page_number: int) -> None:
        if page_number not in self.visited:
            self.visited.append(page_number)
            self._save()

    def save_answer(self, exercise_key: str, answer: dict[str, Any], correct: bool | None) -> None:
        self.answers[exercise_key] = answer
        self._save()


class LearnerState:
    """Signed-in learners: every view and answer goes to their learning record."""

    def __init__(self, user_id: int, session: PlayableSession) -> None:
        self.user_id = user_id
        self.session = session
        self.shape = learning.SessionShape(session.programme.key, session.key, session.version, session.completion_rule)
        self._visited: list[int] | None = None
        records = learning.answers(user_id, session.programme.key, session.key, session.version)
        self.answers: dict[str, dict[str, Any]] = {key: record.answer for key, record in records.items()}
        self.view_id: uuid.UUID | None = None
        self.new_completion: learning.CompletionData | None = None

    @property
    def visited(self) -> list[int]:
        """Pages viewed in this version: known after visit(), read from the record otherwise."""
        if self._visited is None:
            progress = learning.session_progress(self.user_id, self.session.programme.key, self.session.key)
            in_version = progress is not None and progress.version == self.session.version
            self._visited = list(progress.pages_viewed) if progress and in_version else []
        return self._visited

    def visit(self, page_number: int) -> None:
        self.view_id, result = learning.record_page_view(self.user_id, self.shape, page_number)
        self._visited = list(result.progress.pages_viewed)
        self.new_completion = result.new_completion

    def save_answer(self, exercise_key: str, answer: dict[str, Any], correct: bool | None) -> None:
        result = learning.record_answer(self.user_id, self.shape, exercise_key, answer, correct)
        self.answers[exercise_key] = answer
        self.new_completion = result.new_completion


def state_for(visitor: Visitor, session: PlayableSession) -> State:
    if visitor.user_id is not None:
        return LearnerState(visitor.user_id, session)
    return BrowserState(visitor.browser_session, session)
