"""Names in any script are drawn with real glyphs, shaped, in visual order, and always fit the page."""

import collections
import dataclasses
import datetime
import hashlib
import io
import os
import re
import struct
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
import uharfbuzz as hb
from bidi import get_display
from pypdf.generic import ContentStream, TextStringObject

from clinlead.accounts import api as accounts
from clinlead.accounts.api import NAME_MAX_LENGTH as MAX_LENGTH
from clinlead.certificates import drawing, pdf, shaping
from clinlead.certificates.pdf import render_certificate, render_transcript
from tests.factories import NAMES_IN_MANY_SCRIPTS as ACCEPTED

from .test_pdf import CERTIFICATE, VERIFY_URL, text_of, text_outside_page

ARABIC = "محمد"


@dataclasses.dataclass(frozen=True)
class Glyph:
    font: str  # the embedded font's name, without its subset tag
    text: str  # what its ToUnicode entry reads back as
    glyph: int  # its glyph in the embedded font program
    extents: tuple[int, int, int, int]  # its outline's box: empty for a space
    advance: int


def drawn(document: bytes) -> list[Glyph]:
    """Every glyph drawn on the first page, in the order drawn (left to right along each line)."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    page = reader.pages[0]
    fonts: Any = page["/Resources"]["/Font"]  # type: ignore[index]
    glyphs: list[Glyph] = []
    font: Callable[[int], Glyph] | None = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Tf":
            font = _embedded(fonts[operands[0]].get_object())
        strings = operands if operator == b"Tj" else operands[0] if operator == b"TJ" else []
        for string in strings:
            if isinstance(string, TextStringObject):
                raw = string.original_bytes
            elif isinstance(string, bytes):
                raw = bytes(string)
            else:
                continue  # a TJ array's positioning numbers
            assert font is not None
            glyphs.extend(font(code) for code in raw)
    return glyphs


def _embedded(font: Any) -> Callable[[int], Glyph]:
    name = font["/BaseFont"].split("+")[-1]
    cmap = font["/ToUnicode"].get_data().decode().split("beginbfchar")[1]
    pairs = re.findall(r"<(\w\w)> <(\w*)>", cmap)
    texts = {int(code, 16): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs}
    face = hb.Face(hb.Blob(font["/FontDescriptor"]["/FontFile2"].get_data()))
    harfbuzz = hb.Font(face)
    # ReportLab's subsets map their codes to glyphs with one Macintosh cmap of format 6, which
    # HarfBuzz reads as Mac Roman: it is read here as it is written, code by code.
    cmap = face.reference_table("cmap").data
    offset = struct.unpack(">I", cmap[8:12])[0]
    form, _, _, first, count = struct.unpack(">5H", cmap[offset : offset + 10])
    assert (form, first) == (6, 0)
    glyph_ids = struct.unpack(f">{count}H", cmap[offset + 10 : offset + 10 + 2 * count])

    def glyph(code: int) -> Glyph:
        gid = glyph_ids[code]
        box = harfbuzz.get_glyph_extents(gid)
        extents = (box.x_bearing, box.y_bearing, box.width, box.height) if box else (0, 0, 0, 0)
        return Glyph(name, texts[code], gid, extents, harfbuzz.get_glyph_h_advance(gid))

    return glyph


def certificate(name: str, **changes) -> bytes:
    return render_certificate(dataclasses.replace(CERTIFICATE, learner_name=name, **changes), VERIFY_URL)


def original_glyph(font: str, character: str) -> tuple[tuple[int, int, int, int], int]:
    """The outline box and advance of a character's own (isolated) glyph in the installed font."""
    path = shaping.CJK_FONT if font == shaping.CJK else shaping.NOTO_DIR / f"{font}.ttf"
    harfbuzz = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    box = harfbuzz.get_glyph_extents(harfbuzz.get_nominal_glyph(ord(character)))
    return (box.x_bearing, box.y_bearing, box.width, box.height), harfbuzz.get_glyph_h_advance(
        harfbuzz.get_nominal_glyph(ord(character))
    )


# -- every character drawn ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*ACCEPTED, "محمد A. Khan 12", "علاء پرویز ٹیپو", "ǅemal Ŋgũgĩ", "n̈ Spın̈al Tap"])
def test_every_character_of_a_name_is_drawn_with_a_glyph_that_has_ink(name):
    glyphs = drawn(certificate(name))
    assert all(glyph.glyph != 0 for glyph in glyphs), "a .notdef (tofu) glyph was drawn"
    assert all(glyph.extents[2] and glyph.extents[3] for glyph in glyphs if glyph.text.strip()), "an empty glyph"
    drawn_characters = collections.Counter("".join(glyph.text for glyph in glyphs))
    wanted = collections.Counter(character for character in name if character not in shaping.JOINERS)
    assert not wanted - drawn_characters, f"not drawn: {wanted - drawn_characters}"
    assert "\ufffd" not in drawn_characters


@pytest.mark.parametrize("weight", ["Regular", "Bold"])
def test_every_character_a_name_may_contain_has_a_font(weight):
    primary = drawing.BOLD if weight == "Bold" else drawing.REGULAR
    missing = []
    with drawing._drawing():
        for character in allowed_characters():
            text, fonts = shaping._fonts(character, primary, weight)
            if text != character or ord(character) not in shaping._cmap(fonts[0]):
                missing.append(f"U+{ord(character):04X}")
    assert missing == []


def allowed_characters() -> list[str]:
    return accounts.characters_a_name_may_contain()


def test_plain_latin_names_stay_in_dejavu_sans_and_are_not_shaped():
    fonts = {glyph.font for glyph in drawn(certificate("Siobhán Ní Bhriain"))}
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


# -- shaped and ordered ------------------------------------------------------------------------------


def test_arabic_letters_are_drawn_in_their_joining_forms_right_to_left():
    glyphs = [glyph for glyph in drawn(certificate(ARABIC)) if glyph.font == "NotoSansArabic-Bold"]
    assert "".join(glyph.text for glyph in glyphs) == ARABIC[::-1]  # drawn left to right: the last letter first
    for glyph in glyphs:  # final dal, medial meem, medial hah, initial meem: none in its isolated form
        assert (glyph.extents, glyph.advance) != original_glyph("NotoSansArabic-Bold", glyph.text)


def test_lam_alef_is_drawn_as_one_ligature():
    glyphs = [glyph for glyph in drawn(certificate("علاء")) if glyph.font == "NotoSansArabic-Bold"]
    assert [glyph.text for glyph in glyphs] == ["ء", "لا", "ع"]


def test_a_conjunct_and_a_vowel_sign_before_it_are_shaped_in_devanagari():
    glyphs = [glyph for glyph in drawn(certificate("प्रिया")) if glyph.font == "NotoSansDevanagari-Bold"]
    # प्र is one conjunct glyph, and the i vowel sign is drawn before it although typed after it.
    assert len(glyphs) < len("प्रिया")
    assert glyphs[0].extents != original_glyph("NotoSansDevanagari-Bold", "प")[0]


@pytest.mark.parametrize(
    "name", ["محمد A. Khan 12", "A. محمد Khan", "שרה לוי-כהן", "דוד 2nd כהן", "Amara محمد", "مریم ۱۲ خان"]
)
def test_right_to_left_and_mixed_names_are_drawn_in_the_bidirectional_algorithms_visual_order(name):
    visual = "".join(glyph.text for glyph in drawn(certificate(name)))
    assert get_display(name) in visual


def test_a_name_saved_before_the_rule_loses_its_override_rather_than_show_reversed():
    visual = "".join(glyph.text for glyph in drawn(certificate("Amara \u202enosduh")))
    assert "Amara nosduh" in visual


def test_transcripts_draw_names_shaped_and_in_order():
    glyphs = drawn(render_transcript("محمد عبد الله", [], datetime.date(2026, 11, 25)))
    assert get_display("محمد عبد الله") in "".join(glyph.text for glyph in glyphs)
    assert all(glyph.glyph != 0 for glyph in glyphs)


def test_shaped_certificates_are_the_same_bytes_in_a_fresh_process_that_drew_other_names_first():
    script = (
        "import dataclasses, hashlib, sys\n"
        "import django; django.setup()\n"  # dates are written in words by Django (clinlead.wording)
        "from clinlead.certificates.pdf import render_certificate\n"
        "from clinlead.certificates.tests.test_pdf import CERTIFICATE, VERIFY_URL\n"
        "def certificate(name):\n"
        "    return render_certificate(dataclasses.replace(CERTIFICATE, learner_name=name), VERIFY_URL)\n"
        "certificate('يوسف علي عزيز'); certificate('प्रिया'); certificate('김민준 دانيال')\n"
        "sys.stdout.write(hashlib.sha256(certificate('محمد عبد الله 김민준')).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONHASHSEED": "4321"}
    fresh = subprocess.run(  # noqa: S603 -- runs this interpreter on a fixed script
        [sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert fresh.stdout == hashlib.sha256(certificate("محمد عبد الله 김민준")).hexdigest()


# -- fitting -------------------------------------------------------------------------------------------


def name_block(name: str):
    page_width, page_height = pdf.CERTIFICATE_PAGE
    width = page_width - 2 * pdf.MARGIN
    content = dataclasses.replace(CERTIFICATE, learner_name=name)
    with drawing._drawing():
        block = pdf._certificate_body(content, width, page_height - 124 - pdf.FOOTER_TOP)[0]
        widths = [drawing._shaped_width(line, block.font, block.size) for _, _, line in block.lines]
    return block, widths, width


def widest_allowed_letter() -> str:
    """Tamil letter AU, at 2.3 em as wide as its type is high."""
    letters = [character for character in allowed_characters() if unicodedata.category(character)[0] == "L"]
    with drawing._drawing():
        return max(letters, key=lambda letter: shaping.shape_line(letter, drawing.BOLD).width)


@pytest.mark.parametrize("kind", ["W", "wide CJK", "widest letter", "words of W"])
def test_the_longest_name_of_the_widest_letters_fits_on_two_lines_inside_the_margins(kind):
    name = {
        "W": "W" * MAX_LENGTH,
        "wide CJK": "鬱" * MAX_LENGTH,
        "widest letter": widest_allowed_letter() * MAX_LENGTH,
        "words of W": ("WWWWWWWWWWWWWW " * 10)[:MAX_LENGTH].strip(),
    }[kind]
    block, widths, room = name_block(name)
    assert len(block.lines) == 2
    assert max(widths) <= room
    assert "".join(line for _, _, line in block.lines).replace(" ", "") == name.replace(" ", "")  # nothing cut
    assert block.size >= {"W": 8, "wide CJK": 9, "widest letter": 4, "words of W": 7}[kind]
    document = certificate(name)
    assert len(pypdf.PdfReader(io.BytesIO(document)).pages) == 1
    if kind == "W":
        assert text_outside_page(document) == []
        assert "W" * 40 in text_of(document).replace(" ", "")


def test_two_lines_break_between_words():
    block, _, _ = name_block("Maximiliana Alexandrina Konstantinopoulou-Papadopoulou Wolfeschlegelsteinhausen")
    assert block.size == pdf.NAME_ONE_LINE
    assert [line for _, _, line in block.lines] == [
        "Maximiliana Alexandrina Konstantinopoulou-Papadopoulou",
        "Wolfeschlegelsteinhausen",
    ]


def test_a_name_that_fits_keeps_one_line_getting_smaller_before_it_wraps():
    short, _, _ = name_block("Amara Okafor")
    longer, widths, room = name_block("Siobhán Ní Bhriain Ó Súilleabháin Mac Giolla Phádraig")
    assert (short.size, len(short.lines)) == (34, 1)
    assert pdf.NAME_ONE_LINE < longer.size < 34
    assert len(longer.lines) == 1
    assert widths[0] <= room


def test_transcript_fits_the_longest_name_of_wide_letters():
    document = render_transcript("W" * MAX_LENGTH, [], datetime.date(2026, 11, 25))
    assert text_outside_page(document) == []
    assert "W" * MAX_LENGTH in text_of(document).replace(" ", "")[:400]


def test_a_missing_script_font_is_reported_with_its_path_and_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(shaping, "NOTO_DIR", tmp_path)
    with pytest.raises(pdf.FontsMissing, match=rf"{tmp_path}/NotoSansTamil-Black\.ttf is missing.*fonts-noto-core"):
        shaping._registered("NotoSansTamil-Black")
