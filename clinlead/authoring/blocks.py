"""The structured blocks written as fenced YAML: ```image, ```video, ```animation and ```exercise."""

import hashlib

from .data import Block
from .fields import Fields, parse_yaml_block
from .markdown import MarkdownContext

STRUCTURED_BLOCKS = ("image", "video", "animation", "exercise")
EXERCISE_KINDS = ("single", "multiple", "reflection", "ordering")
OPTION_IDS = "abcdefghijklmnopqrstuvwxyz"


def ordering_item_id(exercise_key: str, text: str) -> str:
    """A stable id for an item to order that does not give its correct position away."""
    return hashlib.sha256(f"{exercise_key}\n{text}".encode()).hexdigest()[:10]


def read_structured_block(kind: str, yaml_text: str, fence_line: int, ctx: MarkdownContext) -> Block | None:
    data = parse_yaml_block(ctx.path, yaml_text, fence_line + 1, ctx.problems)
    if data is None:
        return None
    data.start_line = fence_line  # problems with the block as a whole point at its opening ``` line
    reader = {"image": _image, "video": _video, "animation": _animation, "exercise": _exercise}[kind]
    return reader(Fields(ctx.path, data, ctx.problems, _ALLOWED[kind], f"the {kind} block"), ctx)


_ALLOWED = {
    "image": {"src", "alt", "caption"},
    "video": {"src", "captions", "transcript", "title", "poster"},
    "animation": {"src", "still", "alt", "caption"},
    "exercise": {"key", "type", "prompt", "hint", "options", "items", "feedback", "guidance", "required"},
}


def _alt(fields: Fields) -> str:
    alt = fields.text("alt", required=False)
    if not alt:
        fields.problem(fields.data.start_line, f"{fields.what} has no alt text: add 'alt:' describing the picture")
    return alt


def _image(fields: Fields, ctx: MarkdownContext) -> Block:
    src = fields.text("src")
    alt = _alt(fields)
    return Block(
        kind="image",
        data={
            "src": ctx.check_media(src, fields.line("src"), "image") if src else "",
            "alt": alt,
            "caption": fields.text("caption", required=False),
        },
    )


def video_media(fields: Fields, ctx: MarkdownContext) -> dict[str, str]:
    """The video file, its captions (required, WebVTT) and an optional poster, as URLs."""
    src = fields.text("src")
    captions = fields.text("captions", required=False)
    if not captions:
        fields.problem(fields.data.start_line, f"{fields.what} has no captions: add 'captions:' naming a .vtt file")
    elif not captions.endswith(".vtt"):
        fields.problem(fields.line("captions"), f"captions '{captions}' must be a WebVTT file ending .vtt")
    poster = fields.text("poster", required=False)
    return {
        "src": ctx.check_media(src, fields.line("src"), "video") if src else "",
        "captions": ctx.check_media(captions, fields.line("captions"), "captions") if captions else "",
        "poster": ctx.check_media(poster, fields.line("poster"), "poster") if poster else "",
    }


def _video(fields: Fields, ctx: MarkdownContext) -> Block:
    media = video_media(fields, ctx)
    transcript = fields.text("transcript", required=False)
    if not transcript:
        fields.problem(fields.data.start_line, "the video block has no transcript: add 'transcript: |' and the text")
    return Block(
        kind="video",
        title=fields.text("title"),
        html=ctx.render(transcript, fields.line("transcript") + 1) if transcript else "",
        data=media,
    )


def _animation(fields: Fields, ctx: MarkdownContext) -> Block:
    src = fields.text("src")
    still = fields.text("still", required=False)
    if not still:
        fields.problem(
            fields.data.start_line,
            "the animation block has no 'still:' picture for people who ask for reduced motion",
        )
    alt = _alt(fields)
    return Block(
        kind="animation",
        data={
            "src": ctx.check_media(src, fields.line("src"), "animation") if src else "",
            "still": ctx.check_media(still, fields.line("still"), "still picture") if still else "",
            "alt": alt,
            "caption": fields.text("caption", required=False),
        },
    )


def _exercise(fields: Fields, ctx: MarkdownContext) -> Block:
    key = fields.text("key")
    kind = fields.text("type")
    if kind and kind not in EXERCISE_KINDS:
        fields.problem(fields.line("type"), f"exercise type '{kind}' is not one of: {', '.join(EXERCISE_KINDS)}")
    prompt = fields.text("prompt")
    data: dict[str, object] = {
        "key": key,
        "type": kind,
        "prompt_html": ctx.render_inline(prompt, fields.line("prompt")),
        "hint": fields.text("hint", required=False),
        "required": fields.boolean("required", default=kind != "reflection"),
    }
    if kind in ("single", "multiple"):
        data["options"] = _choice_options(fields, ctx, kind)
    elif kind == "ordering":
        data["items"] = _ordering_items(fields, key)
        data["feedback_html"] = ctx.render_inline(fields.text("feedback"), fields.line("feedback"))
    elif kind == "reflection":
        guidance = fields.text("guidance", required=False)
        data["guidance_html"] = ctx.render_inline(guidance, fields.line("guidance")) if guidance else ""
    return Block(kind="exercise", data=data)


def _choice_options(fields: Fields, ctx: MarkdownContext, kind: str) -> list[dict[str, object]]:
    entries = fields.mapping_list("options")
    options = []
    for index, entry in enumerate(entries[: len(OPTION_IDS)]):
        option = Fields(fields.path, entry, fields.problems, {"text", "correct", "feedback"}, "an option")
        if "feedback" not in entry:
            option.problem(entry.start_line, "every option needs 'feedback:' saying why it is right or wrong")
        options.append(
            {
                "id": OPTION_IDS[index],
                "text_html": ctx.render_inline(option.text("text"), option.line("text")),
                "correct": option.boolean("correct"),
                "feedback_html": ctx.render_inline(option.text("feedback", required=False), option.line("feedback")),
            }
        )
    if entries and len(entries) < 2:
        fields.problem(fields.line("options"), "a choice exercise needs at least 2 options")
    correct = sum(1 for option in options if option["correct"])
    if entries and kind == "single" and correct != 1:
        fields.problem(
            fields.line("options"),
            f"a single-choice exercise needs exactly one option with 'correct: true' (found {correct})",
        )
    if entries and kind == "multiple" and correct == 0:
        fields.problem(
            fields.line("options"), "a multiple-choice exercise needs at least one option with 'correct: true'"
        )
    return options


def _ordering_items(fields: Fields, exercise_key: str) -> list[dict[str, str]]:
    items = fields.text_list("items")
    if fields.raw("items") is not None and len(items) < 2:
        fields.problem(fields.line("items"), "an ordering exercise needs at least 2 items, written in the right order")
    seen: set[str] = set()
    for text, line in items:
        if text in seen:
            fields.problem(line, f"the item '{text}' appears twice")
        seen.add(text)
    return [{"id": ordering_item_id(exercise_key, text), "text": text} for text, _ in items]
