"""Which column of a staff list is which: headers matched whatever their case, spacing, underscores or hyphens,
and a few names HR systems (ESR exports among them) use for the same thing.

A missing column and a column we do not know are both refused, each named, so that a typo in a header ("Emial")
is never silently dropped and a person's details never land in the wrong place.
"""

import re
from dataclasses import dataclass

from .data import StaffFileRefused

# Field -> the header as we print it in messages.
REQUIRED = {
    "email": "email",
    "first_name": "first name",
    "last_name": "last name",
    "esr_number": "ESR number",
    "job_role": "job role",
    "staff_group": "staff group",
    "profession": "profession",
    "organisation_code": "organisation code",
}
OPTIONAL = {
    "programme": "programme",
    "sessions": "sessions",
    "modules": "modules",
    "due_date": "due date",
}

# Headers by their normalised spelling (normalise() below). The field's own name is always accepted.
ALIASES = {
    "email": {"email", "emailaddress", "workemail", "workemailaddress"},
    "first_name": {"firstname", "forename", "forenames", "givenname"},
    "last_name": {"lastname", "surname", "familyname"},
    "esr_number": {
        "esrnumber",
        "esr",
        "esrassignmentnumber",
        "assignmentnumber",
        "esrstaffnumber",
        "staffnumber",
        "employeenumber",
    },
    "job_role": {"jobrole", "role", "jobtitle", "position", "positiontitle"},
    "staff_group": {"staffgroup"},
    "profession": {"profession", "occupation"},
    "organisation_code": {"organisationcode", "organizationcode", "orgcode", "odscode", "organisation", "code"},
    "programme": {"programme", "program", "programmekey"},
    "sessions": {"sessions", "session", "sessionkeys"},
    "modules": {"modules", "module", "pathwaymodules", "modulekeys"},
    "due_date": {"duedate", "due", "dueon", "duedatedd/mm/yyyy", "duedateyyyy-mm-dd"},
}
_BY_SPELLING = {spelling: name for name, spellings in ALIASES.items() for spelling in spellings}
_IGNORED = re.compile(r"[\s_\-.()]+")


def normalise(header: str) -> str:
    """A header without case, spaces, underscores, hyphens, dots or brackets: "First_Name" -> "firstname"."""
    return _IGNORED.sub("", header.strip().lower().removeprefix("\ufeff"))


@dataclass(frozen=True)
class Columns:
    """Where each field is in a row (its index), and what the file calls it, for messages."""

    index: dict[str, int]
    header: dict[str, str]
    width: int = 0  # how many columns the header names (empty ones after the last not counted)

    def has(self, name: str) -> bool:
        return name in self.index


def _shown(header: object) -> str:
    text = "" if header is None else str(header).strip()
    return f"“{text}”" if text else "a column with no name"


def match_columns(headers: list[object]) -> Columns:
    """Match the header row to our fields, or refuse naming every missing, unknown or repeated column."""
    named = [str(h) for h in headers if h is not None and str(h).strip()]
    if len(named) == 1 and (";" in named[0] or "\t" in named[0]):
        separator = "semicolons" if ";" in named[0] else "tabs"
        raise StaffFileRefused(
            f"The columns of this file are separated by {separator}, not commas. In Excel choose File, Save As, and "
            "“CSV UTF-8 (Comma delimited) (*.csv)”, or upload the workbook itself as .xlsx."
        )
    index: dict[str, int] = {}
    header: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    trailing = len(headers)
    while trailing and (headers[trailing - 1] is None or not str(headers[trailing - 1]).strip()):
        trailing -= 1  # spreadsheets often carry empty columns after the last one
    for position, raw in enumerate(headers[:trailing]):
        name = _BY_SPELLING.get(normalise("" if raw is None else str(raw)))
        if name is None:
            unknown.append(_shown(raw))
        elif name in index:
            repeated.append(_shown(raw))
        else:
            index[name] = position
            header[name] = str(raw).strip().removeprefix("\ufeff")
    missing = [shown for name, shown in REQUIRED.items() if name not in index]
    messages = []
    if missing:
        messages.append(f"The header row (row 1) has no {_words(missing)} column.")
    if unknown:
        what, them = ("columns", "them") if len(unknown) > 1 else ("a column", "it")
        messages.append(f"Row 1 has {what} we do not use: {', '.join(unknown)}. Remove {them}.")
    if repeated:
        messages.append(f"Row 1 has more than one column for the same thing: {', '.join(repeated)}.")
    if messages:
        expected = ", ".join(REQUIRED.values())
        optional = ", ".join(OPTIONAL.values())
        raise StaffFileRefused(
            " ".join(messages) + f" A staff list has the columns {expected}, and may have {optional}."
        )
    return Columns(index, header, trailing)


def _words(names: list[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
