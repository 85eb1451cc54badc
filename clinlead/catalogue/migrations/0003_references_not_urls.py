"""Stored content keeps references, not URLs (docs/decisions/0017).

Until this release, links and media in stored content were turned into the site's URLs when content was
loaded, and a session version's pages were stored as `{"kind", "html", "title", "data"}` blocks. This
re-encodes what is already stored: every link into the programme becomes `kind:key`, every media URL
`media:path` (or, in a structured field, the bare path), and blocks take their typed shape (stored.py).
What each version says does not change. The URL shapes below are the ones those rows were written with,
fixed here on purpose: a later renaming of the site's URLs must not change what this migration reads.
"""

import re
from typing import Any

from django.conf import settings
from django.db import migrations

_PROGRAMME = r"/programmes/(?P<programme>[-\w]+)/"
_LINKS = [
    (re.compile(_PROGRAMME + r"sessions/(?P<key>[-\w]+)/$"), "session"),
    (re.compile(_PROGRAMME + r"pages/(?P<key>[-\w]+)/$"), "page"),
    (re.compile(_PROGRAMME + r"library/(?P<key>[-\w]+)/$"), "library"),
    (re.compile(_PROGRAMME + r"pathways/(?P<key>[-\w]+)/$"), "pathway"),
    (re.compile(_PROGRAMME + r"framework/(?:#domain-(?P<key>[^\"]*))?$"), "framework"),
]
_ATTRIBUTE = re.compile(r'\b(?P<attr>href|src)="(?P<url>[^"]*)"')


def _media_path(url: str, programme: str) -> str | None:
    prefix = f"{settings.STATIC_URL.rstrip('/')}/content/{programme}/"
    return url[len(prefix) :] if url.startswith(prefix) else None


def _html(html: str, programme: str) -> str:
    def reference(match: re.Match[str]) -> str:
        url = match["url"]
        path = _media_path(url, programme)
        if path is not None:
            return f'{match["attr"]}="media:{path}"'
        for pattern, kind in _LINKS:
            found = pattern.match(url)
            if found and found["programme"] == programme:
                return f'{match["attr"]}="{kind}:{found["key"] or ""}"'
        return match.group(0)

    return _ATTRIBUTE.sub(reference, html or "")


def _media(url: str, programme: str) -> str:
    return _media_path(url, programme) or url if url else ""


def _block(block: dict[str, Any], programme: str) -> dict[str, Any]:
    if "data" not in block:  # already in the new shape
        return block
    kind, data = block["kind"], block["data"]
    if kind == "text":
        return {"kind": "text", "html": _html(block["html"], programme)}
    if kind in ("case-study", "trainer-resources", "further-reading"):
        return {"kind": kind, "title": block["title"], "html": _html(block["html"], programme)}
    if kind == "image":
        return {"kind": "image", "src": _media(data["src"], programme), "alt": data["alt"], "caption": data["caption"]}
    if kind == "animation":
        return {
            "kind": "animation",
            "src": _media(data["src"], programme),
            "still": _media(data["still"], programme),
            "alt": data["alt"],
            "caption": data["caption"],
        }
    if kind == "video":
        return {
            "kind": "video",
            "title": block["title"],
            **{name: _media(data.get(name, ""), programme) for name in ("src", "captions", "poster")},
            "transcript_html": _html(block["html"], programme),
        }
    exercise = {
        "kind": "exercise",
        "type": data["type"],
        "key": data["key"],
        "prompt_html": _html(data["prompt_html"], programme),
        "hint": data["hint"],
        "required": data["required"],
    }
    if data["type"] in ("single", "multiple"):
        exercise["options"] = [
            {**o, "text_html": _html(o["text_html"], programme), "feedback_html": _html(o["feedback_html"], programme)}
            for o in data["options"]
        ]
    elif data["type"] == "ordering":
        exercise["items"] = data["items"]
        exercise["feedback_html"] = _html(data["feedback_html"], programme)
    else:
        exercise["guidance_html"] = _html(data.get("guidance_html", ""), programme)
    return exercise


def forwards(apps: Any, schema_editor: Any) -> None:
    Programme = apps.get_model("catalogue", "Programme")
    for programme in Programme.objects.all():
        key = programme.key
        programme.intro_html = _html(programme.intro_html, key)
        programme.framework_intro_html = _html(programme.framework_intro_html, key)
        programme.save(update_fields=["intro_html", "framework_intro_html"])
        for page in programme.site_pages.all():
            page.html = _html(page.html, key)
            page.save(update_fields=["html"])
        for pathway in programme.pathways.all():
            pathway.intro_html = _html(pathway.intro_html, key)
            pathway.save(update_fields=["intro_html"])
            for group in pathway.groups.all():
                group.intro_html = _html(group.intro_html, key)
                group.save(update_fields=["intro_html"])
        for item in programme.library_items.all():
            item.html = _html(item.html, key)
            item.video = {name: _media(url, key) for name, url in (item.video or {}).items()}
            item.save(update_fields=["html", "video"])
        SessionVersion = apps.get_model("catalogue", "SessionVersion")
        for version in SessionVersion.objects.filter(session__programme=programme):
            version.pages = [
                {"title": page["title"], "blocks": [_block(block, key) for block in page["blocks"]]}
                for page in version.pages
            ]
            version.save(update_fields=["pages"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_pass_mark")]

    # Forwards only: the old form held URLs that depend on the site's configuration at the time.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
