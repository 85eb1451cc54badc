"""Stored content holds references, not URLs: moving the site's pages and its static files changes no stored
session version, and every page still renders with links that lead where they should (docs/decisions/0017)."""

import html
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import Resolver404, resolve

from clinlead.authoring.api import read_content
from clinlead.catalogue import api as catalogue
from clinlead.content.api import LINK_KINDS, pages_to_stored
from tests.content_fixtures import STARTER
from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
PROGRAMME = "leadership-for-clinicians"
MOVED_STATIC = "/elsewhere/static/"
ATTRIBUTE = re.compile(r'\b(?:href|src|srcset|poster)="([^"]*)"')
REFERENCE = re.compile(r'\b(?:href|src|srcset|poster)="(?:' + "|".join((*LINK_KINDS, "media")) + r"):")


def pages_of_the_programme() -> list[str]:
    """Every page that shows content: each page and summary of every session version, and the site's pages."""
    programme = read_content(STARTER / PROGRAMME).programmes[0]
    base = f"/moved/programmes/{PROGRAMME}"
    urls = [f"{base}/", f"{base}/framework/", f"{base}/library/"]
    urls += [f"{base}/pages/{page.slug}/" for page in programme.pages]
    urls += [f"{base}/pathways/{pathway.key}/" for pathway in programme.pathways]
    urls += [f"{base}/library/{item.key}/" for item in programme.library]
    urls += [f"{base}/sessions/{session.key}/" for session in programme.sessions]
    for session in programme.sessions:
        player = f"/programmes/{PROGRAMME}/sessions/{session.key}/v{session.version}"
        urls += [f"{player}/{number}/" for number in range(1, len(session.pages) + 1)] + [f"{player}/summary/"]
    return urls


def kind_of(url: str) -> str:
    """What an address on this site leads to: a page of the website or the player, or a media file."""
    if url.startswith(MOVED_STATIC):
        relative = url.removeprefix(f"{MOVED_STATIC}content/{PROGRAMME}/")
        assert relative != url, f"a static file that is not this programme's media: {url}"
        assert (STARTER / PROGRAMME / "media" / relative).is_file(), f"no such media file: {url}"
        return "media"
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        raise AssertionError(f"a link that leads nowhere: {url}") from None


@override_settings(ROOT_URLCONF="tests.moved_website_urls", STATIC_URL=MOVED_STATIC)
def test_moving_the_websites_pages_and_static_files_leaves_every_link_in_stored_content_working(
    loaded_starter: Path,
) -> None:
    client = signed_in(make_learner())
    seen: Counter[str] = Counter()
    for url in pages_of_the_programme():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert not REFERENCE.search(page), f"{url} shows a reference that was not resolved"
        for value in ATTRIBUTE.findall(page):
            value = html.unescape(value)
            assert not value.startswith("/assets/"), f"{url}: {value} is at the static address of before"
            site_asset = value.startswith(MOVED_STATIC) and not value.startswith(f"{MOVED_STATIC}content/")
            if value.startswith("/") and not site_asset:
                seen[kind_of(value)] += 1
            assert "/programmes/" not in value or value.startswith(("/moved/", "/programmes/")), value
    # Content links to sessions, site pages, the library, pathways, the framework and media: all were followed.
    for view in ("website:session", "website:page", "website:library-item", "website:pathway", "website:framework"):
        assert seen[view] > 0, (view, seen)
    assert seen["media"] > 0, seen


def test_no_stored_session_version_holds_an_address(loaded_starter: Path) -> None:
    for session in read_content(STARTER / PROGRAMME).programmes[0].sessions:
        stored = json.dumps(pages_to_stored(catalogue.playable_session(PROGRAMME, session.key, None).pages))
        assert "/programmes/" not in stored, session.key
        assert 'src=\\"/' not in stored, session.key
        assert 'href=\\"/' not in stored, session.key
