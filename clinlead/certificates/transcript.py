"""Transcripts of completed learning (A4 portrait, several pages when long), for appraisal."""

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from clinlead.wording import date_in_words, minutes_in_words, number_of

from .drawing import (
    BOLD,
    DIVIDER,
    NHS_BLUE,
    REGULAR,
    SECONDARY_TEXT,
    _Block,
    _canvas,
    _drawing,
    _height,
    _stack,
    _text,
    _width,
)


@dataclass(frozen=True)
class TranscriptRow:
    session_title: str
    programme_title: str
    completed_on: datetime.date
    minutes_spent: int
    score_percent: int | None
    certificate_number: str


TRANSCRIPT_PAGE = A4
TRANSCRIPT_MARGIN = 40.0
TABLE_TEXT = 8.5  # the size at which a date and a certificate number fit their columns
TABLE_BOTTOM = 60.0
CELL_PADDING = 5.0
# (heading, width in points), adding up to the page less its margins.
COLUMNS = (
    ("Session and programme", 171.0),
    ("Completed", 95.0),
    ("Time spent", 80.0),
    ("Score", 40.0),
    ("Certificate", 129.0),
)


@dataclass(frozen=True)
class _Row:
    cells: tuple[tuple[_Block, ...], ...]
    height: float


def render_transcript(learner_name: str, rows: Sequence[TranscriptRow], generated_on: datetime.date) -> bytes:
    """A4 portrait transcript of completed learning for appraisal, identical bytes for identical input."""
    buffer = io.BytesIO()
    with _drawing():
        subject = f"Completed learning of {learner_name}"
        canvas = _canvas(buffer, TRANSCRIPT_PAGE, "Transcript of completed learning", subject)
        _draw_transcript(canvas, learner_name, rows, generated_on)
        canvas.save()
    return buffer.getvalue()


def _draw_transcript(canvas: Canvas, name: str, rows: Sequence[TranscriptRow], generated_on: datetime.date) -> None:
    page_width, page_height = TRANSCRIPT_PAGE
    width = page_width - 2 * TRANSCRIPT_MARGIN
    first_header = [
        _text("Transcript of completed learning", BOLD, (20, 20), width, colour=NHS_BLUE),
        _text(name, BOLD, (15, 6), width, max_lines=3, gap_before=6),  # any name of 150 letters fits
        _text(f"Generated on {date_in_words(generated_on)}", REGULAR, (10, 10), width, colour=SECONDARY_TEXT),
    ]
    running_header = [_text(f"Transcript of completed learning: {name}", REGULAR, (9, 7), width, colour=SECONDARY_TEXT)]
    total = (
        f"Total: {number_of(len(rows), 'session')}, {minutes_in_words(sum(row.minutes_spent for row in rows))} spent"
    )
    closing = [_text(total, BOLD, (11, 11), width, gap_before=14)]
    if not rows:
        closing.insert(0, _text("No completed sessions yet.", REGULAR, (10, 10), width, gap_before=14))

    heading = _table_row([(title, BOLD, False) for title, _ in COLUMNS])
    table_top = page_height - TRANSCRIPT_MARGIN - 12
    pages = _paginate(
        [_transcript_row(row) for row in rows],
        first_room=table_top - _height(first_header) - TABLE_BOTTOM - heading.height,
        room=table_top - _height(running_header) - TABLE_BOTTOM - heading.height,
        closing_height=_height(closing),
    )
    for number, page_rows in enumerate(pages, start=1):
        top = (
            _stack(
                canvas,
                first_header if number == 1 else running_header,
                TRANSCRIPT_MARGIN,
                page_height - TRANSCRIPT_MARGIN,
            )
            - 12
        )
        for index, row in enumerate([heading, *page_rows] if page_rows else []):
            _draw_row(canvas, row, top, width, rule=(NHS_BLUE, 1.5) if index == 0 else (DIVIDER, 0.5))
            top -= row.height
        if number == len(pages):
            _stack(canvas, closing, TRANSCRIPT_MARGIN, top)
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(SECONDARY_TEXT)
        canvas.drawRightString(page_width - TRANSCRIPT_MARGIN, 36, f"Page {number} of {len(pages)}")
        canvas.showPage()


def _paginate(rows: list[_Row], first_room: float, room: float, closing_height: float) -> list[list[_Row]]:
    """Rows for each page, with the totals' room on the last; a page without rows has no table heading."""
    pages: list[list[_Row]] = [[]]
    left = first_room
    for row in rows:
        if row.height > left and pages[-1]:
            pages.append([])
            left = room
        pages[-1].append(row)
        left -= row.height
    if closing_height > left:
        pages.append([])
    return pages


def _transcript_row(row: TranscriptRow) -> _Row:
    score = "—" if row.score_percent is None else f"{row.score_percent}%"
    cells = [
        (row.session_title, False),
        (date_in_words(row.completed_on), True),
        (minutes_in_words(row.minutes_spent), False),
        (score, True),
        (row.certificate_number, True),
    ]
    return _table_row([(text, REGULAR, whole) for text, whole in cells], row.programme_title)


def _table_row(cells: Sequence[tuple[str, str, bool]], programme: str = "") -> _Row:
    """A row of (text, font, keep on one line) cells; the session's cell has its programme beneath."""
    built: list[tuple[_Block, ...]] = []
    for (text, font, whole), (_, column_width) in zip(cells, COLUMNS, strict=True):
        inner = column_width - 2 * CELL_PADDING
        if whole and _width(text, font, 6.5) <= inner:
            # Dates and certificate numbers shrink rather than break: they are read and copied whole.
            built.append((_text(text, font, (TABLE_TEXT, 6.5), inner),))
        else:
            # Cut after six lines so that no row is ever taller than a page.
            built.append((_text(text, font, (TABLE_TEXT, TABLE_TEXT), inner, max_lines=6),))
    if programme:
        inner = COLUMNS[0][1] - 2 * CELL_PADDING
        built[0] += (_text(programme, REGULAR, (7.5, 7.5), inner, max_lines=3, colour=SECONDARY_TEXT, gap_before=1),)
    return _Row(tuple(built), max(_height(cell) for cell in built) + 2 * CELL_PADDING)


def _draw_row(canvas: Canvas, row: _Row, top: float, width: float, rule: tuple[Color, float]) -> None:
    left = TRANSCRIPT_MARGIN
    for cell, (_, column_width) in zip(row.cells, COLUMNS, strict=True):
        _stack(canvas, cell, left + CELL_PADDING, top - CELL_PADDING)
        left += column_width
    canvas.setStrokeColor(rule[0])
    canvas.setLineWidth(rule[1])
    canvas.line(TRANSCRIPT_MARGIN, top - row.height, TRANSCRIPT_MARGIN + width, top - row.height)
