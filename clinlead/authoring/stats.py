"""Figures about each session for writers and reviewers: size, exercises and readability."""

from dataclasses import dataclass

import textstat
from django.utils.html import strip_tags

from clinlead.content.data import Animation, Image, MultipleChoice, Ordering, Reflection, Session, SingleChoice, Video

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
            match block:
                case Video(transcript_html=transcript):
                    parts.append(strip_tags(transcript))
                case Image(caption=caption) | Animation(caption=caption):
                    parts.append(caption)
                case (
                    SingleChoice(prompt_html=prompt, options=options)
                    | MultipleChoice(prompt_html=prompt, options=options)
                ):
                    parts.append(strip_tags(prompt))
                    parts.extend(strip_tags(o.text_html) + ". " + strip_tags(o.feedback_html) for o in options)
                case Ordering(prompt_html=prompt, items=items, feedback_html=feedback):
                    parts.append(strip_tags(prompt))
                    parts.extend(item.text + "." for item in items)
                    parts.append(strip_tags(feedback))
                case Reflection(prompt_html=prompt, guidance_html=guidance):
                    parts.extend((strip_tags(prompt), strip_tags(guidance)))
                case _:
                    parts.append(strip_tags(block.html))
    return "\n".join(part for part in parts if part.strip())


def session_stats(session: Session) -> SessionStats:
    """Pages, minutes, words, exercises and Flesch reading ease of one session, for writers and reviewers."""
    exercises = [exercise for page in session.pages for exercise in page.exercises]
    text = session_text(session)
    return SessionStats(
        key=session.key,
        pages=len(session.pages),
        minutes=session.minutes,
        words=textstat.lexicon_count(text),
        marked_exercises=sum(1 for e in exercises if e.marked),
        reflections=sum(1 for e in exercises if not e.marked),
        flesch_reading_ease=float(textstat.flesch_reading_ease(text)),
    )
