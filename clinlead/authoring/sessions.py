"""Reading one session file: front matter, then pages that each start with a `# Title` line."""

import datetime
import hashlib
from pathlib import Path

from markdown_it.token import Token

from clinlead.content.data import Aside, Block, Html, Page, Prose, Session

from .blocks import STRUCTURED_BLOCKS, read_structured_block
from .fields import Fields, read_front_matter
from .markdown import PROSE_CONTAINERS, MarkdownContext

SESSION_FIELDS = {
    "key",
    "title",
    "summary",
    "minutes",
    "version",
    "sample",
    "objectives",
    "elements",
    "reviewed_by",
    "reviewed_on",
    "pass_mark",
    "esr_competence",
    "esr_expiry_months",
}
# ESR's competence names are at most 240 characters; a longer one would be cut off on import there.
ESR_COMPETENCE_MAX = 240
# Ten years: a longer expiry is a typing slip (months written as days, say) rather than a real renewal period.
ESR_EXPIRY_MAX_MONTHS = 120


def read_session(path: Path, ctx: MarkdownContext) -> tuple[Session | None, list[tuple[str, int]]]:
    """The session, and the framework elements it names with their lines (checked by the caller)."""
    text = path.read_text(encoding="utf-8")
    front = read_front_matter(path, text, ctx.problems)
    if front is None:
        return None, []
    fields = Fields(path, front.data, ctx.problems, SESSION_FIELDS, "the session's front matter")
    key = fields.key_named_after(path)
    objectives = fields.text_list("objectives")
    if fields.raw("objectives") is not None and not objectives:
        fields.problem(fields.line("objectives"), "list at least one learning objective")
    elements = fields.text_list("elements")
    reviewed_by, reviewed_on = _review(fields)
    pages = _read_pages(front.body, front.body_first_line, ctx)
    session = Session(
        key=key,
        title=fields.text("title"),
        summary=fields.text("summary"),
        minutes=fields.integer("minutes"),
        version=fields.integer("version"),
        sample=fields.boolean("sample"),
        objectives=tuple(text for text, _ in objectives),
        element_keys=tuple(text for text, _ in elements),
        pages=tuple(pages),
        source_path=str(path),
        source_hash=hashlib.sha256(text.encode()).hexdigest(),
        reviewed_by=reviewed_by,
        reviewed_on=reviewed_on,
        pass_mark=_pass_mark(fields),
        esr_competence=_esr_competence(fields),
        esr_expiry_months=_esr_expiry_months(fields),
    )
    return session, elements


def _esr_competence(fields: Fields) -> str:
    """The competence name the Electronic Staff Record knows this session by; empty means the default one."""
    name = fields.text("esr_competence", required=False)
    if len(name) > ESR_COMPETENCE_MAX:
        fields.problem(
            fields.line("esr_competence"),
            f"'esr_competence' is {len(name)} characters long: ESR takes at most {ESR_COMPETENCE_MAX}",
        )
    return name


def _esr_expiry_months(fields: Fields) -> int | None:
    """After how many months a completion expires in ESR (needs renewing); absent means it never does."""
    if fields.raw("esr_expiry_months") is None:
        return None
    months = fields.integer("esr_expiry_months", required=False, minimum=1)
    if months > ESR_EXPIRY_MAX_MONTHS:
        fields.problem(
            fields.line("esr_expiry_months"),
            f"'esr_expiry_months' is a number of months from 1 to {ESR_EXPIRY_MAX_MONTHS}, not {months}",
        )
    return months or None


def _pass_mark(fields: Fields) -> int | None:
    """Percent of marked exercises a learner must answer correctly to complete; absent means none."""
    if fields.raw("pass_mark") is None:
        return None
    mark = fields.integer("pass_mark", required=False, minimum=1)
    if mark > 100:
        fields.problem(fields.line("pass_mark"), f"'pass_mark' is a percentage from 1 to 100, not {mark}")
    return mark or None


def _review(fields: Fields) -> tuple[str, str]:
    """Who reviewed the session against docs/content-review-checklist.md, and when (YYYY-MM-DD)."""
    raw_date = fields.raw("reviewed_on")
    reviewed_on = raw_date.isoformat() if isinstance(raw_date, datetime.date) else fields.text("reviewed_on", False)
    reviewed_by = fields.text("reviewed_by", required=False)
    if reviewed_on:
        try:
            datetime.date.fromisoformat(reviewed_on)
        except ValueError:
            fields.problem(
                fields.line("reviewed_on"), f"'reviewed_on' must be a date written YYYY-MM-DD, not '{reviewed_on}'"
            )
    if bool(reviewed_by) != bool(reviewed_on):
        fields.problem(fields.data.start_line, "a review needs both 'reviewed_by' and 'reviewed_on'")
    return reviewed_by, reviewed_on


def _read_pages(body: str, first_line: int, ctx: MarkdownContext) -> list[Page]:
    tokens = ctx.parse(body)
    pages: list[Page] = []
    title = ""
    blocks: list[Block] = []
    pending: list[Token] = []  # ordinary Markdown waiting to become a text block
    page_line = first_line
    exercise_keys: dict[str, int] = {}

    def flush_text() -> None:
        if pending:
            html = ctx.render_tokens(pending, first_line)
            if html.strip():
                blocks.append(Prose(Html(html)))
            pending.clear()

    def close_page() -> None:
        flush_text()
        if title:
            if not blocks:
                ctx.problem(page_line, f"the page '{title}' has no content")
            pages.append(Page(title=title, blocks=tuple(blocks)))

    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open" and token.tag == "h1":
            close_page()
            title, blocks, page_line = tokens[index + 1].content.strip(), [], line
            index += 3
            continue
        if not title:
            if token.map and (token.type != "inline"):
                ctx.problem(line, "text before the first page: start each page with a line '# Page title'")
                title = "(untitled)"
            else:
                index += 1
                continue
        if token.type == "fence" and token.info.strip() in STRUCTURED_BLOCKS:
            flush_text()
            block = read_structured_block(token.info.strip(), token.content, line, ctx)
            if block is not None:
                _check_exercise_key(block, line, exercise_keys, ctx)
                blocks.append(block)
            index += 1
            continue
        container = token.type.removeprefix("container_").removesuffix("_open")
        if token.type.startswith("container_") and container in PROSE_CONTAINERS:
            flush_text()
            close_index = _matching_close(tokens, index)
            heading = token.info.strip().removeprefix(container).strip()
            html = ctx.render_tokens(tokens[index + 1 : close_index], first_line)
            blocks.append(Aside(container, heading, Html(html)))  # type: ignore[arg-type]
            index = close_index + 1
            continue
        pending.append(token)
        index += 1
    close_page()
    if not pages:
        ctx.problem(first_line, "the session has no pages: start each page with a line '# Page title'")
    return pages


def _matching_close(tokens: list[Token], open_index: int) -> int:
    closing = tokens[open_index].type.replace("_open", "_close")
    level = tokens[open_index].level
    for index in range(open_index + 1, len(tokens)):
        if tokens[index].type == closing and tokens[index].level == level:
            return index
    return len(tokens) - 1


def _check_exercise_key(block: Block, line: int, seen: dict[str, int], ctx: MarkdownContext) -> None:
    key = getattr(block, "key", "") if block.kind == "exercise" else ""
    if not key:
        return
    if key in seen:
        ctx.problem(line, f"duplicate exercise key '{key}' (first used on line {seen[key]})")
    else:
        seen[key] = line
