"""Certificate and transcript PDFs, drawn straight onto a ReportLab canvas.

Plain canvas drawing (no platypus) and fonts embedded from a cache keep a certificate to a few
milliseconds. ReportLab's invariant mode and fixed metadata make the same content give the same bytes
on every call and every run, so a certificate can be re-issued, compared or cached by its content.
"""

import datetime
import functools
import io
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap
from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "CertificateContent",
    "FontsMissing",
    "TranscriptRow",
    "format_date",
    "format_minutes",
    "render_certificate",
    "render_transcript",
]

NHS_BLUE: Color = HexColor("#005eb8")
TEXT: Color = HexColor("#212b32")
SECONDARY_TEXT: Color = HexColor("#4c6272")
DIVIDER: Color = HexColor("#d8dde0")

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_PACKAGE = "fonts-dejavu-core"

# Every mask gives a valid code that any reader decodes (the mask number travels in the symbol's
# format information). Letting segno score all eight costs about 8 ms, more than the whole rest of a
# certificate, to pick the one that scans best from a damaged print; mask 0 keeps the budget.
QR_MASK = 0
# "M" recovers from about 15% damage: a crease or a coffee ring on a printed certificate.
QR_ERROR = "m"
DARK_RUN = re.compile(b"\x01+")  # in a row of segno's matrix, 1 is a dark module and 0 a light one

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class FontsMissing(RuntimeError):
    """The TrueType fonts that certificates are drawn in are not installed."""


@dataclass(frozen=True)
class CertificateContent:
    number: str
    learner_name: str
    session_title: str
    programme_title: str
    domains: tuple[str, ...]
    elements: tuple[str, ...]
    minutes_spent: int
    completed_on: datetime.date
    verify_url: str


@dataclass(frozen=True)
class TranscriptRow:
    session_title: str
    programme_title: str
    completed_on: datetime.date
    minutes_spent: int
    score_percent: int | None
    certificate_number: str


def format_minutes(minutes: int) -> str:
    """Time for a CPD record in words: "25 minutes", "1 hour", "1 hour 25 minutes"."""
    if minutes < 0:
        raise ValueError(f"minutes spent must be 0 or more, not {minutes}")
    hours, rest = divmod(minutes, 60)
    parts = [_count(hours, "hour")] if hours else []
    if rest or not hours:
        parts.append(_count(rest, "minute"))
    return " ".join(parts)


def format_date(day: datetime.date) -> str:
    """A date as people in the UK write it, "25 November 2026", whatever the server's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


# -- fonts -----------------------------------------------------------------------------------------

# Letters beyond ASCII that names in the UK commonly carry (Irish, Welsh, Gaelic, French, German,
# Nordic, Polish, Czech, Romanian, Turkish, Hungarian...) and the punctuation drawn here. Each
# document gives them the same glyph codes, so its embedded fonts match the cached ones below.
# ASCII is in every document already (ReportLab keeps it at its own codes).
COMMON_CHARACTERS = (
    "".join(map(chr, range(0xC0, 0x100))).replace("×", "").replace("÷", "")
    + "ĀāĂăĄąĆćČčĎďĐđĒēĖėĘęĚěĞğĪīĮįİıĹĺĽľŁłŃńŇňŐőŒœŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚț"
    + "•…–—‘’“”"
)


class _CachedSubsetFont(TTFont):  # type: ignore[misc]
    """A TTFont that builds each distinct glyph subset's font file, widths and CMap only once.

    ReportLab's TTFont.addObjects subsets, measures and compresses the font afresh for every
    document, which was more than half of a certificate's time. This writes the same objects, in
    the same order and bytes (a test holds the two identical), taking the costly parts from a cache.
    """

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self._pieces = functools.lru_cache(maxsize=32)(self._build_pieces)
        self._primed: Any = None

    def prime(self, doc: Any) -> None:
        """Give COMMON_CHARACTERS their codes in `doc`, so that most documents' subsets are the same.

        The codes are worked out once and copied: assigning them one by one took a tenth of a page.
        """
        if self._primed is None:
            stand_in = _StandIn()
            self.splitString(COMMON_CHARACTERS, stand_in)
            self._primed = self.state.pop(stand_in)
        state = self._assignState(doc)
        state.assignments = dict(self._primed.assignments)
        state.subsets = [list(subset) for subset in self._primed.subsets]
        state.nextCode = self._primed.nextCode

    def _build_pieces(self, base_font_name: str, subset: tuple[int, ...]) -> tuple[bytes, int, bytes, bytes]:
        font_file = self.face.makeSubset(list(subset))
        widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset]).format(None)
        to_unicode = makeToUnicodeCMap(base_font_name, list(subset))
        compress = pdfdoc.PDFZCompress.encode
        return compress(font_file), len(font_file), widths, compress(to_unicode)

    @functools.cache  # noqa: B019 -- one font object per typeface, living as long as the process
    def _base_font_name(self, subset_index: int) -> str:
        face = self.face
        name: str = b"".join((SUBSETN(subset_index), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
        return name

    def addObjects(self, doc: Any) -> None:  # noqa: N802 -- ReportLab's name for it
        if not doc.compression:
            super().addObjects(doc)
            return
        face = self.face
        state = self.state[doc]
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_font_name = self._base_font_name(n)
            font_file, font_file_length, widths, to_unicode = self._pieces(base_font_name, tuple(subset))
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_font_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = widths
            font.ToUnicode = doc.Reference(_compressed(to_unicode), f"toUnicodeCMap:{base_font_name}")
            file_ref = doc.Reference(
                _compressed(font_file, Length1=font_file_length), f"fontFile:{face.filename}({base_font_name})"
            )
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": face.flags & ~FF_NONSYMBOLIC | FF_SYMBOLIC,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(base_font_name),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": file_ref,
                    "MissingWidth": face.defaultWidth,
                }
            )
            font.FontDescriptor = doc.Reference(descriptor, f"fontDescriptor:{base_font_name}")
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font
        del self.state[doc]


class _StandIn:
    """Stands in for a document while the common characters' codes are worked out."""


def _compressed(content: bytes, **entries: int) -> Any:
    """A stream whose content is already Flate-compressed, so ReportLab writes it as it is."""
    dictionary = pdfdoc.PDFDictionary({**entries, "Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])})
    return pdfdoc.PDFStream(dictionary, content)


# ReportLab keeps per-document font state in shared TTFont objects and registers fonts in a global
# table, so drawing is serialised; it is pure Python under the GIL, so threads lose nothing by it.
_lock = threading.Lock()
_fonts_registered = False


@contextmanager
def _drawing() -> Iterator[None]:
    global _fonts_registered
    with _lock:
        if not _fonts_registered:  # parsing a TrueType file is slow: once, on the first render
            for name in (REGULAR, BOLD):
                path = FONT_DIR / f"{name}.ttf"
                if not path.is_file():
                    raise FontsMissing(
                        f"certificate font {path} is missing: install the Debian package {FONT_PACKAGE} "
                        f"(apt-get install {FONT_PACKAGE}), which covers names in Latin, Greek and Cyrillic"
                    )
                pdfmetrics.registerFont(_CachedSubsetFont(name, str(path)))
            _fonts_registered = True
        # ReportLab wraps every compressed stream in ASCII85 by default, a leftover from 7-bit mail
        # that makes files a quarter bigger and slower to write. It is read at save time, and only
        # as a global, so it is switched off while our documents are drawn.
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def _canvas(buffer: io.BytesIO, pagesize: tuple[float, float], title: str, subject: str) -> Canvas:
    # invariant=1 fixes the creation date and document ID that would otherwise change every call.
    canvas = Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1, lang="en-GB", initialFontName=REGULAR)
    canvas.setTitle(title)
    canvas.setAuthor("clinlead")
    canvas.setCreator("clinlead")
    canvas.setSubject(subject)
    canvas.setViewerPreference("DisplayDocTitle", "true")
    for name in (REGULAR, BOLD):
        pdfmetrics.getFont(name).prime(canvas._doc)
    return canvas


# -- text ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    # Cached because the same words (labels, programme and element titles) are measured on every
    # page, and ReportLab measures a TrueType string in Python, a character at a time.
    width: float = pdfmetrics.stringWidth(text, font, size)
    return width


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width`, between words where it can."""
    lines: list[str] = []
    line, used, space = "", 0.0, _width(" ", font, size)
    for word in text.split():
        word_width = _width(word, font, size)
        if line and used + space + word_width <= width:
            line, used = f"{line} {word}", used + space + word_width
            continue
        if line:
            lines.append(line)
        # A word wider than the line (a URL, say) is broken between characters rather than overflow.
        while word_width > width and len(word) > 1:
            cut, cut_width = 1, _width(word[0], font, size)
            while cut < len(word) - 1 and cut_width + _width(word[cut], font, size) <= width:
                cut_width += _width(word[cut], font, size)
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
            word_width = _width(word, font, size)
        line, used = word, word_width
    return [*lines, line] if line else lines


def _clip(lines: list[str], max_lines: int, font: str, size: float, width: float) -> list[str]:
    """At most `max_lines`, the last ending in an ellipsis when text was cut."""
    if len(lines) <= max_lines:
        return lines
    last = lines[max_lines - 1]
    while last and _width(f"{last}…", font, size) > width:
        last = last[:-1]
    return [*lines[: max_lines - 1], f"{last.rstrip()}…"]


@dataclass(frozen=True)
class _Block:
    """Lines of one font and colour, placed relative to the block's top left corner."""

    font: str
    size: float
    colour: Color
    lines: tuple[tuple[float, float, str], ...]  # (x, depth of the baseline below the top, text)
    height: float
    gap_before: float = 0.0

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        # One text object per block, not one per line as drawString makes; textLine, unlike
        # textOut, does not measure the line again. Each line is placed absolutely anyway.
        text = canvas.beginText()
        text.setFont(self.font, self.size)
        text.setFillColor(self.colour)
        for x, depth, line in self.lines:
            text.setTextOrigin(left + x, top - depth)
            text.textLine(line)
        canvas.drawText(text)


def _text(
    text: str,
    font: str,
    sizes: tuple[float, float],
    width: float,
    max_lines: int = 1,
    colour: Color = TEXT,
    gap_before: float = 0.0,
) -> _Block:
    """A paragraph at the largest size from `sizes` (largest, smallest) that fits in `max_lines`."""
    size, smallest = sizes
    lines = _wrap(text, font, size, width)
    while len(lines) > max_lines and size > smallest:
        size = max(size - 1, smallest)
        lines = _wrap(text, font, size, width)
    lines = _clip(lines, max_lines, font, size, width)
    leading = size * 1.25
    placed = tuple((0.0, leading * i + size, line) for i, line in enumerate(lines))
    return _Block(font, size, colour, placed, leading * len(lines), gap_before)


def _stack(canvas: Canvas, blocks: Sequence[_Block], left: float, top: float) -> float:
    """Draw blocks one under another; returns where the last one ends."""
    for block in blocks:
        top -= block.gap_before
        block.draw(canvas, left, top)
        top -= block.height
    return top


def _height(blocks: Sequence[_Block]) -> float:
    return sum(block.gap_before + block.height for block in blocks)


# -- certificate -----------------------------------------------------------------------------------

CERTIFICATE_PAGE = landscape(A4)
MARGIN = 64.0
QR_SIZE = 118.0  # 37 modules of a typical verify URL at 3.2 pt (1.1 mm): easy for a phone camera
FOOTER_TOP = 178.0


def render_certificate(content: CertificateContent) -> bytes:
    """A4 landscape certificate of completion, identical bytes for identical content."""
    buffer = io.BytesIO()
    with _drawing():
        canvas = _canvas(buffer, CERTIFICATE_PAGE, "Certificate of completion", content.session_title)
        _draw_certificate(canvas, content)
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


def _draw_certificate(canvas: Canvas, content: CertificateContent) -> None:
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
    _stack(canvas, _certificate_body(content, width, top - FOOTER_TOP), MARGIN, top)

    canvas.setStrokeColor(DIVIDER)
    canvas.setLineWidth(0.75)
    canvas.line(MARGIN, FOOTER_TOP, page_width - MARGIN, FOOTER_TOP)
    room = width - QR_SIZE - 24
    details = [
        _text(f"Time spent: {format_minutes(content.minutes_spent)} (for your CPD record)", REGULAR, (11, 8), room),
        _text(f"Completed on: {format_date(content.completed_on)}", REGULAR, (11, 8), room, gap_before=3),
        _text(f"Certificate number: {content.number}", REGULAR, (11, 8), room, gap_before=3),
        _text("Check this certificate at:", REGULAR, (9, 9), room, colour=SECONDARY_TEXT, gap_before=10),
        _text(content.verify_url, REGULAR, (9, 7), room, max_lines=3),
    ]
    _stack(canvas, details, MARGIN, FOOTER_TOP - 14)
    _draw_qr(canvas, content.verify_url, page_width - MARGIN - QR_SIZE, 40, QR_SIZE)


def _certificate_body(content: CertificateContent, width: float, room: float) -> list[_Block]:
    """The name, session and framework, shrunk until they fit in `room` points of height."""
    blocks: list[_Block] = []
    for scale in (1.0, 0.9, 0.8, 0.7):
        blocks = [
            _text(content.learner_name, BOLD, (34 * scale, 18), width, max_lines=2),
            _text("has completed the session", REGULAR, (13 * scale, 10), width, gap_before=6 * scale),
            _text(content.session_title, BOLD, (20 * scale, 11), width, max_lines=3, gap_before=2),
            _text("part of the programme", REGULAR, (13 * scale, 10), width, gap_before=6 * scale),
            _text(content.programme_title, BOLD, (15 * scale, 10), width, max_lines=2, gap_before=2),
            *_framework(content.domains, content.elements, width, scale),
        ]
        if _height(blocks) <= room:
            return blocks
    # Even the smallest type is too tall: leave elements out, saying how many, rather than overflow.
    shown = list(content.elements)
    while shown and _height(blocks) > room:
        shown.pop()
        more = f"and {len(content.elements) - len(shown)} more (see your transcript)"
        blocks = [*blocks[:5], *_framework(content.domains, (*shown, more), width, 0.7)]
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


# -- transcript ------------------------------------------------------------------------------------

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
        _text(name, BOLD, (15, 10), width, max_lines=2, gap_before=6),
        _text(f"Generated on {format_date(generated_on)}", REGULAR, (10, 10), width, colour=SECONDARY_TEXT),
    ]
    running_header = [_text(f"Transcript of completed learning: {name}", REGULAR, (9, 7), width, colour=SECONDARY_TEXT)]
    total = f"Total: {_count(len(rows), 'session')}, {format_minutes(sum(row.minutes_spent for row in rows))} spent"
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
        (format_date(row.completed_on), True),
        (format_minutes(row.minutes_spent), False),
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
