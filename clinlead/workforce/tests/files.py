"""Staff lists for tests: small ones written out row by row, and big ones of made-up people (CSV or XLSX)."""

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

SAMPLE_STAFF = Path(__file__).resolve().parents[3] / "samples" / "staff.csv"

HEADER = (
    "email",
    "first name",
    "last name",
    "ESR number",
    "job role",
    "staff group",
    "profession",
    "organisation code",
)


def person(n: int, code: str = "ZZ101", **changes: str) -> dict[str, str]:
    """The n-th made-up person, at example addresses, with any field changed."""
    row = {
        "email": f"person{n}@staff.example",
        "first name": f"Alex{n}",
        "last name": "Example",
        "ESR number": f"{10_000_000 + n}-01",
        "job role": "Staff nurse",
        "staff group": "Nursing and Midwifery Registered",
        "profession": "Nurse",
        "organisation code": code,
    }
    row.update(changes)
    return row


def csv_file(rows: Iterable[dict[str, str]], header: Sequence[str] = HEADER, *, encoding: str = "utf-8") -> bytes:
    """A CSV with this header and these rows (missing fields blank)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def xlsx_file(rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    """An XLSX whose first sheet holds this header and these rows of cells (numbers and dates as such)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Staff")
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def big_staff_list(
    rows: int, *, kind: str = "csv", codes: Sequence[str] = ("ZZ101", "ZZ102", "ZZ103"), start: int = 0
) -> bytes:
    """A staff list of `rows` different people spread over these organisations, as CSV or XLSX."""
    people = (person(start + n, codes[n % len(codes)]) for n in range(rows))
    if kind == "csv":
        return csv_file(people)
    return xlsx_file([p[name] for name in HEADER] for p in people)
