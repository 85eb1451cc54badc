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


# How guessable the marked exercises are, read from the files. A learner who always picks the longest
# option, or ticks nearly everything, should do no better than one who read the session. With four or
# five options chance gives the longest option about a quarter of the time; we allow a little more
# because a precise right answer is sometimes longer. Multiple-choice keys should sit near half of
# the options right, so that neither "tick everything" nor "tick little" pays. docs/content-format.md.
LONGEST_RIGHT_LIMIT = 0.35
MULTIPLE_RIGHT_SHARE_RANGE = (0.3, 0.6)


@dataclass(frozen=True)
class Guessability:
    """Counts over some single- and multiple-choice exercises (one session, or a whole programme)."""

    single_choice: int = 0
    right_is_longest: int = 0  # single choice: the right option is at least as long as every other
    right_positions: tuple[int, ...] = ()  # single choice: how many have the right option 1st, 2nd, ...
    multiple_choice: int = 0
    multiple_options: int = 0
    multiple_right: int = 0

    @property
    def longest_right_share(self) -> float:
        return self.right_is_longest / self.single_choice if self.single_choice else 0.0

    @property
    def multiple_right_share(self) -> float:
        return self.multiple_right / self.multiple_options if self.multiple_options else 0.0

    @property
    def commonest_position_share(self) -> float:
        return max(self.right_positions, default=0) / self.single_choice if self.single_choice else 0.0

    def __add__(self, other: "Guessability") -> "Guessability":
        width = max(len(self.right_positions), len(other.right_positions))
        mine = self.right_positions + (0,) * (width - len(self.right_positions))
        theirs = other.right_positions + (0,) * (width - len(other.right_positions))
        return Guessability(
            single_choice=self.single_choice + other.single_choice,
            right_is_longest=self.right_is_longest + other.right_is_longest,
            right_positions=tuple(a + b for a, b in zip(mine, theirs, strict=True)),
            multiple_choice=self.multiple_choice + other.multiple_choice,
            multiple_options=self.multiple_options + other.multiple_options,
            multiple_right=self.multiple_right + other.multiple_right,
        )

    def problems(self) -> list[str]:
        """What is over the limits, in words a writer can act on; nothing when within them."""
        found = []
        if self.single_choice and self.longest_right_share > LONGEST_RIGHT_LIMIT:
            found.append(
                f"the right answer is the longest option in {self.right_is_longest} of {self.single_choice} "
                f"single-choice questions ({self.longest_right_share:.0%}; the limit is {LONGEST_RIGHT_LIMIT:.0%})"
            )
        low, high = MULTIPLE_RIGHT_SHARE_RANGE
        if self.multiple_options and not low <= self.multiple_right_share <= high:
            found.append(
                f"{self.multiple_right} of {self.multiple_options} multiple-choice options are right "
                f"({self.multiple_right_share:.0%}; keep it between {low:.0%} and {high:.0%})"
            )
        return found


def _length(html: str) -> int:
    return len(" ".join(strip_tags(html).split()))


def guessability(session: Session) -> Guessability:
    """How guessable one session's single- and multiple-choice exercises are, by length, position and key."""
    total = Guessability()
    for page in session.pages:
        for exercise in page.exercises:
            match exercise:
                case SingleChoice(options=options):
                    lengths = [_length(option.text_html) for option in options]
                    right = next(i for i, option in enumerate(options) if option.correct)
                    positions = [0] * len(options)
                    positions[right] = 1
                    total += Guessability(
                        single_choice=1,
                        right_is_longest=int(lengths[right] >= max(lengths)),
                        right_positions=tuple(positions),
                    )
                case MultipleChoice(options=options):
                    total += Guessability(
                        multiple_choice=1,
                        multiple_options=len(options),
                        multiple_right=sum(1 for option in options if option.correct),
                    )
    return total
