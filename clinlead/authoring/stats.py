"""Figures about each session for writers and reviewers: size, exercises and readability."""

from dataclasses import dataclass

import textstat
from django.utils.html import strip_tags

from .data import Session

# Plain-English guidance commonly asks for a Flesch reading ease of 60 or more for the public;
# our readers are professionals, so checkcontent flags sessions below 50 for rewriting.
FLESCH_FLOOR = 50.0


@dataclass(frozen=True)
class SessionStats:
    key: str
    pages: int
    minutes: int
    words: int
    marked_exercises: int
    reflections: int
    flesch_reading_ease: float

    @property
    def below_floor(self) -> bool:
        return self.flesch_reading_ease < FLESCH_FLOOR


def session_text(session: Session) -> str:
    """What a learner reads: page titles, prose, transcripts and exercise wording, without markup."""
    parts: list[str] = []
    for page in session.pages:
        parts.append(page.title + ".")
        for block in page.blocks:
            parts.append(strip_tags(block.html))
            data = block.data
            if block.kind == "exercise":
                parts.append(strip_tags(str(data.get("prompt_html", ""))))
                for option in data.get("options", []):
                    parts.append(strip_tags(option["text_html"]) + ". " + strip_tags(option["feedback_html"]))
                parts.extend(item["text"] + "." for item in data.get("items", []))
                parts.append(strip_tags(str(data.get("feedback_html", "")) + " " + str(data.get("guidance_html", ""))))
            elif block.kind in ("image", "animation") and data.get("caption"):
                parts.append(str(data["caption"]))
    return "\n".join(part for part in parts if part.strip())


def session_stats(session: Session) -> SessionStats:
    exercises = [b.data for p in session.pages for b in p.blocks if b.kind == "exercise"]
    text = session_text(session)
    return SessionStats(
        key=session.key,
        pages=len(session.pages),
        minutes=session.minutes,
        words=textstat.lexicon_count(text),
        marked_exercises=sum(1 for e in exercises if e.get("type") != "reflection"),
        reflections=sum(1 for e in exercises if e.get("type") == "reflection"),
        flesch_reading_ease=float(textstat.flesch_reading_ease(text)),
    )
