"""Certificate of completion PDFs (A4 landscape), drawn straight onto a ReportLab canvas.

The same certificate always gives the same bytes (see drawing.py), so a certificate is regenerated
on every download rather than stored. Transcripts live in transcript.py and are re-exported here.
"""

import io
from collections.abc import Sequence

import segno
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from clinlead.wording import date_in_words, minutes_in_words

from .data import CertificateData
from .drawing import (
    BOLD,
    DARK_RUN,
    DIVIDER,
    NHS_BLUE,
    QR_ERROR,
    QR_MASK,
    REGULAR,
    SECONDARY_TEXT,
    TEXT,
    FontsMissing,
    _Block,
    _canvas,
    _clip,
    _drawing,
    _height,
    _stack,
    _text,
    _width,
    _wrap,
)
from .transcript import TranscriptRow, render_transcript

__all__ = ["FontsMissing", "TranscriptRow", "render_certificate", "render_transcript"]


CERTIFICATE_PAGE = landscape(A4)
MARGIN = 64.0
QR_SIZE = 118.0  # 37 modules of a typical verify URL at 3.2 pt (1.1 mm): easy for a phone camera
FOOTER_TOP = 178.0
# A name keeps to one line down to NAME_ONE_LINE points, then takes two, getting smaller until it
# fits: 150 of the widest letters (the most a name may have) fit two lines at about 9 points.
# The name is what a certificate is for: it is never cut short, however small it must get.
NAME_ONE_LINE = 20.0
NAME_SMALLEST = 4.0


def render_certificate(certificate: CertificateData, verify_url: str) -> bytes:
    """A4 landscape certificate of completion, identical bytes for identical input.

    `verify_url`, where anyone can check it, is printed and drawn as a QR code; it is not stored
    with the certificate because it follows the site's address (certificates.api.verify_url).
    """
    buffer = io.BytesIO()
    with _drawing():
        canvas = _canvas(buffer, CERTIFICATE_PAGE, "Certificate of completion", certificate.session_title)
        _draw_certificate(canvas, certificate, verify_url)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _draw_certificate(canvas: Canvas, certificate: CertificateData, verify_url: str) -> None:
    page_width, page_height = CERTIFICATE_PAGE
    width = page_width - 2 * MARGIN
    canvas.setStrokeColor(NHS_BLUE)
    canvas.setLineWidth(1.5)
    canvas.rect(24, 24, page_width - 48, page_height - 48)
    _stack(
        canvas, [_text("Certificate of completion", BOLD, (28, 28), width, colour=NHS_BLUE)], MARGIN, page_height - 62
    )
    canvas.setLineWidth(2.5)
    canvas.line(MARGIN, page_height - 110, page_width - MARGIN, page_height - 110)

    top = page_height - 124
    _stack(canvas, _certificate_body(certificate, width, top - FOOTER_TOP), MARGIN, top)

    canvas.setStrokeColor(DIVIDER)
    canvas.setLineWidth(0.75)
    canvas.line(MARGIN, FOOTER_TOP, page_width - MARGIN, FOOTER_TOP)
    room = width - QR_SIZE - 24
    details = [
        _text(
            f"Time spent: {minutes_in_words(certificate.minutes_spent)} (for your CPD record)", REGULAR, (11, 8), room
        ),
        _text(f"Completed on: {date_in_words(certificate.completed_on)}", REGULAR, (11, 8), room, gap_before=3),
        _text(f"Certificate number: {certificate.number}", REGULAR, (11, 8), room, gap_before=3),
        _text("Check this certificate at:", REGULAR, (9, 9), room, colour=SECONDARY_TEXT, gap_before=10),
        _text(verify_url, REGULAR, (9, 7), room, max_lines=3),
    ]
    _stack(canvas, details, MARGIN, FOOTER_TOP - 14)
    _draw_qr(canvas, verify_url, page_width - MARGIN - QR_SIZE, 40, QR_SIZE)


def _certificate_body(certificate: CertificateData, width: float, room: float) -> list[_Block]:
    """The name, session and framework, shrunk until they fit in `room` points of height."""
    blocks: list[_Block] = []
    for scale in (1.0, 0.9, 0.8, 0.7):
        blocks = [
            _text(
                certificate.learner_name,
                BOLD,
                (34 * scale, NAME_SMALLEST),
                width,
                max_lines=2,
                wrap_below=NAME_ONE_LINE,
            ),
            _text("has completed the session", REGULAR, (13 * scale, 10), width, gap_before=6 * scale),
            _text(certificate.session_title, BOLD, (20 * scale, 11), width, max_lines=3, gap_before=2),
            _text("part of the programme", REGULAR, (13 * scale, 10), width, gap_before=6 * scale),
            _text(certificate.programme_title, BOLD, (15 * scale, 10), width, max_lines=2, gap_before=2),
            *_framework(certificate.domains, certificate.elements, width, scale),
        ]
        if _height(blocks) <= room:
            return blocks
    # Even the smallest type is too tall: leave elements out, saying how many, rather than overflow.
    shown = list(certificate.elements)
    while shown and _height(blocks) > room:
        shown.pop()
        more = f"and {len(certificate.elements) - len(shown)} more (see your transcript)"
        blocks = [*blocks[:5], *_framework(certificate.domains, (*shown, more), width, 0.7)]
    return blocks


def _framework(domains: Sequence[str], elements: Sequence[str], width: float, scale: float) -> list[_Block]:
    if not domains and not elements:
        return []
    size = max(11 * scale, 8)
    blocks = [_text("Leadership framework", BOLD, (12 * scale, 9), width, colour=NHS_BLUE, gap_before=14 * scale)]
    if domains:
        label = "Domain" if len(domains) == 1 else "Domains"
        blocks.append(_text(f"{label}: {'; '.join(domains)}", REGULAR, (size, 8), width, max_lines=2))
    if elements:
        # One column reads best; a longer list goes into two before the type gets any smaller.
        blocks.append(_bullets(elements, size, width, columns=1 if len(elements) <= 4 else 2))
    return blocks


def _bullets(items: Sequence[str], size: float, width: float, columns: int) -> _Block:
    gutter, indent, leading = 18.0, _width("• ", REGULAR, size), size * 1.25
    text_width = (width - gutter * (columns - 1)) / columns - indent
    per_column = -(-len(items) // columns)
    placed: list[tuple[float, float, str]] = []
    tallest = 0.0
    for column in range(columns):
        x, depth = column * (text_width + indent + gutter), size
        for item in items[column * per_column : (column + 1) * per_column]:
            lines = _clip(_wrap(item, REGULAR, size, text_width) or [""], 2, REGULAR, size, text_width)
            # The bullet shares the first line's string, so that copied or spoken text keeps them together.
            placed.append((x, depth, f"• {lines[0]}"))
            placed.extend((x + indent, depth + leading * i, line) for i, line in enumerate(lines[1:], start=1))
            depth += leading * len(lines)
        tallest = max(tallest, depth - size)
    return _Block(REGULAR, size, TEXT, tuple(placed), tallest)


def _draw_qr(canvas: Canvas, data: str, left: float, bottom: float, size: float) -> None:
    """The QR code as filled vector squares: no image to encode, and sharp at any print size."""
    matrix = segno.make(data, error=QR_ERROR, mask=QR_MASK, micro=False).matrix
    canvas.saveState()
    # Drawn in module units from the top row down, so every coordinate is a small integer.
    canvas.translate(left, bottom + size)
    canvas.scale(size / len(matrix), -size / len(matrix))
    canvas.setFillColor(TEXT)
    # PDF operators written directly: ReportLab's path API formats each number in Python, which for a
    # few hundred squares cost more than the rest of the page. One path filled once also merges
    # touching squares, leaving no hairline seams between them.
    runs = ((row, dark.start(), dark.end()) for row, cells in enumerate(matrix) for dark in DARK_RUN.finditer(cells))
    squares = [f"{start} {row} {end - start} 1 re" for row, start, end in runs]
    canvas.addLiteral("\n".join([*squares, "f"]))
    canvas.restoreState()
