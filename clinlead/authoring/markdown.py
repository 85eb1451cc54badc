"""Markdown for content: CommonMark plus tables and `::: name` containers, raw HTML off.

Raw HTML is recognised only so that it can be reported: every page comes out of the same
accessible components, and writers use Markdown and the block syntax in docs/content-format.md.
"""

from collections.abc import Sequence
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from clinlead.content.api import LINK_KINDS, link, media
from clinlead.content.data import Html, MediaPath

from .links import LinkReference
from .problems import ProblemList

PROSE_CONTAINERS = ("case-study", "trainer-resources", "further-reading")
SESSION_BLOCKS = ("image", "video", "animation", "exercise")
RAW_HTML = "raw HTML is not allowed: use Markdown (see docs/content-format.md)"


def _build_markdown() -> MarkdownIt:
    # html=True only so raw HTML is parsed as such and reported; content with problems is never loaded.
    md = MarkdownIt("commonmark", {"html": True, "typographer": True}).enable("table")
    for name in PROSE_CONTAINERS:
        container_plugin(md, name)
    return md


MARKDOWN = _build_markdown()


class MarkdownContext:
    """Renders Markdown from one file, and reports problems at file lines.

    Internal links and pictures are checked and kept as references (`session:key`, `media:path`), never
    URLs: the pages that show content resolve them when they are rendered (clinlead/content/references.py).
    """

    def __init__(self, path: Path, problems: ProblemList, media_dir: Path, references: list[LinkReference]) -> None:
        self.path = path
        self.problems = problems
        self.media_dir = media_dir
        self.references = references

    def problem(self, line: int, message: str) -> None:
        self.problems.add(self.path, line, message)

    def check_media(self, relative_path: str, line: int, what: str) -> MediaPath:
        """Report a missing media file; return its path either way."""
        candidate = (self.media_dir / relative_path).resolve()
        inside = self.media_dir.resolve() in candidate.parents
        if not relative_path or not inside or not candidate.is_file():
            self.problem(line, f"{what} '{relative_path}' not found in {self.media_dir.name}/")
        return MediaPath(relative_path)

    def parse(self, text: str) -> list[Token]:
        return MARKDOWN.parse(text)

    def render_tokens(self, tokens: Sequence[Token], first_line: int) -> Html:
        """Render block tokens whose `map` counts from 0 at file line `first_line`."""
        self._rewrite(tokens, first_line)
        return Html(MARKDOWN.renderer.render(list(tokens), MARKDOWN.options, {}))

    def render(self, text: str, first_line: int) -> Html:
        return self.render_tokens(self.parse(text), first_line)

    def render_inline(self, text: str, line: int) -> Html:
        """One line of Markdown without a wrapping paragraph (prompts, options, feedback)."""
        tokens = MARKDOWN.parseInline(text)
        for token in tokens:
            self._rewrite_inline(token.children or [], line)
        return Html(MARKDOWN.renderer.render(tokens, MARKDOWN.options, {}))

    def _rewrite(self, tokens: Sequence[Token], first_line: int) -> None:
        for token in tokens:
            line = first_line + (token.map[0] if token.map else 0)
            if token.type == "html_block":
                self.problem(line, RAW_HTML)
            elif token.type == "fence" and token.info.strip() in SESSION_BLOCKS:
                self.problem(line, f"a ```{token.info.strip()} block can only stand on its own on a session page")
            elif token.type.startswith("container_") and token.type.endswith("_open"):
                self.problem(line, f"'::: {token.info.strip()}' blocks can only stand on their own on a session page")
            if token.type in ("th_open", "td_open") and "style" in token.attrs:
                # A column's alignment as NHS.UK's class: the Content-Security-Policy refuses style attributes.
                align = str(token.attrs.pop("style")).removeprefix("text-align:")
                token.attrs["class"] = f"nhsuk-u-text-align-{'centre' if align == 'center' else align}"
            if token.type != "inline":
                continue
            self._rewrite_inline(token.children or [], line)
            if token.content.startswith(":::"):
                name = token.content[3:].strip().split(" ")[0]
                self.problem(
                    line,
                    f"unknown block '::: {name}' (use one of: {', '.join(PROSE_CONTAINERS)})"
                    if name
                    else "':::' closes no open block",
                )

    def _rewrite_inline(self, children: Sequence[Token], line: int) -> None:
        for child in children:
            if child.type == "html_inline":
                self.problem(line, RAW_HTML)
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                child.attrs["href"] = self._resolve_href(href, line)
            elif child.type == "image":
                alt = child.content.strip()
                src = str(child.attrs.get("src", ""))
                if not alt:
                    self.problem(line, f"image '{src}' has no alt text: write it between the [ ]")
                if src.startswith(("http://", "https://")):
                    # The Content-Security-Policy shows only the site's own pictures (img-src 'self').
                    self.problem(line, f"image '{src}' is on another site: put it in media/ and use its path there")
                else:
                    child.attrs["src"] = media(self.check_media(src, line, "image"))

    def _resolve_href(self, href: str, line: int) -> str:
        kind, colon, key = href.partition(":")
        if colon and kind in LINK_KINDS:
            self.references.append(LinkReference(kind, key, str(self.path), line))
            return link(kind, key)
        if href.startswith(("http://", "https://", "mailto:", "#")):
            return href
        self.problem(
            line,
            f"link '{href}' is neither a web address (https://…) nor an internal link "
            f"({', '.join(k + ':…' for k in LINK_KINDS)})",
        )
        return href
