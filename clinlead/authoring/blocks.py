"""The structured blocks written as fenced YAML: ```image, ```video, ```animation and ```exercise."""

from collections.abc import Callable

from clinlead.content.api import EXERCISE_TYPES
from clinlead.content.data import (
    Animation,
    Block,
    Exercise,
    Html,
    Image,
    MediaPath,
    MultipleChoice,
    Option,
    Ordering,
    OrderingItem,
    Reflection,
    SingleChoice,
    Video,
    VideoFiles,
)

from .fields import Fields, parse_yaml_block
from .markdown import MarkdownContext

STRUCTURED_BLOCKS = ("image", "video", "animation", "exercise")
OPTION_IDS = "abcdefghijklmnopqrstuvwxyz"


def read_structured_block(kind: str, yaml_text: str, fence_line: int, ctx: MarkdownContext) -> Block | None:
    data = parse_yaml_block(ctx.path, yaml_text, fence_line + 1, ctx.problems)
    if data is None:
        return None
    data.start_line = fence_line  # problems with the block as a whole point at its opening ``` line
    reader: Callable[[Fields, MarkdownContext], Block | None] = _READERS[kind]
    return reader(Fields(ctx.path, data, ctx.problems, _ALLOWED[kind], f"the {kind} block"), ctx)


_ALLOWED = {
    "image": {"src", "alt", "caption"},
    "video": {"src", "other_formats", "captions", "transcript", "title", "poster"},
    "animation": {"src", "still", "alt", "caption"},
    "exercise": {"key", "type", "prompt", "hint", "options", "items", "feedback", "guidance", "required"},
}


def _alt(fields: Fields) -> str:
    alt = fields.text("alt", required=False)
    if not alt:
        fields.problem(fields.data.start_line, f"{fields.what} has no alt text: add 'alt:' describing the picture")
    return alt


def _media(fields: Fields, ctx: MarkdownContext, name: str, what: str, required: bool = True) -> MediaPath:
    path = fields.text(name, required=required)
    return ctx.check_media(path, fields.line(name), what) if path else MediaPath()


def _image(fields: Fields, ctx: MarkdownContext) -> Image:
    src = _media(fields, ctx, "src", "image")
    return Image(src=src, alt=_alt(fields), caption=fields.text("caption", required=False))


VIDEO_FORMATS = (".mp4", ".webm")


def video_files(fields: Fields, ctx: MarkdownContext) -> VideoFiles:
    """The video file, the same video in other formats (optional), its captions (required, WebVTT) and an
    optional poster."""
    src = _media(fields, ctx, "src", "video")
    other_formats = []
    for path, line in fields.text_list("other_formats", required=False):
        if not path.endswith(VIDEO_FORMATS):
            fields.problem(line, f"other format '{path}' must be a video file ending .mp4 or .webm")
        other_formats.append(ctx.check_media(path, line, "video"))
    captions = fields.text("captions", required=False)
    if not captions:
        fields.problem(fields.data.start_line, f"{fields.what} has no captions: add 'captions:' naming a .vtt file")
    elif not captions.endswith(".vtt"):
        fields.problem(fields.line("captions"), f"captions '{captions}' must be a WebVTT file ending .vtt")
    return VideoFiles(
        src=src,
        captions=ctx.check_media(captions, fields.line("captions"), "captions") if captions else MediaPath(),
        poster=_media(fields, ctx, "poster", "poster", required=False),
        other_formats=tuple(other_formats),
    )


def _video(fields: Fields, ctx: MarkdownContext) -> Video:
    files = video_files(fields, ctx)
    transcript = fields.text("transcript", required=False)
    if not transcript:
        fields.problem(fields.data.start_line, "the video block has no transcript: add 'transcript: |' and the text")
    return Video(
        title=fields.text("title"),
        files=files,
        transcript_html=ctx.render(transcript, fields.line("transcript") + 1) if transcript else Html(),
    )


def _animation(fields: Fields, ctx: MarkdownContext) -> Animation:
    src = _media(fields, ctx, "src", "animation")
    still = fields.text("still", required=False)
    if not still:
        fields.problem(
            fields.data.start_line,
            "the animation block has no 'still:' picture for people who ask for reduced motion",
        )
    return Animation(
        src=src,
        still=ctx.check_media(still, fields.line("still"), "still picture") if still else MediaPath(),
        alt=_alt(fields),
        caption=fields.text("caption", required=False),
    )


def _exercise(fields: Fields, ctx: MarkdownContext) -> Exercise | None:
    key = fields.text("key")
    kind = fields.text("type")
    if kind and kind not in EXERCISE_TYPES:
        fields.problem(fields.line("type"), f"exercise type '{kind}' is not one of: {', '.join(EXERCISE_TYPES)}")
    prompt_html = ctx.render_inline(fields.text("prompt"), fields.line("prompt"))
    hint = fields.text("hint", required=False)
    required = fields.boolean("required", default=kind != "reflection")
    if kind in ("single", "multiple"):
        options = _choice_options(fields, ctx, kind)
        choice = SingleChoice if kind == "single" else MultipleChoice
        return choice(key=key, prompt_html=prompt_html, hint=hint, required=required, options=options)
    if kind == "ordering":
        feedback_html = ctx.render_inline(fields.text("feedback"), fields.line("feedback"))
        items = _ordering_items(fields, key)
        return Ordering(
            key=key, prompt_html=prompt_html, hint=hint, required=required, items=items, feedback_html=feedback_html
        )
    if kind == "reflection":
        guidance = fields.text("guidance", required=False)
        guidance_html = ctx.render_inline(guidance, fields.line("guidance")) if guidance else Html()
        return Reflection(key=key, prompt_html=prompt_html, hint=hint, required=required, guidance_html=guidance_html)
    return None  # no type, or an unknown one: already reported


_READERS: dict[str, Callable[[Fields, MarkdownContext], Block | None]] = {
    "image": _image,
    "video": _video,
    "animation": _animation,
    "exercise": _exercise,
}


def _choice_options(fields: Fields, ctx: MarkdownContext, kind: str) -> tuple[Option, ...]:
    entries = fields.mapping_list("options")
    options = []
    for index, entry in enumerate(entries[: len(OPTION_IDS)]):
        option = Fields(fields.path, entry, fields.problems, {"text", "correct", "feedback"}, "an option")
        if "feedback" not in entry:
            option.problem(entry.start_line, "every option needs 'feedback:' saying why it is right or wrong")
        options.append(
            Option(
                id=OPTION_IDS[index],
                text_html=ctx.render_inline(option.text("text"), option.line("text")),
                correct=option.boolean("correct"),
                feedback_html=ctx.render_inline(option.text("feedback", required=False), option.line("feedback")),
            )
        )
    if entries and len(entries) < 2:
        fields.problem(fields.line("options"), "a choice exercise needs at least 2 options")
    correct = sum(1 for option in options if option.correct)
    if entries and kind == "single" and correct != 1:
        fields.problem(
            fields.line("options"),
            f"a single-choice exercise needs exactly one option with 'correct: true' (found {correct})",
        )
    if entries and kind == "multiple" and correct == 0:
        fields.problem(
            fields.line("options"), "a multiple-choice exercise needs at least one option with 'correct: true'"
        )
    return tuple(options)


def _ordering_items(fields: Fields, exercise_key: str) -> tuple[OrderingItem, ...]:
    items = fields.text_list("items")
    if fields.raw("items") is not None and len(items) < 2:
        fields.problem(fields.line("items"), "an ordering exercise needs at least 2 items, written in the right order")
    seen: set[str] = set()
    for text, line in items:
        if text in seen:
            fields.problem(line, f"the item '{text}' appears twice")
        seen.add(text)
    return tuple(OrderingItem(Ordering.item_id(exercise_key, text), text) for text, _ in items)
