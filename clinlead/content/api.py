"""The one door into `content`: the rules and codecs that go with the types in data.py."""

from .exercises import EXERCISE_TYPES, REFLECTION_MAX_CHARS
from .references import LINK_KINDS, LinkResolver, link, media, resolve_links
from .stored import pages_from_stored, pages_to_stored, video_files_from_stored, video_files_to_stored

__all__ = [
    "EXERCISE_TYPES",
    "LINK_KINDS",
    "REFLECTION_MAX_CHARS",
    "LinkResolver",
    "link",
    "media",
    "pages_from_stored",
    "pages_to_stored",
    "resolve_links",
    "video_files_from_stored",
    "video_files_to_stored",
]
