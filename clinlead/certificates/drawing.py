"""What certificates and transcripts share: fonts embedded from a cache, the canvas, and text layout.

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

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap
from reportlab.pdfgen.canvas import Canvas

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
