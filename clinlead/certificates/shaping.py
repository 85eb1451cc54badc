"""Text in any script: a font for every character, the bidirectional order, and HarfBuzz shaping.

Plain text (Latin, Greek, Cyrillic without combining marks) never comes here: drawing.py draws it
character by character in DejaVu Sans, as fast as before. Anything else, above all learners'
names, is laid out as a browser would: each cluster (a letter with its marks) gets the first font
that has all its characters, preferring the font made for its script; the Unicode bidirectional
algorithm (python-bidi) gives each character its level; runs of one font and level are shaped by
HarfBuzz (joining forms, ligatures, Indic reordering and conjuncts, mark positions) with the whole
line as context, and placed in visual order. ReportLab's own shaping (TTFont.shapable, through
uharfbuzz too) shapes one font at a time and relies on rlbidi for direction, which is not on PyPI.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import uharfbuzz as hb
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from .fonts import FontsMissing, _CachedSubsetFont

NOTO_DIR = Path("/usr/share/fonts/truetype/noto")
NOTO_PACKAGE = "fonts-noto-core"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # TrueType outlines: ReportLab embeds those only
CJK_PACKAGE = "fonts-wqy-zenhei"
CJK = "WenQuanYiZenHei"  # one weight only: bold and regular text share it

# The font made for each script, by code point (first, last, Noto family); the rest of the
# fallback chain follows in FALLBACK_FAMILIES.
SCRIPT_FAMILIES = (
    (0x0590, 0x05FF, "NotoSansHebrew"),
    (0x0600, 0x06FF, "NotoSansArabic"),
    (0x0750, 0x077F, "NotoSansArabic"),
    (0x08A0, 0x08FF, "NotoSansArabic"),
    (0x0900, 0x097F, "NotoSansDevanagari"),
    (0x0980, 0x09FF, "NotoSansBengali"),
    (0x0A00, 0x0A7F, "NotoSansGurmukhi"),
    (0x0A80, 0x0AFF, "NotoSansGujarati"),
    (0x0B00, 0x0B7F, "NotoSansOriya"),
    (0x0B80, 0x0BFF, "NotoSansTamil"),
    (0x0C00, 0x0C7F, "NotoSansTelugu"),
    (0x0C80, 0x0CFF, "NotoSansKannada"),
    (0x0D00, 0x0D7F, "NotoSansMalayalam"),
    (0x0D80, 0x0DFF, "NotoSansSinhala"),
    (0x0E00, 0x0E7F, "NotoSansThai"),
    (0x1200, 0x137F, "NotoSansEthiopic"),
    (0x3000, 0x9FFF, CJK),
    (0xAC00, 0xD7AF, CJK),
    (0xFF00, 0xFFEF, CJK),
)
FALLBACK_FAMILIES = (
    "NotoSans",  # Latin, Greek and Cyrillic letters and accents DejaVu Sans lacks
    "NotoSansArmenian",
    "NotoSansGeorgian",
    *dict.fromkeys(family for _, _, family in SCRIPT_FAMILIES),
)
JOINERS = frozenset("\u200c\u200d")  # zero width non-joiner and joiner: they choose forms, and stay
VIRAMA = 9  # canonical combining class of a virama: the consonant after it belongs to its cluster
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Segment:
    """Glyphs of one font, drawn from `x` (1/1000 of the type size) along the line."""

    font: str
    x: float
    glyphs: ShapedStr


@dataclass(frozen=True)
class ShapedLine:
    """A line as it is drawn: segments left to right, and its width in 1/1000 of the type size."""

    text: str
    width: float
    segments: tuple[Segment, ...]


def weight_of(font: str) -> str:
    """Noto files are named by weight: the bold fallbacks go with a bold primary font."""
    return "Bold" if font.endswith("Bold") else "Regular"


@functools.lru_cache(maxsize=2048)
def shape_line(text: str, primary: str) -> ShapedLine:
    """`text` laid out on one line in `primary` (a registered font) and its fallbacks."""
    text = _drawable(text)
    if not text:
        return ShapedLine(text, 0.0, ())
    text, fonts = _fonts(text, primary, weight_of(primary))
    levels = _levels(text)
    runs: list[Run] = []
    for index, (font, level) in enumerate(zip(fonts, levels, strict=True)):
        if runs and runs[-1][2:] == (font, level):
            runs[-1] = (runs[-1][0], index + 1, font, level)
        else:
            runs.append((index, index + 1, font, level))
    codepoints = [ord(character) for character in text]
    segments: list[Segment] = []
    x = 0.0
    for start, end, font, level in _visual_order(runs):
        glyphs = _shape(text, codepoints, start, end, font, level % 2 == 1)
        if segments and segments[-1].font == font:
            segments[-1] = Segment(font, segments[-1].x, segments[-1].glyphs + glyphs)
        else:
            segments.append(Segment(font, x, glyphs))
        x += sum(data.x_advance for data in glyphs.__shapeData__)
    return ShapedLine(text, x, tuple(segments))


def break_points(text: str) -> list[int]:
    """Where a word too long for its line may be broken: never inside a letter's cluster."""
    points = []
    for index in range(1, len(text)):
        character, before = text[index], text[index - 1]
        if unicodedata.category(character)[0] == "M" or character in JOINERS or before in JOINERS:
            continue
        if unicodedata.combining(before) == VIRAMA:
            continue
        points.append(index)
    return points


# -- fonts -----------------------------------------------------------------------------------------


def _drawable(text: str) -> str:
    """Names are checked when entered (accounts/names.py); older ones lose control characters here
    rather than let an override reorder them, and characters no font has show as U+FFFD."""
    return "".join(
        character
        for character in text
        if character in JOINERS or unicodedata.category(character) not in ("Cc", "Cf", "Zl", "Zp")
    )


def _fonts(text: str, primary: str, weight: str) -> tuple[str, list[str]]:
    """The font of each character: a cluster's letter chooses, its marks and joiners follow it.

    A cluster no font has is replaced by U+FFFD in the primary font (the text comes back too)."""
    chain = (primary, *(_family_font(family, weight) for family in FALLBACK_FAMILIES))
    fonts: list[str] = []
    drawn = list(text)
    for start, end in _clusters(text):
        needed = {ord(character) for character in text[start:end] if character not in JOINERS}
        base = ord(text[start])
        candidates: list[str] = []
        if fonts and unicodedata.category(text[start])[0] in "PZNS":  # punctuation, spaces, digits
            candidates.append(fonts[-1])  # stay in the font of the letters around them
        for first, last, family in SCRIPT_FAMILIES:
            if first <= base <= last:
                candidates.append(_family_font(family, weight))
        candidates.extend(chain)
        font = next((font for font in candidates if needed <= _cmap(font)), None)
        if font is None:
            drawn[start:end] = REPLACEMENT * (end - start)
        fonts.extend([font or primary] * (end - start))
    return "".join(drawn), fonts


def _clusters(text: str) -> list[tuple[int, int]]:
    starts = [0, *break_points(text), len(text)]
    return list(itertools.pairwise(starts))


def _family_font(family: str, weight: str) -> str:
    return CJK if family == CJK else f"{family}-{weight}"


def _path(font: str) -> tuple[Path, str]:
    if font == CJK:
        return CJK_FONT, CJK_PACKAGE
    return NOTO_DIR / f"{font}.ttf", NOTO_PACKAGE


def _registered(font: str) -> _CachedSubsetFont:
    """The ReportLab font, registered on first use: most processes only ever need DejaVu Sans."""
    try:
        registered: _CachedSubsetFont = pdfmetrics.getFont(font)
        return registered
    except KeyError:
        pass
    path, package = _path(font)
    if not path.is_file():
        raise FontsMissing(
            f"certificate font {path} is missing: install the Debian package {package} "
            f"(apt-get install {package}), which certificates need for names in scripts other than Latin"
        )
    registered = _CachedSubsetFont(font, str(path))
    pdfmetrics.registerFont(registered)
    return registered


@functools.cache
def _cmap(font: str) -> frozenset[int]:
    return frozenset(_harfbuzz(font).face.unicodes)


@functools.cache
def _harfbuzz(font: str) -> hb.Font:
    registered = _registered(font)
    face = hb.Face(hb.Blob.from_file_path(registered.face.filename), 0)
    return hb.Font(face)  # its scale is the font's units per em


# -- direction -------------------------------------------------------------------------------------

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
Run = tuple[int, int, str, int]  # start, end, font, level


def _levels(text: str) -> list[int]:
    """Each character's bidirectional level, from python-bidi (the Rust unicode-bidi crate).

    Its only way of giving levels out is the debug form of its analysis, levels per UTF-8 byte;
    the pure-Python algorithm it also ships predates the current Unicode rules (bracket pairs).
    """
    analysis = str(get_display(text, debug=True))
    levels_at, paragraphs_at = analysis.find("\n    levels: ["), analysis.find("\n    paragraphs: [")
    per_byte = [int(level) for level in _LEVEL.findall(analysis, levels_at, paragraphs_at)]
    if levels_at < 0 or len(per_byte) != len(text.encode()):
        raise RuntimeError(f"python-bidi gave no levels for {text!r}: has its debug output changed?")
    levels, offset = [], 0
    for character in text:
        levels.append(per_byte[offset])
        offset += len(character.encode())
    return levels


def _visual_order(runs: Sequence[Run]) -> list[Run]:
    """Rule L2 of the bidirectional algorithm, on runs of one level: from the highest level down
    to the lowest odd one, reverse every stretch of runs at that level or higher."""
    order = list(runs)
    levels = [run[3] for run in runs]
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        index = 0
        while index < len(order):
            if order[index][3] < level:
                index += 1
                continue
            end = index
            while end < len(order) and order[end][3] >= level:
                end += 1
            order[index:end] = order[index:end][::-1]
            index = end
    return order


# -- shaping ---------------------------------------------------------------------------------------


def _shape(text: str, codepoints: list[int], start: int, end: int, font: str, rtl: bool) -> ShapedStr:
    """One run shaped by HarfBuzz, as the ShapedStr ReportLab's text objects draw glyph by glyph."""
    harfbuzz, registered = _harfbuzz(font), _registered(font)
    buffer = hb.Buffer()
    buffer.add_codepoints(codepoints, start, end - start)  # the whole line is context: joining across runs
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.guess_segment_properties()
    buffer.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES  # joiners have done their work
    hb.shape(harfbuzz, buffer)
    scale = 1000 / harfbuzz.face.upem
    clusters = sorted({info.cluster for info in buffer.glyph_infos})
    cluster_end = dict(itertools.pairwise([*clusters, end]))
    seen: set[int] = set()
    characters, data = [], []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        # The first glyph of a cluster reads back as the cluster's text; the others as nothing.
        own = "" if info.cluster in seen else text[info.cluster : cluster_end[info.cluster]]
        seen.add(info.cluster)
        width = harfbuzz.get_glyph_h_advance(info.codepoint) * scale
        characters.append(chr(registered.glyph_code(info.codepoint, own, width)))
        data.append(
            ShapeData(
                info.cluster,
                position.x_advance * scale,
                position.y_advance * scale,
                position.x_offset * scale,
                position.y_offset * scale,
                width,
            )
        )
    return ShapedStr("".join(characters), shapeData=data)
