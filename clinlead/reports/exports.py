"""Reports as files: CSV streamed a page of people at a time, XLSX written by openpyxl in its write-only mode
(rows go straight to the file). Every text cell is neutralised so that nothing a person typed (a name, a job role)
runs as a formula when the file is opened (`=`, `+`, `-`, `@`, tab, carriage return get a leading apostrophe)."""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .building import Population, all_person_rows, session_rows

Cell = str | int | datetime.date | None
Line = list[Cell]

PERSON_HEADER: Line = [
    "Name",
    "Email",
    "Organisation code",
    "Organisation",
    "Sessions completed",
    "Completed (session and date)",
    "Time spent (minutes)",
    "Average score (%)",
    "Assigned",
    "Due",
    "Overdue",
]
SESSION_HEADER: Line = [
    "Name",
    "Email",
    "Organisation",
    "Completed",
    "Completed on",
    "Time spent (minutes)",
    "Score (%)",
    "Assigned",
    "Due on",
]


def neutralise(value: Cell) -> Cell:
    """Text a spreadsheet would run as a formula, made inert; anything else as it is."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def person_lines(found: Population) -> Iterator[list[Cell]]:
    yield list(PERSON_HEADER)
    for row in all_person_rows(found):
        completed = "; ".join(f"{title} ({_day(at)})" for title, at in row.completed)
        yield [
            row.name,
            row.email,
            row.organisation_code,
            row.organisation,
            len(row.completed),
            completed,
            round(row.seconds_spent / 60),
            row.average_score,
            row.assigned,
            row.due,
            row.overdue,
        ]


def session_lines(found: Population, session_key: str) -> Iterator[list[Cell]]:
    yield list(SESSION_HEADER)
    for row in session_rows(found, session_key):
        yield [
            row.name,
            row.email,
            row.organisation,
            "Yes" if row.completed_at else "No",
            _day(row.completed_at),
            round(row.seconds_spent / 60) if row.seconds_spent is not None else None,
            row.score_percent,
            "Yes" if row.assigned else "No",
            row.due_on,
        ]


class _Line:
    """csv.writer writes here and gets the line back, so the file streams (Django's documented way)."""

    def write(self, value: str) -> str:
        return value


def csv_stream(lines: Iterable[list[Cell]]) -> Iterator[str]:
    """The lines as CSV, with a byte-order mark first so that Excel reads the file as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    for line in lines:
        yield writer.writerow(["" if v is None else neutralise(v) for v in line])


def xlsx_bytes(title: str, lines: Iterable[list[Cell]]) -> bytes:
    """The lines as one sheet of an Excel workbook, dates as dates, the header in bold."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, line in enumerate(lines):
        if index == 0:
            cells = []
            for heading in line:
                cell = WriteOnlyCell(sheet, value=str(heading))
                cell.font = Font(bold=True)
                cells.append(cell)
            sheet.append(cells)
        else:
            sheet.append([neutralise(v) for v in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
