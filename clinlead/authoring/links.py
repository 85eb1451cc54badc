"""Internal links seen while reading content, kept to be checked once every key in the programme is known."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkReference:
    """An internal link seen in a file (`[text](session:giving-feedback)`)."""

    kind: str
    key: str
    path: str
    line: int
