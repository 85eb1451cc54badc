"""Refuse characters that cannot be stored, in every address and form, before any view or the database sees them.

PostgreSQL cannot store U+0000 in text (psycopg raises, and the learner got a 500: a reflection holding a NUL,
`/certificates/a%00b.pdf`, a session cookie written `"…\\000…"`), and no one types control characters, lone
surrogates or U+FFFE/U+FFFF on purpose; they break the CSV and PDF exports and the admin further down the line.

Why a middleware and not validators on each form: one place covers every endpoint, today's and tomorrow's,
including the ones that are not Django forms (the player reads `request.POST` directly, allauth's views, URL
parameters captured by `<str:…>` converters, query parameters such as `?next=`), and it runs before any view, so
nothing reaches the database. Django's own `ProhibitNullCharactersValidator` (on every `forms.CharField`) stays
as a second layer for text that arrives other than by HTTP; it only knows NUL, and only inside Django forms.

Refused, not cleaned: stripping a character silently changes what a person wrote (a reflection, the name on a
certificate) and hides an attack, and a browser never sends these characters from a keyboard; the page says
which field, which character and where, so the rare pasted control character is easy to remove. TAB, LF and CR
are ordinary text and are allowed. The one thing cleaned silently is a cookie: a cookie holding such a character
was not written by this site, so it is dropped (the visitor is treated as having no such cookie) rather than
locking them out with an error they cannot mend.

What is read, as Django will read it: the path, every query parameter, and for POSTs every field of
an `application/x-www-form-urlencoded` or `multipart/form-data` body (the player's time beacon posts FormData,
which is multipart). The raw bytes are decoded as UTF-8 with `surrogateescape`, so bytes that are not UTF-8
(`%ED%A0%80`, a lone surrogate encoded, included) are reported as such: Django itself would quietly turn them into
U+FFFD in forms and query strings and re-percent-encode them in paths. A request declaring another charset is
refused, since Django would decode it with that charset (UTF-7 can spell a lone surrogate). No view reads other
bodies (JSON, text), and no form takes file uploads, so file parts are not inspected.
"""

import codecs
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import parse_qsl, unquote_to_bytes

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# C0 controls but TAB, LF, CR; DEL and the C1 controls; surrogates; the noncharacters U+FFFE and U+FFFF.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

# Python's unicodedata has no names for control characters; these are Unicode's aliases for C0.
C0_NAMES = [
    "NULL",
    "START OF HEADING",
    "START OF TEXT",
    "END OF TEXT",
    "END OF TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "CHARACTER TABULATION",
    "LINE FEED",
    "LINE TABULATION",
    "FORM FEED",
    "CARRIAGE RETURN",
    "SHIFT OUT",
    "SHIFT IN",
    "DATA LINK ESCAPE",
    "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO",
    "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR",
    "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK",
    "CANCEL",
    "END OF MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "INFORMATION SEPARATOR FOUR",
    "INFORMATION SEPARATOR THREE",
    "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
]

ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")  # what surrogateescape makes of bytes that are not UTF-8
REPERCENTED = re.compile("(?:%[89A-Fa-f][0-9A-Fa-f])+")
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
ADDRESS_ADVICE = "Check the address, or go back and follow the link again."
FORM_ADVICE = "Remove it and send the form again."
MAX_PROBLEMS = 10  # enough to fix a form in one go; a hostile request does not get a page per field


@dataclass(frozen=True)
class Problem:
    """One refused input, in words for the person who sent it."""

    where: str  # "The address", "The field “text”", …
    what: str  # "a character that cannot be stored: U+0000 (NULL)"
    position: int  # 1-based, in characters of the decoded text
    advice: str

    @property
    def message(self) -> str:
        return f"{self.where} contains {self.what} at character {self.position}. {self.advice}"


def first_refused(text: str) -> tuple[int, str] | None:
    """The 1-based position and a description of the first character in `text` that cannot be stored."""
    match = REFUSED.search(text)
    if match is None:
        return None
    index = match.start()
    code = ord(text[index])
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for a byte that is not UTF-8
        run = ESCAPED_BYTES.match(text, index)
        raw = bytes(ord(char) - 0xDC00 for char in (run.group() if run else text[index]))
        return index + 1, _invalid_bytes(raw)
    if code < 0x20:
        name = C0_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif code <= 0x9F:
        name = "a C1 control character"
    elif code <= 0xDFFF:
        name = "a lone surrogate"
    else:
        name = "a noncharacter"
    return index + 1, f"a character that cannot be stored: U+{code:04X} ({name})"


def _invalid_bytes(raw: bytes) -> str:
    shown = " ".join(f"{byte:02X}" for byte in raw[:12]) + (" …" if len(raw) > 12 else "")
    if len(raw) >= 3 and raw[0] == 0xED and 0xA0 <= raw[1] <= 0xBF:  # how UTF-8 would spell U+D800–U+DFFF
        surrogate = 0xD000 | (raw[1] & 0x3F) << 6 | (raw[2] & 0x3F)
        return f"bytes that are not valid UTF-8: {shown} (an encoded lone surrogate, U+{surrogate:04X})"
    return f"bytes that are not valid UTF-8: {shown}"


def _shown(name: str) -> str:
    """A field or parameter name fit to print: refused characters as "?", and not too long."""
    cleaned = REFUSED.sub("?", ESCAPED_BYTES.sub("?", name))  # "?" for each character or each run of bad bytes
    return cleaned if len(cleaned) <= 60 else cleaned[:60] + "…"


def _path_problem(path: str) -> tuple[int, str] | None:
    if (found := first_refused(path)) is not None:
        return found
    # Django has already decoded the path, and put bytes that are not UTF-8 back as %XX (the raw PATH_INFO
    # is overwritten): a run of %80–%FF left in the path is that, or a client encoding "%" twice, which no
    # address of ours needs either.
    for match in REPERCENTED.finditer(path):
        raw = unquote_to_bytes(match.group())
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.start() + 1, _invalid_bytes(raw)
    return None


def _utf8(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _wsgi_bytes(request: HttpRequest, key: str) -> bytes:
    # WSGI servers hand Django these as ISO-8859-1 text (PEP 3333); this gets the bytes back, as Django does.
    return str(request.META.get(key, "")).encode("iso-8859-1", "replace")


def _pairs_problems(
    pairs: Iterable[tuple[str, str]], name_where: str, value_where: Callable[[str], str], advice: str
) -> Iterator[Problem]:
    for name, value in pairs:
        if (found := first_refused(name)) is not None:
            yield Problem(f"{name_where} (“{_shown(name)}”)", found[1], found[0], advice)
        elif (found := first_refused(value)) is not None:
            yield Problem(value_where(name), found[1], found[0], advice)


def _urlencoded(text: str) -> list[tuple[str, str]]:
    # The same parse as Django's QueryDict, but keeping bytes that are not UTF-8 visible instead of U+FFFD.
    try:
        return parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="surrogateescape",
            max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        )
    except ValueError as error:
        raise TooManyFieldsSent("The number of GET/POST parameters exceeded DATA_UPLOAD_MAX_NUMBER_FIELDS.") from error


def _multipart(request: HttpRequest) -> list[tuple[str, str]]:
    """The form fields of a multipart body, parsed by Django's own parser so both read the same fields."""
    # ISO-8859-1 maps every byte to one character, so Django's parser replaces nothing and the bytes come
    # back exactly. Reading request.body keeps a copy Django parses again, as usual, for the view. No upload
    # handlers: file parts are skipped (no form here takes files).
    body = BytesIO(request.body)
    try:
        fields, _ = MultiPartParser(request.META, body, [], "iso-8859-1").parse()
    except MultiPartParserError:
        return []  # not a multipart body at all: Django refuses it with a 400 when the view reads it
    return [(_utf8(n.encode("latin-1")), _utf8(v.encode("latin-1"))) for n, vs in fields.lists() for v in vs]


def problems(request: HttpRequest) -> list[Problem]:
    """Everything refused in this request's address and form, in the order a person would read it."""
    found: list[Problem] = []
    charset = request.content_params.get("charset") if request.content_params else None
    if charset and _codec(charset) not in {"utf-8", None}:
        found.append(
            Problem(
                "The request",
                f"text in the character set “{_shown(charset)}”, and this site reads only UTF-8",
                1,
                "Send the form again from this site's own page.",
            )
        )
        return found  # Django would decode everything else with that charset: nothing below would be true
    if (at := _path_problem(request.path_info)) is not None:
        found.append(Problem("The address", at[1], at[0], ADDRESS_ADVICE))
    query = _urlencoded(_utf8(_wsgi_bytes(request, "QUERY_STRING")))
    found += _pairs_problems(query, "The name of an address parameter", _address_parameter, ADDRESS_ADVICE)
    if request.method == "POST" and request.content_type in FORM_TYPES:
        if request.content_type == "multipart/form-data":
            fields = _multipart(request)
        else:
            fields = _urlencoded(_utf8(request.body))
        found += _pairs_problems(fields, "The name of a form field", _form_field, FORM_ADVICE)
    unique = list(dict.fromkeys(found))  # a list field (choice=…&choice=…) can repeat one problem
    return unique[:MAX_PROBLEMS]


def _address_parameter(name: str) -> str:
    return f"The address parameter “{_shown(name)}”"


def _form_field(name: str) -> str:
    return f"The field “{_shown(name)}”"


def _codec(charset: str) -> str | None:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None  # Django ignores a charset it does not know, and reads UTF-8


def drop_refused_cookies(request: HttpRequest) -> None:
    """Forget any cookie whose name or value holds a refused character (it was not written by this site)."""
    cookies = request.COOKIES  # parsed once per request; SessionMiddleware and the CSRF check read this dict
    for name in [name for name, value in cookies.items() if REFUSED.search(name) or REFUSED.search(value)]:
        logger.warning("input guard: ignored a cookie holding a refused character (“%s”)", _shown(name))
        del cookies[name]


class InputGuardMiddleware:
    """Early in MIDDLEWARE: a 400 page naming each refused input, before sessions, views or the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        drop_refused_cookies(request)
        refused = problems(request)
        if not refused:
            return self.get_response(request)
        logger.warning("input guard: refused %s: %s", request.method, " | ".join(p.message for p in refused))
        context = {"problems": refused, "page_title": "There is a problem with what was sent"}
        return render(request, "refused_input.html", context, status=400)
