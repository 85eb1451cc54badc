"""Reading and checking a staff list: `preview_staff_file`, the one entry point (docs/decisions/0020).

The file is streamed (spreadsheets.py), its header matched (columns.py) and its rows checked a chunk at a time
(checks.py). Nothing is written: the preview says what a commit would do, and the commit checks again.
"""

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice
from typing import BinaryIO

from django.utils import timezone

from .checks import check_chunk, file_checks
from .columns import match_columns
from .data import DEFAULT_LIMITS, Limits, Preview, Problem, Severity, StaffFileRefused, StaffRow, Summary
from .spreadsheets import Cell, open_sheet

__all__ = ["preview_staff_file"]


def preview_staff_file(
    stream: BinaryIO,
    manager_id: int,
    *,
    limits: Limits = DEFAULT_LIMITS,
    today: datetime.date | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Preview:
    """Read and check a staff list (CSV or XLSX) uploaded by this manager: every row that would be committed, every
    problem by row and column, and the sums. StaffFileRefused for a file that cannot be read at all (its
    message says why, for the person who sent it). `on_progress(done, total)` is called after each chunk of rows,
    in units of the reader's choosing (bytes of a CSV, rows of an XLSX): show it as a fraction."""
    sheet = open_sheet(stream, limits)
    columns = match_columns(sheet.header)
    checks = file_checks(manager_id, columns, today or timezone.localdate())
    rows: list[StaffRow] = []
    problems: list[Problem] = []
    people = 0
    for chunk in _chunks(_people(sheet.rows), limits.chunk_rows):
        people += len(chunk)
        if people > limits.max_rows:
            raise StaffFileRefused(
                f"This list has more than {limits.max_rows:,} people (row {chunk[-1][0]:,} is one too many). "
                "Split it into files of at most that many and upload each."
            )
        found, found_problems = check_chunk(checks, chunk)
        rows.extend(found)
        problems.extend(found_problems)
        if on_progress:
            on_progress(*sheet.progress())
    if people == 0:
        raise StaffFileRefused("The file has a header row but nobody in it. Add one row per person under the header.")
    if on_progress:
        total = sheet.progress()[1]
        on_progress(total, total)
    return Preview(rows, problems, _summary(sheet.kind, people, rows, problems))


def _people(rows: Iterator[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    """Rows with something in them: spreadsheets keep blank rows between and after people."""
    for number, cells in rows:
        if any(isinstance(cell, datetime.date) or cell.strip() for cell in cells):
            yield number, cells


def _chunks(rows: Iterator[tuple[int, list[Cell]]], size: int) -> Iterator[list[tuple[int, list[Cell]]]]:
    while chunk := list(islice(rows, size)):
        yield chunk


def _summary(kind: str, people: int, rows: list[StaffRow], problems: list[Problem]) -> Summary:
    errors = [p for p in problems if p.severity == Severity.ERROR]
    existing = sum(1 for row in rows if row.user_id is not None)
    return Summary(
        rows=people,
        new_people=len(rows) - existing,
        existing_people=existing,
        errors=len(errors),
        warnings=len(problems) - len(errors),
        organisations=dict(Counter(row.organisation_code for row in rows)),
        rows_with_errors=len({p.row for p in errors}),
        enrolments=sum(len(row.session_keys) for row in rows),
        file_kind=kind,
    )
