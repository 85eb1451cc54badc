"""Files that cannot be read as a staff list are refused with a message naming what is wrong, and nothing else."""

import io
import zipfile

import pytest

from clinlead.workforce.data import Limits, StaffFileRefused
from clinlead.workforce.spreadsheets import neutralise
from clinlead.workforce.staff_file import preview_staff_file

from .files import HEADER, big_staff_list, csv_file, excel_like_xlsx, person, xlsx_file


def refusal(content: bytes, manager_id: int, limits: Limits | None = None) -> str:
    with pytest.raises(StaffFileRefused) as refused:
        preview_staff_file(io.BytesIO(content), manager_id, limits=limits or Limits())
    return refused.value.message


def test_windows_1252_is_named_with_how_to_save_as_csv_utf8(manager_id: int) -> None:
    content = csv_file([person(1), person(2, **{"first name": "Zoë"})], encoding="cp1252")
    message = refusal(content, manager_id)
    assert "Windows-1252" in message
    assert "line 3" in message
    assert "“ë”" in message
    assert "CSV UTF-8 (Comma delimited)" in message


def test_bytes_that_are_not_text_in_any_encoding_are_refused(manager_id: int) -> None:
    content = csv_file([person(1)]) + b"person2@staff.example,\x81\x8d,Example\r\n"
    message = refusal(content, manager_id)
    assert "not UTF-8" in message
    assert "line 3" in message


def test_utf16_is_named(manager_id: int) -> None:
    assert "UTF-16" in refusal(csv_file([person(1)], encoding="utf-16"), manager_id)


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"\x89PNG\r\n\x1a\n\x00\x00", b"email,first name\x00\x01\x02", b"GIF89a"],
    ids=["pdf", "png", "binary", "gif"],
)
def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(content: bytes, manager_id: int) -> None:
    assert "neither a CSV nor an XLSX" in refusal(content, manager_id)


def test_an_old_excel_workbook_is_named(manager_id: int) -> None:
    assert "Excel 97–2003 workbook (.xls)" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, manager_id)


def test_an_empty_file_and_a_file_with_nobody_are_refused(manager_id: int) -> None:
    assert "The file is empty" in refusal(b"", manager_id)
    assert "nobody in it" in refusal(csv_file([]) + b",,,,\r\n", manager_id)


def test_one_enormous_line_is_refused_by_its_length(manager_id: int) -> None:
    limits = Limits(max_line_bytes=4096)
    content = csv_file([person(1)]) + b"x" * 5000 + b"\r\n" + csv_file([person(2)])
    message = refusal(content, manager_id, limits)
    assert "Line 3 is longer than 4,096 bytes" in message
    # The real limit is worded in megabytes, and one line of 10 MB is refused without reading past it.
    ten_mb = b"email," + b"y" * (10 * 1024 * 1024 + 10)
    assert "Line 1 is longer than 10 MB" in refusal(ten_mb, manager_id)


def test_a_line_just_under_the_limit_is_read(manager_id: int) -> None:
    limits = Limits(max_line_bytes=300)
    content = csv_file([person(1, **{"job role": "j" * 150})])
    assert preview_staff_file(io.BytesIO(content), manager_id, limits=limits).can_commit


def test_more_rows_than_the_limit_are_refused(manager_id: int) -> None:
    limits = Limits(max_rows=50, chunk_rows=20)
    assert preview_staff_file(io.BytesIO(big_staff_list(50)), manager_id, limits=limits).summary.rows == 50
    message = refusal(big_staff_list(51), manager_id, limits)
    assert "more than 50 people" in message
    assert "row 52" in message


def test_missing_columns_are_named(manager_id: int) -> None:
    header = [h for h in HEADER if h not in ("ESR number", "staff group")]
    message = refusal(csv_file([person(1)], header), manager_id)
    assert "no “ESR number” or “staff group” column" in message


def test_extra_columns_are_named(manager_id: int) -> None:
    header = [*HEADER, "Line manager", "Emial"]
    message = refusal(csv_file([person(1)], header), manager_id)
    assert "columns we do not use: “Line manager”, “Emial”" in message


def test_the_same_column_twice_is_named(manager_id: int) -> None:
    message = refusal(csv_file([person(1)], [*HEADER, "Surname"]), manager_id)
    assert "more than one column for the same thing: “Surname”" in message


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened(manager_id: int) -> None:
    bomb = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (64 * 1024 * 1024)})
    assert len(bomb) < 200_000
    message = refusal(bomb, manager_id)
    assert "xl/worksheets/sheet1.xml would unpack" in message
    assert "times larger than it is packed" in message


def test_an_xlsx_that_declares_too_much_in_total_is_refused(manager_id: int) -> None:
    content = xlsx_file([[person(1)[h] for h in HEADER]])
    message = refusal(content, manager_id, Limits(max_xlsx_unpacked_bytes=1000))
    assert "would unpack to" in message
    assert "so it was not opened" in message


def test_a_zip_that_is_not_a_workbook_and_a_broken_one_are_refused(manager_id: int) -> None:
    assert "not an Excel workbook" in refusal(_zip({"word/document.xml": b"<w/>"}), manager_id)
    assert "not a complete one" in refusal(xlsx_file([])[:300], manager_id)
    damaged = _zip({"xl/workbook.xml": b"<not a workbook", "[Content_Types].xml": b"<Types/>"})
    assert "cannot be opened" in refusal(damaged, manager_id)


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Ward sister", "Ward sister"),
        ("", ""),
        ("a=b", "a=b"),
        (42, 42),
    ],
)
def test_neutralise_makes_formulas_inert_for_exports(value: object, exported: object) -> None:
    assert neutralise(value) == exported


def _with_part(workbook: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for part in source.infolist():
            target.writestr(part.filename, content if part.filename == name else source.read(part.filename))
    return out.getvalue()


def test_a_workbook_whose_sheet_is_damaged_part_way_is_refused(manager_id: int) -> None:
    good = excel_like_xlsx([[person(n)[h] for h in HEADER] for n in range(1, 4)])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    broken = sheet[: sheet.index(b'<row r="3">') + 30]  # the XML stops in the middle of row 3
    message = refusal(_with_part(good, "xl/worksheets/sheet1.xml", broken), manager_id)
    assert "cannot be read after row 2" in message
    headless = sheet[:40]
    assert "cannot be opened" in refusal(_with_part(good, "xl/worksheets/sheet1.xml", headless), manager_id)


@pytest.mark.parametrize(("separator", "named"), [(";", "semicolons"), ("\t", "tabs")])
def test_columns_separated_by_semicolons_or_tabs_are_named(separator: str, named: str, manager_id: int) -> None:
    content = csv_file([person(1)]).decode().replace(",", separator).encode()
    assert f"separated by {named}, not commas" in refusal(content, manager_id)


def test_windows_1252_far_into_a_big_file_is_named_by_its_line(manager_id: int) -> None:
    rows = [person(n) for n in range(1, 30_000)]
    rows.append(person(30_000, **{"last name": "Müller"}))
    message = refusal(csv_file(rows, encoding="cp1252"), manager_id)
    assert "line 30001 has “ü” written the Windows-1252 way" in message
