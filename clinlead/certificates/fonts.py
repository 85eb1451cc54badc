"""TrueType fonts embedded from a cache, and shaped glyphs given codes that ReportLab can embed.

ReportLab embeds a TrueType font as subsets of up to 256 codes, each code standing for a character
the font's cmap maps to a glyph. Shaped text (Arabic joining forms, ligatures, Indic conjuncts) uses
glyphs that no character maps to, so each such glyph gets a private code point of its own here,
paired with the text it stands for: the embedded ToUnicode map then gives that text back, so a
certificate's name can still be copied, searched and read aloud.
"""

import functools
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont

# Letters beyond ASCII that names in the UK commonly carry (Irish, Welsh, Gaelic, French, German,
# Nordic, Polish, Czech, Romanian, Turkish, Hungarian...) and the punctuation drawn here. Each
# document gives them the same glyph codes, so its embedded fonts match the cached ones below.
# ASCII is in every document already (ReportLab keeps it at its own codes).
COMMON_CHARACTERS = (
    "".join(map(chr, range(0xC0, 0x100))).replace("×", "").replace("÷", "")
    + "ĀāĂăĄąĆćČčĎďĐđĒēĖėĘęĚěĞğĪīĮįİıĹĺĽľŁłŃńŇňŐőŒœŔŕŘřŚśŞşŠšŢţŤťŪūŮůŰűŲųŴŵŶŷŸŹźŻżŽžȘșȚț"
    + "•…–—‘’“”"
)

# Supplementary Private Use Area-A: no font's cmap or learner's name uses it (names refuse private
# use characters), so a code here can only be one of ours.
FIRST_GLYPH_CODE = 0xF0000


class FontsMissing(RuntimeError):
    """The TrueType fonts that certificates are drawn in are not installed."""


class _CachedSubsetFont(TTFont):  # type: ignore[misc]
    """A TTFont that builds each distinct glyph subset's font file, widths and CMap only once.

    ReportLab's TTFont.addObjects subsets, measures and compresses the font afresh for every
    document, which was more than half of a certificate's time. This writes the same objects, in
    the same order and bytes (a test holds the two identical), taking the costly parts from a cache.
    """

    def __init__(self, name: str, filename: str, subfont_index: int = 0) -> None:
        super().__init__(name, filename, subfontIndex=subfont_index)
        self._pieces = functools.lru_cache(maxsize=32)(self._build_pieces)
        self._primed: Any = None
        self._glyph_codes: dict[tuple[int, str], int] = {}
        self._code_texts: dict[int, str] = {}

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

    def glyph_code(self, glyph: int, text: str, advance: float) -> int:
        """The code point that draws `glyph` and reads back as `text` (advance in 1/1000 em).

        A glyph that is simply the cmap's glyph for the one character `text` keeps that character.
        Any other pairing gets a private code: the same glyph can stand for different text (Persian
        and Arabic yeh share their joining forms), and each pairing reads back as its own text.
        """
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
            return ord(text)
        code = self._glyph_codes.get((glyph, text))
        if code is None:
            code = FIRST_GLYPH_CODE + len(self._glyph_codes)
            self._glyph_codes[glyph, text] = code
            self._code_texts[code] = text
            face.charToGlyph[code] = glyph
            face.charWidths[code] = advance
        return code

    def _build_pieces(self, base_font_name: str, subset: tuple[int, ...]) -> tuple[bytes, int, bytes, bytes]:
        font_file = self.face.makeSubset(list(subset))
        widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset]).format(None)
        to_unicode = _to_unicode_cmap(base_font_name, [self._code_texts.get(code, chr(code)) for code in subset])
        compress = pdfdoc.PDFZCompress.encode
        return compress(font_file), len(font_file), widths, compress(to_unicode.encode("ascii"))

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


def _to_unicode_cmap(font_name: str, texts: list[str]) -> str:
    """ReportLab's makeToUnicodeCMap, but mapping each code to text of any length and plane.

    ReportLab writes each code's character as four hex digits, which is right for one character of
    the Basic Multilingual Plane (and gives the same bytes for those) but not for a ligature's
    several characters or our private codes; UTF-16 as the PDF format asks for is right for all.
    """
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({font_name})",
            f"/Ordering ({font_name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{font_name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(texts) - 1:02X}>",
            "endcodespacerange",
            f"{len(texts)} beginbfchar",
            *(f"<{code:02X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in enumerate(texts)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class _StandIn:
    """Stands in for a document while the common characters' codes are worked out."""


def _compressed(content: bytes, **entries: int) -> Any:
    """A stream whose content is already Flate-compressed, so ReportLab writes it as it is."""
    dictionary = pdfdoc.PDFDictionary({**entries, "Filter": pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])})
    return pdfdoc.PDFStream(dictionary, content)
