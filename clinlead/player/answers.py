"""Reading a learner's answer from a form, and the feedback it earns.

An answer is stored as plain JSON; feedback is always worked out again from the stored
answer and the exercise, so there is one source of truth for what the learner sees.
"""

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

REFLECTION_MAX_CHARS = 5000


class AnswerError(ValueError):
    """What is wrong with a submitted answer, in words for the learner."""


@dataclass(frozen=True)
class OptionFeedback:
    id: str
    text_html: str
    chosen: bool
    correct: bool
    feedback_html: str


@dataclass(frozen=True)
class ItemFeedback:
    text: str
    given_position: int
    right_position: int


@dataclass(frozen=True)
class Feedback:
    """`correct` is None for reflections, which are never marked."""

    correct: bool | None
    options: tuple[OptionFeedback, ...] = ()
    items: tuple[ItemFeedback, ...] = ()
    text: str = ""
    explanation_html: str = ""


def parse_answer(exercise: dict[str, Any], form: QueryDict) -> dict[str, Any]:
    """Turn the submitted form into an answer, or raise AnswerError saying what to fix."""
    kind = exercise["type"]
    if kind == "single":
        option_ids = {option["id"] for option in exercise["options"]}
        choice = form.get("choice", "")
        if not choice:
            raise AnswerError("Choose an answer")
        if choice not in option_ids:
            raise AnswerError("That answer is not one of the options: choose one of those shown")
        return {"choice": choice}
    if kind == "multiple":
        option_ids = {option["id"] for option in exercise["options"]}
        choices = form.getlist("choice")
        if not choices:
            raise AnswerError("Choose at least one answer")
        unknown = [choice for choice in choices if choice not in option_ids]
        if unknown:
            raise AnswerError("Some answers are not among the options: choose from those shown")
        return {"choices": sorted(set(choices))}
    if kind == "reflection":
        text = form.get("text", "").strip()
        if not text:
            raise AnswerError("Write your reflection before saving it")
        if len(text) > REFLECTION_MAX_CHARS:
            raise AnswerError(
                f"Your reflection is {len(text):,} characters long: shorten it to {REFLECTION_MAX_CHARS:,} or fewer"
            )
        return {"text": text}
    if kind == "ordering":
        return {"positions": _ordering_positions(exercise, form)}
    raise AnswerError(f"This exercise cannot be answered ({kind})")


def _ordering_positions(exercise: dict[str, Any], form: QueryDict) -> dict[str, int]:
    items = exercise["items"]
    positions: dict[str, int] = {}
    for item in items:
        raw = form.get(f"position-{item['id']}", "")
        if not raw:
            raise AnswerError(f"Choose a position for “{item['text']}”")
        try:
            position = int(raw)
        except ValueError:
            raise AnswerError(f"The position for “{item['text']}” must be a number") from None
        if not 1 <= position <= len(items):
            raise AnswerError(f"The position for “{item['text']}” must be from 1 to {len(items)}")
        positions[item["id"]] = position
    if len(set(positions.values())) != len(items):
        raise AnswerError("Give each item a different position")
    return positions


def feedback_for(exercise: dict[str, Any], answer: dict[str, Any]) -> Feedback:
    kind = exercise["type"]
    if kind in ("single", "multiple"):
        chosen = {answer["choice"]} if kind == "single" else set(answer["choices"])
        options = tuple(
            OptionFeedback(o["id"], o["text_html"], o["id"] in chosen, o["correct"], o["feedback_html"])
            for o in exercise["options"]
        )
        right = {o.id for o in options if o.correct}
        return Feedback(correct=chosen == right, options=options)
    if kind == "ordering":
        items = tuple(
            ItemFeedback(item["text"], answer["positions"][item["id"]], index + 1)
            for index, item in enumerate(exercise["items"])
        )
        return Feedback(
            correct=all(i.given_position == i.right_position for i in items),
            items=items,
            explanation_html=exercise["feedback_html"],
        )
    return Feedback(correct=None, text=answer["text"], explanation_html=exercise.get("guidance_html", ""))
