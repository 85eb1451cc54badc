"""Staff lists for tests: small ones written out row by row, and big ones of made-up people (CSV or XLSX)."""

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

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


def excel_like_xlsx(rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER) -> bytes:
    """An XLSX written the way Excel writes one (shared strings, the sheet's dimension first), quickly, with the
    standard library: openpyxl's own writer takes half a minute for 100,000 rows."""
    strings: dict[str, int] = {}
    body = []
    count = 0
    for number, cells in enumerate([header, *rows], start=1):
        row = []
        for column, value in enumerate(cells, start=1):
            index = strings.setdefault(value, len(strings))
            row.append(f'<c r="{get_column_letter(column)}{number}" t="s"><v>{index}</v></c>')
            count += 1
        body.append(f'<row r="{number}">{"".join(row)}</row>')
    last = f"{get_column_letter(len(header))}{len(body)}"
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet {ns}><dimension ref="A1:{last}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
        ),
        "xl/sharedStrings.xml": (
            f'<sst {ns} count="{count}" uniqueCount="{len(strings)}">'
            + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
            + "</sst>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return out.getvalue()


def big_staff_list(
    rows: int, *, kind: str = "csv", codes: Sequence[str] = ("ZZ101", "ZZ102", "ZZ103"), start: int = 0
) -> bytes:
    """A staff list of `rows` different people spread over these organisations, as CSV or XLSX."""
    people = (person(start + n, codes[n % len(codes)]) for n in range(rows))
    if kind == "csv":
        return csv_file(people)
    return excel_like_xlsx([p[name] for name in HEADER] for p in people)
