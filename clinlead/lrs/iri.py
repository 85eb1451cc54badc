"""The textual formats statements use: IRIs, UUIDs, language tags, ISO 8601 times and durations."""

import datetime
import re

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
# A scheme, a colon and something after it, with no spaces: RFC 3987 allows far more than a regular expression
# should try to check, and the spec only needs an absolute IRI.
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
IRL = re.compile(r"^https?://[^\s<>\"{}|\\^`/]+[^\s<>\"{}|\\^`]*$", re.IGNORECASE)
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}:?\d{2})$")
_NUMBER = r"\d+(?:\.\d+)?"
DURATION = re.compile(
    rf"^P(?!$)({_NUMBER}Y)?({_NUMBER}M)?({_NUMBER}W)?({_NUMBER}D)?(T(?=\d)({_NUMBER}H)?({_NUMBER}M)?({_NUMBER}S)?)?$"
)


def is_iri(text: str) -> bool:
    return bool(ABSOLUTE_IRI.match(text))


def is_irl(text: str) -> bool:
    return bool(IRL.match(text))


def parse_timestamp(text: str) -> datetime.datetime | None:
    """The time, or None if it is not ISO 8601 with a time zone. `-00:00` is refused: RFC 3339 gives it the
    meaning "offset unknown", which the spec does not allow."""
    if not TIMESTAMP.match(text) or text.endswith("-00:00") or text.endswith("-0000"):
        return None
    try:
        parsed = datetime.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
