"""What a visitor has done in a session version, kept in their browser session.

Anonymous visitors playing sample sessions keep their answers here only. Signed-in
learners' records are written by the `learning` app once it exists (a later issue).
"""

from typing import Any

from django.http import HttpRequest


class PlayState:
    def __init__(self, request: HttpRequest, programme_key: str, session_key: str, version: int) -> None:
        self.request = request
        self.storage_key = f"play:{programme_key}:{session_key}:v{version}"
        stored = request.session.get(self.storage_key) or {}
        self.visited: list[int] = list(stored.get("visited", []))
        self.answers: dict[str, dict[str, Any]] = dict(stored.get("answers", {}))

    def _save(self) -> None:
        self.request.session[self.storage_key] = {"visited": self.visited, "answers": self.answers}

    def visit(self, page_number: int) -> None:
        if page_number not in self.visited:
            self.visited.append(page_number)
            self._save()

    def save_answer(self, exercise_key: str, answer: dict[str, Any]) -> None:
        self.answers[exercise_key] = answer
        self._save()
