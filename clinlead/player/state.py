"""What a visitor has done in a session version: for signed-in learners, their learning record;
for anonymous visitors of sample sessions, their browser session only (docs/decisions/0006).

Besides answers, the player keeps two things per exercise: how many tries the learner has made (learning's
`attempts` for a learner; counted the same way in the browser session for a visitor: a different answer is a
new try, the same answer posted again is not), and whether they asked to see the right answer. That request
only changes what the page shows, so it is kept in the browser session for both, never in the learning record:
on another device a learner asks again.
"""

import secrets
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import salted_hmac

from clinlead.catalogue.data import PlayableSession
from clinlead.learning import api as learning

# The browser session key holding an anonymous visitor's own shuffle seed (made once, on their first page).
VISITOR_SEED_KEY = "play:shuffle-seed"


@dataclass(frozen=True)
class Visitor:
    """Who is playing: a signed-in learner (`user_id`), or an anonymous visitor known by their browser session."""

    user_id: int | None
    browser_session: SessionBase


class State(Protocol):
    @property
    def visited(self) -> list[int]: ...

    answers: dict[str, dict[str, Any]]
    tries: dict[str, int]
    revealed: set[str]
    view_id: uuid.UUID | None
    new_completion: learning.CompletionData | None

    def visit(self, page_number: int) -> None: ...

    def save_answer(self, exercise_key: str, answer: dict[str, Any], correct: bool | None) -> None: ...

    def reveal(self, exercise_key: str) -> None: ...

    def shuffle_seed(self, exercise_key: str) -> str: ...


def _storage_key(session: PlayableSession) -> str:
    return f"play:{session.programme.key}:{session.key}:v{session.version}"


class _Revealed:
    """The exercises whose right answer the visitor asked to see, in their browser session."""

    def __init__(self, browser_session: SessionBase, session: PlayableSession) -> None:
        self._browser_session = browser_session
        self._key = f"{_storage_key(session)}:revealed"
        self.revealed: set[str] = set(browser_session.get(self._key, []))

    def reveal(self, exercise_key: str) -> None:
        if exercise_key not in self.revealed:
            self.revealed.add(exercise_key)
            self._browser_session[self._key] = sorted(self.revealed)


def _seed(owner: str, session: PlayableSession, exercise_key: str) -> str:
    """The same for one learner and exercise on every visit; different from one learner to the next."""
    message = f"{owner}\n{session.programme.key}\n{session.key}\n{exercise_key}"
    return salted_hmac("clinlead.player.shuffle", message).hexdigest()[:16]


class BrowserState(_Revealed):
    """Anonymous visitors: kept in Django's session, keyed by programme, session and version."""

    view_id: uuid.UUID | None = None
    new_completion: learning.CompletionData | None = None

    def __init__(self, browser_session: SessionBase, session: PlayableSession) -> None:
        super().__init__(browser_session, session)
        self.browser_session = browser_session
        self.session = session
        self.storage_key = _storage_key(session)
        stored = browser_session.get(self.storage_key) or {}
        self.visited: list[int] = list(stored.get("visited", []))
        self.answers: dict[str, dict[str, Any]] = dict(stored.get("answers", {}))
        self.tries: dict[str, int] = dict(stored.get("tries", {}))

    def _save(self) -> None:
        stored = {"visited": self.visited, "answers": self.answers, "tries": self.tries}
        self.browser_session[self.storage_key] = stored

    def visit(self, page_number: int) -> None:
        # Saved on every page shown, even one seen before: that keeps the browser session (and what it holds)
        # for its full age from the visitor's last page, as the reflection box tells them.
        if page_number not in self.visited:
            self.visited.append(page_number)
        self._save()

    def save_answer(self, exercise_key: str, answer: dict[str, Any], correct: bool | None) -> None:
        if self.answers.get(exercise_key) != answer:  # as learning counts attempts: a replay is not a try
            self.tries[exercise_key] = self.tries.get(exercise_key, 0) + 1
        self.answers[exercise_key] = answer
        self._save()

    def shuffle_seed(self, exercise_key: str) -> str:
        owner = self.browser_session.get(VISITOR_SEED_KEY)
        if owner is None:
            owner = self.browser_session[VISITOR_SEED_KEY] = secrets.token_hex(16)
        return _seed(f"visitor:{owner}", self.session, exercise_key)


class LearnerState(_Revealed):
    """Signed-in learners: every view and answer goes to their learning record."""

    def __init__(self, user_id: int, session: PlayableSession, browser_session: SessionBase) -> None:
        super().__init__(browser_session, session)
        self.user_id = user_id
        self.session = session
        self.shape = learning.SessionShape(session.programme.key, session.key, session.version, session.completion_rule)
        self._visited: list[int] | None = None
        records = learning.answers(user_id, session.programme.key, session.key, session.version)
        self.answers: dict[str, dict[str, Any]] = {key: record.answer for key, record in records.items()}
        self.tries: dict[str, int] = {key: record.attempts for key, record in records.items()}
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
        if self.answers.get(exercise_key) != answer:  # learning counted it as one more attempt
            self.tries[exercise_key] = self.tries.get(exercise_key, 0) + 1
        self.answers[exercise_key] = answer
        self.new_completion = result.new_completion

    def shuffle_seed(self, exercise_key: str) -> str:
        return _seed(f"learner:{self.user_id}", self.session, exercise_key)


def state_for(visitor: Visitor, session: PlayableSession) -> State:
    if visitor.user_id is not None:
        return LearnerState(visitor.user_id, session, visitor.browser_session)
    return BrowserState(visitor.browser_session, session)
