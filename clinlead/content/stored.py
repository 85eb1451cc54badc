"""How a session version's pages are stored (JSON in the catalogue) and read back as typed content.

Written out field by field rather than with `dataclasses.asdict`, so that the stored form is a format we
chose and can keep: renaming a field in code does not silently change what is stored, and reading a
stored page never needs the classes that wrote it. References stay references (references.py).
"""

from typing import Any

from .data import ASIDE_KINDS, Animation, Aside, Block, Image, Page, Prose, Video, VideoFiles
from .exercises import MultipleChoice, Option, Ordering, OrderingItem, Reflection, SingleChoice
from .references import Html, MediaPath

StoredPage = dict[str, Any]


def pages_to_stored(pages: tuple[Page, ...]) -> list[StoredPage]:
    """The pages as JSON-ready dicts."""
    return [{"title": page.title, "blocks": [_block_to_stored(block) for block in page.blocks]} for page in pages]


def pages_from_stored(stored: list[StoredPage]) -> tuple[Page, ...]:
    """Pages read back from what `pages_to_stored` wrote."""
    return tuple(
        Page(title=page["title"], blocks=tuple(_block_from_stored(block) for block in page["blocks"]))
        for page in stored
    )


def video_files_to_stored(files: VideoFiles) -> dict[str, Any]:
    """A video's files as JSON-ready data (a library video is stored this way)."""
    stored: dict[str, Any] = {"src": files.src, "captions": files.captions, "poster": files.poster}
    if files.other_formats:  # only when there are some, so videos stored before keep comparing equal
        stored["other_formats"] = list(files.other_formats)
    return stored


def video_files_from_stored(stored: dict[str, Any]) -> VideoFiles:
    """Video files read back from what `video_files_to_stored` wrote."""
    return VideoFiles(
        MediaPath(stored["src"]),
        MediaPath(stored["captions"]),
        MediaPath(stored.get("poster", "")),
        tuple(MediaPath(path) for path in stored.get("other_formats", ())),
    )


def _block_to_stored(block: Block) -> dict[str, Any]:
    match block:
        case Prose(html=html):
            return {"kind": "text", "html": html}
        case Aside(kind=kind, title=title, html=html):
            return {"kind": kind, "title": title, "html": html}
        case Image(src=src, alt=alt, caption=caption):
            return {"kind": "image", "src": src, "alt": alt, "caption": caption}
        case Animation(src=src, still=still, alt=alt, caption=caption):
            return {"kind": "animation", "src": src, "still": still, "alt": alt, "caption": caption}
        case Video(title=title, files=files, transcript_html=transcript):
            return {"kind": "video", "title": title, **video_files_to_stored(files), "transcript_html": transcript}
    exercise: dict[str, Any] = {"kind": "exercise", "type": block.type, "key": block.key}
    exercise |= {"prompt_html": block.prompt_html, "hint": block.hint, "required": block.required}
    match block:
        case SingleChoice(options=options) | MultipleChoice(options=options):
            exercise["options"] = [
                {"id": o.id, "text_html": o.text_html, "correct": o.correct, "feedback_html": o.feedback_html}
                for o in options
            ]
        case Ordering(items=items, feedback_html=feedback):
            exercise["items"] = [{"id": item.id, "text": item.text} for item in items]
            exercise["feedback_html"] = feedback
        case Reflection(guidance_html=guidance):
            exercise["guidance_html"] = guidance
    return exercise


def _block_from_stored(stored: dict[str, Any]) -> Block:
    kind = stored["kind"]
    if kind == "text":
        return Prose(Html(stored["html"]))
    if kind in ASIDE_KINDS:
        return Aside(kind, stored["title"], Html(stored["html"]))
    if kind == "image":
        return Image(MediaPath(stored["src"]), stored["alt"], stored["caption"])
    if kind == "animation":
        return Animation(MediaPath(stored["src"]), MediaPath(stored["still"]), stored["alt"], stored["caption"])
    if kind == "video":
        return Video(stored["title"], video_files_from_stored(stored), Html(stored["transcript_html"]))
    if kind != "exercise":
        raise ValueError(f"a stored block of unknown kind {kind!r}")
    common = {
        "key": stored["key"],
        "prompt_html": Html(stored["prompt_html"]),
        "hint": stored["hint"],
        "required": stored["required"],
    }
    exercise_type = stored["type"]
    if exercise_type in ("single", "multiple"):
        options = tuple(
            Option(o["id"], Html(o["text_html"]), o["correct"], Html(o["feedback_html"])) for o in stored["options"]
        )
        cls = SingleChoice if exercise_type == "single" else MultipleChoice
        return cls(**common, options=options)
    if exercise_type == "ordering":
        items = tuple(OrderingItem(item["id"], item["text"]) for item in stored["items"])
        return Ordering(**common, items=items, feedback_html=Html(stored["feedback_html"]))
    if exercise_type == "reflection":
        return Reflection(**common, guidance_html=Html(stored["guidance_html"]))
    raise ValueError(f"a stored exercise of unknown type {exercise_type!r}")
