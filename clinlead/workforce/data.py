"""Plain data of a staff list as read and checked (staff_file.py): its rows, its problems and a summary."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the list cannot be committed until it is fixed
    WARNING = "warning"  # worth a look; committing is still allowed


@dataclass(frozen=True)
class Problem:
    """What is wrong with a row, where the person can find it: `row` as their spreadsheet numbers it (the header
    is row 1) and `column` as their header names it."""

    row: int
    column: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


class StaffFileRefused(Exception):
    """A file that cannot be read as a staff list at all; the message says what is wrong and what would be right,
    in words for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """What a staff list may be. Tests use small ones."""

    max_rows: int = 100_000  # people, the header not counted
    max_line_bytes: int = 10 * 1024 * 1024  # one line of a CSV (a file of one huge line is refused early)
    max_xlsx_unpacked_bytes: int = 256 * 1024 * 1024  # all parts, as declared (100,000 people: about 50 MB)
    max_xlsx_ratio: int = 100  # unpacked to packed, per part: real sheets are about 10, zip bombs 1,000 and more
    max_xlsx_parts: int = 10_000
    chunk_rows: int = 2_000  # rows checked together, with one bulk look-up of each kind


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class StaffRow:
    """One person of a staff list, checked, with everything the commit needs."""

    row: int
    email: str  # lower-case
    first_name: str
    last_name: str
    esr_number: str
    job_role: str
    staff_group: str
    profession: str  # a key of accounts' professions
    organisation_id: int
    organisation_code: str
    organisation_name: str
    user_id: int | None  # the existing account (matched by address, else by ESR number), or None: a new person
    programme_key: str = ""  # the programme of session_keys ("" when none)
    session_keys: tuple[str, ...] = ()  # modules already expanded to their sessions
    due_on: datetime.date | None = None


@dataclass(frozen=True)
class Summary:
    rows: int  # people in the file (blank lines not counted)
    new_people: int  # rows without an account (counted among rows without errors)
    existing_people: int
    errors: int
    warnings: int
    organisations: dict[str, int] = field(default_factory=dict)  # rows without errors per organisation code
    rows_with_errors: int = 0
    enrolments: int = 0  # (person, session) pairs to assign
    file_kind: str = ""  # "CSV" or "XLSX"


@dataclass(frozen=True)
class Preview:
    """What committing the list would do: the rows that passed every check, every problem, and the sums."""

    rows: list[StaffRow]
    problems: list[Problem]
    summary: Summary

    @property
    def can_commit(self) -> bool:
        """No errors (warnings do not stop a commit), and at least one person."""
        return not any(p.severity == Severity.ERROR for p in self.problems) and bool(self.rows)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]
