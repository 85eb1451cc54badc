"""Exercises, one type each: what they ask, what counts as an answer, what is correct, and the feedback it earns.

An answer is plain JSON (as learning stores it), always made by `parse_answer` from a submitted form and
read back by `is_correct` and `feedback`. Feedback is worked out again from the stored answer every time it
is shown, so there is one source of truth for what the learner sees. Reflections are never marked.
"""

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from .references import NO_HTML, Html

REFLECTION_MAX_CHARS = 5000

# A submitted form, each field with its values (`dict(request.POST.lists())`).
Form = Mapping[str, Sequence[str]]
# An answer as it is stored: {"choice": "a"}, {"choices": ["a", "c"]}, {"text": "..."} or {"positions": {id: n}}.
Answer = dict[str, Any]


class AnswerError(ValueError):
    """What is wrong with a submitted answer, in words for the learner."""


@dataclass(frozen=True)
class Option:
    id: str  # "a", "b", ... in the order written
    text_html: Html
    correct: bool
    feedback_html: Html


@dataclass(frozen=True)
class OrderingItem:
    id: str  # stable, and gives nothing away about the item's right position (see Ordering.item_id)
    text: str


@dataclass(frozen=True)
class OptionFeedback:
    id: str
    text_html: Html
    chosen: bool
    correct: bool
    feedback_html: Html


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
    explanation_html: Html = NO_HTML


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[-1]


def _shuffled(items: Sequence[Any], seed: str) -> list[Any]:
    """The items in an order fixed by the seed: the same seed always gives the same order."""
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a display order, not a secret
    return shuffled


def _quoted_list(texts: Sequence[str]) -> str:
    """“A”, “B” and “C”: items named in a sentence, in the learner's words."""
    quoted = [f"“{text}”" for text in texts]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


@dataclass(frozen=True, kw_only=True)
class _Exercise:
    key: str
    prompt_html: Html
    hint: str
    required: bool  # must be answered for the session to count as completed

    kind: ClassVar[str] = "exercise"
    type: ClassVar[str]
    marked: ClassVar[bool] = True  # counts towards the session's score


@dataclass(frozen=True, kw_only=True)
class _Choice(_Exercise):
    options: tuple[Option, ...]

    @property
    def right_choices(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    def _chosen(self, answer: Answer) -> frozenset[str]:
        raise NotImplementedError

    def display_order(self, seed: str) -> tuple[Option, ...]:
        """The options in an order fixed by the seed (the player gives each learner their own); ids are
        unchanged, so answers and records do not depend on the order shown."""
        return tuple(_shuffled(self.options, f"{seed}:{self.key}"))

    def is_correct(self, answer: Answer) -> bool:
        return self._chosen(answer) == self.right_choices

    def feedback(self, answer: Answer) -> Feedback:
        chosen = self._chosen(answer)
        options = tuple(
            OptionFeedback(o.id, o.text_html, o.id in chosen, o.correct, o.feedback_html) for o in self.options
        )
        return Feedback(correct=self.is_correct(answer), options=options)


@dataclass(frozen=True, kw_only=True)
class SingleChoice(_Choice):
    """One right option among several."""

    type: ClassVar[str] = "single"

    def parse_answer(self, form: Form) -> Answer:
        """The chosen option, or AnswerError saying what to fix."""
        choice = _one(form, "choice")
        if not choice:
            raise AnswerError("Choose an answer")
        if choice not in {option.id for option in self.options}:
            raise AnswerError("That answer is not one of the options: choose one of those shown")
        return {"choice": choice}

    def _chosen(self, answer: Answer) -> frozenset[str]:
        return frozenset({answer["choice"]})


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(_Choice):
    """Every right option among several, and none of the others."""

    type: ClassVar[str] = "multiple"

    def parse_answer(self, form: Form) -> Answer:
        """The chosen options, or AnswerError saying what to fix."""
        choices = [choice for choice in form.get("choice") or [] if choice]
        if not choices:
            raise AnswerError("Choose at least one answer")
        if any(choice not in {option.id for option in self.options} for choice in choices):
            raise AnswerError("Some answers are not among the options: choose from those shown")
        return {"choices": sorted(set(choices))}

    def _chosen(self, answer: Answer) -> frozenset[str]:
        return frozenset(answer["choices"])


@dataclass(frozen=True, kw_only=True)
class Ordering(_Exercise):
    """Items to put in order; the content lists them in the right order."""

    items: tuple[OrderingItem, ...]
    feedback_html: Html

    type: ClassVar[str] = "ordering"

    @staticmethod
    def item_id(exercise_key: str, text: str) -> str:
        """A stable id for an item to order that does not give its right position away."""
        return hashlib.sha256(f"{exercise_key}\n{text}".encode()).hexdigest()[:10]

    def display_order(self, seed: str = "") -> tuple[OrderingItem, ...]:
        """The items in a shuffle fixed by the seed (the player gives each learner their own) that is never
        already the right order."""
        shuffled = _shuffled(self.items, f"{seed}:{self.key}" if seed else self.key)
        if shuffled == list(self.items):
            shuffled = shuffled[1:] + shuffled[:1]
        return tuple(shuffled)

    def parse_answer(self, form: Form) -> Answer:
        """Each item's position, or AnswerError saying what to fix (naming every item still without one)."""
        # Named in the order the form lists them (the order the learner sees), never in the right order.
        form_order = {name.removeprefix("position-"): n for n, name in enumerate(form) if name.startswith("position-")}
        shown = sorted(self.items, key=lambda item: (form_order.get(item.id, len(form_order)), item.text))
        unplaced = [item.text for item in shown if not _one(form, f"position-{item.id}")]
        if unplaced:
            raise AnswerError(f"Choose a position for {_quoted_list(unplaced)}")
        positions: dict[str, int] = {}
        for item in self.items:
            raw = _one(form, f"position-{item.id}")
            try:
                position = int(raw)
            except ValueError:
                raise AnswerError(f"The position for “{item.text}” must be a number") from None
            if not 1 <= position <= len(self.items):
                raise AnswerError(f"The position for “{item.text}” must be from 1 to {len(self.items)}")
            positions[item.id] = position
        if len(set(positions.values())) != len(self.items):
            raise AnswerError("Give each item a different position")
        return {"positions": positions}

    def is_correct(self, answer: Answer) -> bool:
        return all(answer["positions"][item.id] == index for index, item in enumerate(self.items, start=1))

    def feedback(self, answer: Answer) -> Feedback:
        items = tuple(
            ItemFeedback(item.text, answer["positions"][item.id], index)
            for index, item in enumerate(self.items, start=1)
        )
        return Feedback(correct=self.is_correct(answer), items=items, explanation_html=self.feedback_html)


@dataclass(frozen=True, kw_only=True)
class Reflection(_Exercise):
    """The learner's own words, kept for them and never marked."""

    guidance_html: Html

    type: ClassVar[str] = "reflection"
    marked: ClassVar[bool] = False

    def parse_answer(self, form: Form) -> Answer:
        """The reflection's text, or AnswerError saying what to fix."""
        text = _one(form, "text").strip()
        if not text:
            raise AnswerError("Write your reflection before saving it")
        if len(text) > REFLECTION_MAX_CHARS:
            raise AnswerError(
                f"Your reflection is {len(text):,} characters long: shorten it to {REFLECTION_MAX_CHARS:,} or fewer"
            )
        return {"text": text}

    def is_correct(self, answer: Answer) -> None:
        return None

    def feedback(self, answer: Answer) -> Feedback:
        return Feedback(correct=None, text=answer["text"], explanation_html=self.guidance_html)


Exercise = SingleChoice | MultipleChoice | Ordering | Reflection
EXERCISE_CLASSES = (SingleChoice, MultipleChoice, Ordering, Reflection)
EXERCISE_TYPES = tuple(cls.type for cls in EXERCISE_CLASSES)
