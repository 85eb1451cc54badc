"""What certificates and transcripts share: fonts embedded from a cache, the canvas, and text layout.

Plain canvas drawing (no platypus) and fonts embedded from a cache keep a certificate to a few
milliseconds. ReportLab's invariant mode and fixed metadata make the same content give the same bytes
on every call and every run, so a certificate can be re-issued, compared or cached by its content.
"""

import bisect
import functools
import io
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .fonts import FontsMissing as FontsMissing
from .fonts import _CachedSubsetFont as _CachedSubsetFont
from .shaping import ShapedLine, break_points, shape_line

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

# -- fonts -----------------------------------------------------------------------------------------

# ReportLab keeps per-document font state in shared TTFont objects and registers fonts in a global
# table, so drawing is serialised; it is pure Python under the GIL, so threads lose nothing by it.
_lock = threading.Lock()
_fonts_registered = False
_plain_characters: frozenset[str] = frozenset()
# Directions a character can have and still be drawn as it is, left to right, by DejaVu Sans.
PLAIN_DIRECTIONS = frozenset(["L", "EN", "ES", "ET", "CS", "ON", "WS"])


@contextmanager
def _drawing() -> Iterator[None]:
    global _fonts_registered, _plain_characters
    with _lock:
        if not _fonts_registered:  # parsing a TrueType file is slow: once, on the first render
            registered = []
            for name in (REGULAR, BOLD):
                path = FONT_DIR / f"{name}.ttf"
                if not path.is_file():
                    raise FontsMissing(
                        f"certificate font {path} is missing: install the Debian package {FONT_PACKAGE} "
                        f"(apt-get install {FONT_PACKAGE}), which covers names in Latin, Greek and Cyrillic"
                    )
                registered.append(_CachedSubsetFont(name, str(path)))
                pdfmetrics.registerFont(registered[-1])
            _plain_characters = _plain(registered)
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


def _plain(fonts: list[_CachedSubsetFont]) -> frozenset[str]:
    """Characters drawn one glyph each from DejaVu Sans: no marks to place, no right-to-left."""
    both = set(fonts[0].face.charToGlyph).intersection(*(font.face.charToGlyph for font in fonts[1:]))
    return frozenset(
        character
        for character in map(chr, both)
        if unicodedata.category(character)[0] not in "MC" and unicodedata.bidirectional(character) in PLAIN_DIRECTIONS
    )


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

    def measure(piece: str) -> float:
        return _width(piece, font, size)

    def cut(word: str) -> int:
        # A word wider than the line (a URL, say) is broken between characters rather than overflow.
        if len(word) <= 1:
            return 0
        end, used = 1, measure(word[0])
        while end < len(word) - 1 and used + measure(word[end]) <= width:
            used += measure(word[end])
            end += 1
        return end

    return _wrap_words(text, width, measure, cut)


def _wrap_words(text: str, width: float, measure: Callable[[str], float], cut: Callable[[str], int]) -> list[str]:
    """Words on lines no wider than `width`; a word wider than a line is broken where `cut` says (0: nowhere)."""
    lines: list[str] = []
    line, used, space = "", 0.0, measure(" ")
    for word in text.split():
        word_width = measure(word)
        if line and used + space + word_width <= width:
            line, used = f"{line} {word}", used + space + word_width
            continue
        if line:
            lines.append(line)
        while word_width > width and (end := cut(word)):
            lines.append(word[:end])
            word = word[end:]
            word_width = measure(word)
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
    wrap_below: float | None = None,
) -> _Block:
    """A paragraph at the largest size from `sizes` (largest, smallest) that fits in `max_lines`.

    With `wrap_below`, the text keeps to one line, getting smaller, down to that size before it
    may take more lines. Text beyond DejaVu Sans's plain letters is shaped (see shaping.py).
    """
    plain = _plain_characters.issuperset(text)
    size, smallest = sizes
    while True:
        lines = _wrap(text, font, size, width) if plain else _wrap_shaped(text, font, size, width)
        allowed = 1 if wrap_below is not None and size > wrap_below else max_lines
        if (len(lines) <= allowed and (plain or _fit(lines, font, size, width))) or size <= smallest:
            break
        size = max(size - 1, smallest)
    leading = size * 1.25
    if plain:
        lines = _clip(lines, max_lines, font, size, width)
        placed = tuple((0.0, leading * i + size, line) for i, line in enumerate(lines))
        return _Block(font, size, colour, placed, leading * len(lines), gap_before)
    shaped = _clip_shaped(lines, max_lines, font, size, width)
    placed = tuple((0.0, leading * i + size, line.text) for i, line in enumerate(shaped))
    return _ShapedBlock(font, size, colour, placed, leading * len(shaped), gap_before, tuple(shaped))


def _stack(canvas: Canvas, blocks: Sequence[_Block], left: float, top: float) -> float:
    """Draw blocks one under another; returns where the last one ends."""
    for block in blocks:
        top -= block.gap_before
        block.draw(canvas, left, top)
        top -= block.height
    return top


def _height(blocks: Sequence[_Block]) -> float:
    return sum(block.gap_before + block.height for block in blocks)


# -- shaped text -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ShapedBlock(_Block):
    """Lines laid out by shaping.py: each a row of segments, each of one font."""

    shaped: tuple[ShapedLine, ...] = ()

    def draw(self, canvas: Canvas, left: float, top: float) -> None:
        text = canvas.beginText()
        text.setFillColor(self.colour)
        scale = self.size / 1000
        for (x, depth, _), line in zip(self.lines, self.shaped, strict=True):
            for segment in line.segments:
                text.setFont(segment.font, self.size)
                text.setTextOrigin(left + x + segment.x * scale, top - depth)
                text.textLine(segment.glyphs)  # a ShapedStr: ReportLab places each glyph as HarfBuzz says
        canvas.drawText(text)


def _shaped_width(text: str, font: str, size: float) -> float:
    return shape_line(text, font).width * size / 1000


def _fit(lines: list[str], font: str, size: float, width: float) -> bool:
    """Whether each line, shaped whole (its words measured apart may differ a little), fits."""
    return all(_shaped_width(line, font, size) <= width for line in lines)


def _wrap_shaped(text: str, font: str, size: float, width: float) -> list[str]:
    """_wrap for shaped text: words measured shaped, long words broken only between clusters."""
    return _wrap_words(
        text, width, lambda piece: _shaped_width(piece, font, size), lambda word: _cut(word, font, size, width)
    )


def _cut(word: str, font: str, size: float, width: float) -> int:
    """The longest start of `word` that fits in `width`, ending between clusters (0: cannot cut)."""
    points = break_points(word)
    # Bisected: a start of a word is never narrower than a shorter start of it.
    fitting = bisect.bisect_right(points, width, key=lambda point: _shaped_width(word[:point], font, size))
    return points[fitting - 1] if fitting else (points[0] if points else 0)


def _clip_shaped(lines: list[str], max_lines: int, font: str, size: float, width: float) -> list[ShapedLine]:
    """_clip for shaped text: a line that is cut, or still too wide, loses whole clusters (any
    characters, if it has no places to break) until it fits with an ellipsis."""
    cut = len(lines) > max_lines
    clipped = []
    for index, line in enumerate(lines[:max_lines]):
        if (cut and index == max_lines - 1) or _shaped_width(line, font, size) > width:
            ends = [0, *(break_points(line) or range(1, len(line)))]
            while len(ends) > 1 and _shaped_width(f"{line[: ends[-1]].rstrip()}…", font, size) > width:
                ends.pop()
            line = f"{line[: ends[-1]].rstrip()}…"
        clipped.append(shape_line(line, font))
    return clipped
