"""Matches marked safely: the database wraps each match in two private-use characters, never in HTML.

Content and queries have those characters removed before they reach the index, so after the text is escaped
the only `<mark>` elements in a result are the ones put there here; nothing in a query or a page can inject
markup.
"""

from markupsafe import Markup, escape

START, STOP = "\ue000", "\ue001"
# PostgreSQL's text-search parser takes anything between < and > for a tag and drops its words, so the
# index and the headlines see these two instead (migration 0001), and results get < and > back.
ANGLES = "\ue002\ue003"
_PRIVATE = {ord(char): None for char in START + STOP + ANGLES}
_ANGLES_BACK = {ord(ANGLES[0]): "<", ord(ANGLES[1]): ">"}


def strip_markers(text: str) -> str:
    """Text without the characters this module gives a meaning to."""
    return text.translate(_PRIVATE)


def angles_back(text: str) -> str:
    return text.translate(_ANGLES_BACK)


def marked(text: str) -> Markup:
    """Text the database highlighted, escaped, with each match in a <mark>."""
    escaped = str(escape(text))
    # An unbalanced marker (a snippet cut mid-match) would leave a <mark> open across the page: balance them.
    opened = 0
    out = []
    for char in escaped:
        if char == START:
            if not opened:
                out.append("<mark>")
            opened += 1
        elif char == STOP:
            if opened:
                opened -= 1
                if not opened:
                    out.append("</mark>")
        else:
            out.append(char)
    if opened:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704 - escaped above; only our own <mark> elements are added
