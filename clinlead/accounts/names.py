"""What a learner's name may contain: the one rule for every way a name comes in.

Registration, the profile form and the services that write profiles (and so any future import or
single sign-on) all pass a name through `clean_name`. It tidies what is harmless (surrounding and
repeated spaces, other kinds of space, the Unicode normal form) and refuses, naming the character,
what would print wrongly or could make one name look like another: control characters, the
invisible characters that reorder text or hide letters, symbols, and scripts the certificates
cannot draw yet. The certificates' tests check that every character allowed here has a font.
"""

import re
import unicodedata
from bisect import bisect_right

from django.core.exceptions import ValidationError

MAX_LENGTH = 150  # Profile.name_on_certificates

ZERO_WIDTH_NON_JOINER = "\u200c"  # Persian and Indic names need these two to choose letter forms
ZERO_WIDTH_JOINER = "\u200d"

# Explicit bidirectional formatting: embeddings, overrides, isolates and the directional marks.
# In a name they serve only to make its letters show in an order other than the one typed.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters and marks that print as nothing at all (Unicode's default-ignorable ones in SCRIPTS): a
# name of Hangul fillers looks empty, and one with a grapheme joiner looks like another name.
INVISIBLE = frozenset("\u034f\u3164")

# (first, last code point, what it is) for the writing systems certificates draw. Characters
# missing from the fonts' 2020 release (a few letters added to Unicode since) are left out;
# compatibility ideographs are absent because normalising to NFC turns them into the unified ones.
SCRIPTS = (
    (0x0020, 0x058F, "Latin, Greek, Cyrillic and Armenian"),
    (0x0590, 0x05EE, "Hebrew"),
    (0x05F0, 0x05FF, "Hebrew"),
    (0x0600, 0x061C, "Arabic"),
    (0x061E, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x08A0, 0x08B4, "Arabic"),
    (0x08B6, 0x08BE, "Arabic"),
    (0x08D3, 0x08FF, "Arabic"),
    (0x0900, 0x0B54, "Devanagari, Bengali, Gurmukhi, Gujarati and Odia"),
    (0x0B56, 0x0C3B, "Odia, Tamil and Telugu"),
    (0x0C3D, 0x0C5C, "Telugu"),
    (0x0C5E, 0x0CDC, "Telugu and Kannada"),
    (0x0CDE, 0x0DFF, "Kannada, Malayalam and Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x10A0, 0x10FF, "Georgian"),
    (0x1200, 0x137F, "Ethiopic"),
    (0x1E00, 0x1FFF, "Latin and Greek"),
    (0x2000, 0x206F, "punctuation"),
    (0x3000, 0x3029, "Chinese and Japanese punctuation"),
    (0x302E, 0x302F, "Korean tone marks"),
    (0x3036, 0x303A, "Chinese and Japanese punctuation"),
    (0x303E, 0x303F, "Chinese and Japanese punctuation"),
    (0x3040, 0x30FE, "Japanese kana"),
    (0x3130, 0x318F, "Korean letters"),
    (0x3400, 0x4DB5, "Chinese, Japanese and Korean characters"),
    (0x4E00, 0x9FCB, "Chinese, Japanese and Korean characters"),
    (0xAC00, 0xD7A3, "Korean hangul"),
    (0xFF01, 0xFF5E, "full-width Latin"),
)
_STARTS = tuple(first for first, _, _ in SCRIPTS)

# Letters, marks, digits and punctuation, and the spacing accents (´ ` ¨) people type for apostrophes.
ALLOWED_CATEGORIES = frozenset(["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Sk"])
ALLOWED_CATEGORIES |= {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs"}

_SPACES = re.compile(r"[^\S\n\r\t\f\v\x1c-\x1f\x85\u2028\u2029]+")  # runs of Unicode spaces, no breaks


# ASCII letters, digits, apostrophes, dots and hyphens, single spaces between words: every character one the rule
# allows and nothing to tidy. A hyphen or apostrophe may still not begin a name (_problem), so neither may here.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.\-]*(?: [A-Za-z0-9][A-Za-z0-9'.\-]*)*")


def clean_name(value: str) -> str:
    """The name as it will be stored and printed, or ValidationError saying which character is wrong.

    Surrounding space goes, any run of spaces (including no-break and ideographic spaces) becomes
    one ordinary space, and the name is normalised to NFC, so that "é" typed as e and an accent is
    stored as the single letter the certificate's fonts draw.
    """
    if _PLAIN.fullmatch(value) and len(value) <= MAX_LENGTH:
        return value  # the common case, with nothing to tidy or check: a staff list of 100,000 is 10% faster
    name = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    if not name:
        raise ValidationError("Enter your full name as it should appear on your certificates", code="required")
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            f"Your name can be at most {MAX_LENGTH} characters; this one has {len(name)}", code="max_length"
        )
    for index, character in enumerate(name):
        problem = _problem(character, name[index - 1] if index else " ")
        if problem:
            raise ValidationError(f"Your name cannot contain {problem}", code="character")
    return name


def _problem(character: str, before: str) -> str:
    """What is wrong with `character` in a name (after `before`), or "" when nothing is."""
    code = f"U+{ord(character):04X}"
    category = unicodedata.category(character)
    if category == "Cc":
        return f"the control character {code}; type your name as it is written"
    if character in BIDI_CONTROLS:
        what = unicodedata.name(character).lower().replace("arabic", "Arabic")
        return f"the {what} character {code}; type your name as it is written and it will print the right way round"
    if character in (ZERO_WIDTH_JOINER, ZERO_WIDTH_NON_JOINER):
        return ""
    if category == "Cf" or character in INVISIBLE:
        what = unicodedata.name(character, "formatting character").lower()
        return f"the invisible character {code} ({what}); type your name as it is written"
    if category in ("Zl", "Zp"):
        return f"a line break ({code}); type your name on one line"
    if category in ("Co", "Cs", "Cn"):
        return f"the character {code}, which is not a letter in any alphabet; type your name as it is written"
    dotted = "◌" if category[0] == "M" else ""  # the dotted circle that stands for a mark's letter
    shown = f"“{dotted}{character}” ({code}, {unicodedata.name(character, '').lower().replace('cjk', 'CJK')})"
    if category not in ALLOWED_CATEGORIES:
        return f"the symbol {shown}; use the letters, accents and punctuation of your name"
    if category[0] == "M" and unicodedata.category(before)[0] not in "LM":
        return f"the accent or vowel sign {shown} on its own; type it after the letter it belongs to"
    if not _drawn(ord(character)):
        return f"{shown}: certificates cannot print this character yet"
    return ""


def _drawn(code: int) -> bool:
    index = bisect_right(_STARTS, code) - 1
    return index >= 0 and code <= SCRIPTS[index][1]


def characters_a_name_may_contain() -> list[str]:
    """Every character `clean_name` lets into a name (spaces and letters of the scripts in SCRIPTS), for
    whoever must be able to print any name: certificates check that they have a font for each."""
    return [
        chr(code)
        for first, last, _ in SCRIPTS
        for code in range(first, last + 1)
        if unicodedata.category(chr(code)) in ALLOWED_CATEGORIES
    ]
