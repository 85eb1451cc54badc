"""Reading a staff list's rows one at a time, from CSV or XLSX, without trusting the file.

A CSV is decoded as UTF-8 (with or without the byte-order mark Excel's "CSV UTF-8" writes) block by block, so a
file of 100,000 rows is never held as one string, and a file of one enormous line is refused after at most that
line's length. A file in Windows-1252 (what Excel's plain "CSV (Comma delimited)" writes on Windows) is named as
such, because that is the mistake people make and the fix is one choice in Excel's "Save as" box.

An XLSX is a zip: its declared sizes and compression ratios are checked before openpyxl opens it, so a zip bomb
(a few kilobytes that unpack to gigabytes) is refused unread, and openpyxl reads it in read-only mode, streaming
the sheet's XML. zipfile itself stops at the declared size of each part, so a part that lies about its size
fails its check instead of unpacking further.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from .data import Limits, StaffFileRefused

Cell = str | datetime.date
_MB = 1024 * 1024
_SAVE_AS_CSV_UTF8 = (
    "In Excel choose File, Save As, and “CSV UTF-8 (Comma delimited) (*.csv)” as the file type, or upload the "
    "workbook itself as .xlsx."
)

_NEITHER = "This is neither a CSV nor an XLSX file. Upload the staff list as .csv (saved as CSV UTF-8) or .xlsx."


@dataclass
class Sheet:
    """The header row and an iterator of (row number as a spreadsheet shows it, cells) for the rest."""

    kind: str  # "CSV" or "XLSX"
    header: list[object]
    rows: Iterator[tuple[int, list[Cell]]]
    progress: Callable[[], tuple[int, int]]  # (done, total) in units of the reader's choosing


def neutralise(value: object) -> object:
    """A cell made inert for a CSV or XLSX export: text starting with = + - @ (or a tab or carriage return, which
    some spreadsheets skip before looking) gets a leading apostrophe, so a spreadsheet shows it as text instead of
    running it as a formula. Anything that is not text is returned as it is."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def open_sheet(stream: BinaryIO, limits: Limits) -> Sheet:
    """The sheet in a CSV or XLSX file, or StaffFileRefused saying why it cannot be read."""
    start = stream.read(8)
    if not start:
        raise StaffFileRefused("The file is empty. Upload a staff list with a header row and one row per person.")
    if start.startswith(b"PK\x03\x04"):
        return _xlsx(stream, start, limits)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise StaffFileRefused(
            "This is an Excel 97–2003 workbook (.xls), which we cannot read. In Excel choose File, Save As, and "
            "“Excel Workbook (*.xlsx)” or “CSV UTF-8 (Comma delimited) (*.csv)”."
        )
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StaffFileRefused(
            "This file is in UTF-16 (what Excel calls “Unicode Text”), which we cannot read. " + _SAVE_AS_CSV_UTF8
        )
    if start.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")):
        raise StaffFileRefused(_NEITHER)
    return _csv(stream, start, limits)


def _size(stream: IO[bytes]) -> int:
    try:
        here = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return size
    except (OSError, ValueError):
        return 0


# CSV


def _csv(stream: BinaryIO, start: bytes, limits: Limits) -> Sheet:
    total = _size(stream)
    consumed = [0]
    lines = _text_lines(stream, start, limits, consumed)
    reader = csv.reader(lines, strict=False)
    try:
        header: list[object] = list(next(reader, []))
    except csv.Error as error:
        raise StaffFileRefused(f"Row 1 cannot be read as CSV ({error}).") from error

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        while True:
            try:
                cells = next(reader, None)
            except csv.Error as error:
                raise StaffFileRefused(f"Row {number + 1} cannot be read as CSV ({error}).") from error
            if cells is None:
                return
            number += 1
            yield number, list(cells)

    return Sheet("CSV", header, rows(), lambda: (consumed[0], max(total, consumed[0])))


def _text_lines(stream: BinaryIO, start: bytes, limits: Limits, consumed: list[int]) -> Iterator[str]:
    """The file's lines as text (each with its line ending), decoded block by block."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    block_size = max(1, min(_MB, limits.max_line_bytes))  # so no line within one block can be over the limit
    since_newline = 0  # bytes of the line still open at the end of the last block
    lines_before = 0
    carry = ""
    block = start + stream.read(block_size)
    consumed[0] = len(block)
    if b"\x00" in block:  # text never holds a NUL byte; a PDF, an image or a program does
        raise StaffFileRefused(_NEITHER)
    while block:
        first_newline = block.find(b"\n")
        if first_newline < 0:
            since_newline += len(block)
        else:
            since_newline += first_newline
        if since_newline > limits.max_line_bytes:
            raise StaffFileRefused(
                f"Line {lines_before + 1} is longer than {_bytes(limits.max_line_bytes)}: a staff list has one person "
                "per line. Check that the file is the staff list and was saved as CSV."
            )
        if first_newline >= 0:
            since_newline = len(block) - block.rfind(b"\n") - 1
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError as error:
            raise _not_utf8(error, lines_before) from error
        lines_before += block.count(b"\n")
        parts = (carry + text).split("\n")
        carry = parts.pop()
        for part in parts:
            yield part + "\n"
        block = stream.read(block_size)
        consumed[0] += len(block)
    carry += decoder.decode(b"", final=True)
    if carry:
        yield carry


def _not_utf8(error: UnicodeDecodeError, lines_before: int) -> StaffFileRefused:
    # The decoder's input is this block, after any bytes of a character that began at the end of the last one.
    data, start = bytes(error.object), error.start
    line = lines_before + data[:start].count(b"\n") + 1
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return StaffFileRefused(
            f"This file is not UTF-8 text (line {line} has bytes that are not characters in UTF-8 or Windows-1252). "
            + _SAVE_AS_CSV_UTF8
        )
    return StaffFileRefused(
        f"This file is in Windows-1252 (what Excel's plain “CSV (Comma delimited)” writes), not UTF-8: line {line} "
        f"has “{data[start : start + 1].decode('cp1252')}” written the Windows-1252 way. " + _SAVE_AS_CSV_UTF8
    )


def _bytes(count: int) -> str:
    return f"{count // _MB} MB" if count >= _MB and count % _MB == 0 else f"{count:,} bytes"


# XLSX

_UNREADABLE_WORKBOOK = (
    "This workbook cannot be opened (it may be damaged or protected with a password). "
    "Open it in Excel, check it, and save it again as .xlsx or as CSV UTF-8."
)
# What openpyxl and zipfile raise for a damaged sheet (broken XML is a SyntaxError), which shows only as it is read.
_DAMAGED = (zipfile.BadZipFile, OSError, ValueError, KeyError, AttributeError, SyntaxError)


def _xlsx(stream: BinaryIO, start: bytes, limits: Limits) -> Sheet:
    if stream.seekable():
        stream.seek(stream.tell() - len(start))
        source: IO[bytes] = stream
    else:
        source = io.BytesIO(start + stream.read())
    _check_zip(source, limits)
    from openpyxl import load_workbook  # a large import, needed only for workbooks

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise StaffFileRefused(_UNREADABLE_WORKBOOK) from error
    if not workbook.worksheets:
        raise StaffFileRefused("This workbook has no sheets. Put the staff list on the first sheet.")
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0  # as the sheet declares it: for progress only
    # A sheet may declare fewer rows than it holds (some programs write it wrongly), and openpyxl would stop there:
    # read every row there is.
    sheet.reset_dimensions()
    done = [0]
    cells = sheet.iter_rows(values_only=True)
    try:
        header: list[object] = list(next(cells, ()))
    except _DAMAGED as error:
        raise StaffFileRefused(_UNREADABLE_WORKBOOK) from error

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, values in enumerate(cells, start=2):
                done[0] = number
                yield number, [_cell(v) for v in values]
        except _DAMAGED as error:
            raise StaffFileRefused(
                f"The workbook cannot be read after row {done[0]}: it may be damaged. Open it in Excel and save it "
                "again as .xlsx or as CSV UTF-8."
            ) from error
        finally:
            workbook.close()

    return Sheet("XLSX", header, rows(), lambda: (done[0], max(total, done[0])))


def _check_zip(source: IO[bytes], limits: Limits) -> None:
    """Refuse a zip that is not a workbook, or whose declared sizes would unpack too far (a zip bomb)."""
    try:
        with zipfile.ZipFile(source) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise StaffFileRefused(
            "This file starts like an Excel workbook but is not a complete one. Save it again as .xlsx or as CSV UTF-8."
        ) from error
    finally:
        source.seek(0)
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        raise StaffFileRefused(
            "This is a zip file but not an Excel workbook (.xlsx). Upload the staff list as .xlsx or as CSV UTF-8."
        )
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > limits.max_xlsx_parts or unpacked > limits.max_xlsx_unpacked_bytes:
        raise StaffFileRefused(
            f"This workbook would unpack to {_bytes(unpacked)} in {len(parts):,} parts, more than a staff list of "
            f"{limits.max_rows:,} people needs ({_bytes(limits.max_xlsx_unpacked_bytes)}), so it was not opened. "
            "Save the staff list alone as .xlsx or as CSV UTF-8."
        )
    for part in parts:
        # Small parts are left alone: a few kilobytes of repeated XML can compress very well and harm nobody.
        if part.file_size > _MB and part.file_size > limits.max_xlsx_ratio * max(part.compress_size, 1):
            raise StaffFileRefused(
                f"This workbook's part {part.filename} would unpack {part.file_size // max(part.compress_size, 1):,} "
                f"times larger than it is packed (a staff list is at most about {limits.max_xlsx_ratio} times), so "
                "it was not opened. Save the staff list again as .xlsx or as CSV UTF-8."
            )


def _cell(value: object) -> Cell:
    """A workbook cell as text (or a date): numbers as a person typed them, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
