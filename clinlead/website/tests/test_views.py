"""The public programme site, read by anonymous visitors."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from markupsafe import escape

from clinlead.authoring import api as authoring
from clinlead.catalogue import api as catalogue
from clinlead.content_links import linked
from tests.content_fixtures import edit

pytestmark = pytest.mark.django_db
P = "/programmes/leadership-for-clinicians"


def test_home_goes_straight_to_the_only_programme(client: Client, loaded_starter: Path) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{P}/"


def test_home_lists_programmes_when_there_are_several(client: Client, loaded_starter: Path, example_content) -> None:
    authoring.load_content(example_content)
    body = client.get("/").content.decode()
    assert "Leadership for Clinicians" in body
    assert "An example programme" in body


def test_landing_page_shows_every_part_of_the_programme(client: Client, loaded_starter: Path) -> None:
    body = client.get(f"{P}/").content.decode()
    for slug in ("about", "who-it-is-for", "based-on", "access", "faq", "team"):
        assert f'href="{P}/pages/{slug}/"' in body
    assert f'href="{P}/pathways/by-theme/"' in body
    assert f'href="{P}/pathways/by-domain/"' in body
    assert f'href="{P}/sessions/leadership-in-clinical-settings/"' in body
    assert f'href="{P}/sessions/the-competency-framework/"' in body
    assert "Demonstrating Personal Qualities" in body
    assert "Delivering the Strategy" in body


def test_site_pages_render_their_markdown(client: Client, loaded_starter: Path) -> None:
    source = (loaded_starter / "leadership-for-clinicians" / "pages" / "faq.md").read_text(encoding="utf-8")
    headings = [line.removeprefix("## ") for line in source.splitlines() if line.startswith("## ")]
    response = client.get(f"{P}/pages/faq/")
    assert response.status_code == 200
    body = response.content.decode()
    assert len(headings) >= 8
    assert re.findall(r"<h2>(.*?)</h2>", body) == [str(escape(heading)) for heading in headings]
    # Its links to the site, written [text](page:…), (pathway:…), (session:…) or (framework:), each go to
    # its place, in order. Only the page's own text is read: the menus beside it link to some of them too.
    folders = {"page": "pages", "pathway": "pathways", "session": "sessions"}
    expected = [
        f"{P}/framework/{f'#domain-{key}' if key else ''}" if kind == "framework" else f"{P}/{folders[kind]}/{key}/"
        for kind, key in re.findall(r"\]\((page|pathway|session|framework):([a-z0-9-]*)\)", source)
    ]
    text = body[body.index('<div class="clinlead-prose">') : body.index('<div class="nhsuk-grid-column-one-third">')]
    assert len(expected) >= 5
    assert [href for href in re.findall(r'href="([^"]*)"', text) if href.startswith(P)] == expected
    assert "](" not in body


def test_framework_lists_all_domains_and_elements_with_their_sessions(client: Client, loaded_starter: Path) -> None:
    body = client.get(f"{P}/framework/").content.decode()
    assert len(re.findall(r'id="domain-\d"', body)) == 7
    assert len(re.findall(r'id="element-\d\.\d"', body)) == 28
    assert "1.1 Developing Self Awareness" in body
    assert f'href="{P}/sessions/the-competency-framework/"' in body


def sessions_in(body: str) -> list[str]:
    return re.findall(rf'<a href="{P}/sessions/([a-z0-9-]+)/(?:\?pathway=[a-z-]+)?">', body)


def test_both_pathways_hold_the_same_sessions_grouped_differently(client: Client, loaded_starter: Path) -> None:
    by_theme = client.get(f"{P}/pathways/by-theme/").content.decode()
    by_domain = client.get(f"{P}/pathways/by-domain/").content.decode()
    assert sorted(sessions_in(by_theme)) == sorted(sessions_in(by_domain))
    assert len(sessions_in(by_theme)) >= 6
    assert len(set(sessions_in(by_theme))) == len(sessions_in(by_theme))
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", by_theme) != re.findall(r"<h2[^>]*>(.*?)</h2>", by_domain)


def test_sessions_link_goes_to_the_first_pathway(client: Client, loaded_starter: Path) -> None:
    response = client.get(f"{P}/sessions/")
    assert response["Location"] == f"{P}/pathways/by-theme/"


def test_session_overview_shows_what_a_learner_needs_to_decide(client: Client, loaded_starter: Path) -> None:
    session = catalogue.session_overview("leadership-for-clinicians", "the-competency-framework")
    body = client.get(f"{P}/sessions/the-competency-framework/").content.decode()
    assert f"About {session.minutes} minutes, {len(session.page_titles)} pages" in body
    assert "What you will learn" in body
    assert len(session.objectives) >= 2
    for objective in session.objectives:
        assert f"<li>{escape(objective)}</li>" in body
    assert "Framework elements" in body
    assert session.elements
    for element in session.elements:
        assert f'#element-{element.key}">{element.key} {escape(element.title)}</a>' in body
    assert f'href="{P}/sessions/the-competency-framework/play/"' in body


def test_a_session_that_needs_an_account_says_so_instead_of_offering_start(
    client: Client, loaded_starter: Path
) -> None:
    non_sample = next(
        card.key
        for group in catalogue.pathway("leadership-for-clinicians", "by-theme").groups
        for card in group.sessions
        if not card.sample
    )
    body = client.get(f"{P}/sessions/{non_sample}/").content.decode()
    assert "/play/" not in body
    assert "sample sessions" in body


def test_library_is_open_and_filters_by_domain(client: Client, loaded_starter: Path) -> None:
    everything = client.get(f"{P}/library/").content.decode()
    domain_one = client.get(f"{P}/library/?domain=1").content.decode()
    all_items = re.findall(rf'href="{P}/library/([a-z0-9-]+)/"', everything)
    domain_items = re.findall(rf'href="{P}/library/([a-z0-9-]+)/\?domain=1"', domain_one)  # the filter goes along
    assert len(all_items) >= 8
    assert 0 < len(domain_items) < len(all_items)
    assert set(domain_items) <= set(all_items)
    for key in all_items:
        assert client.get(f"{P}/library/{key}/").status_code == 200


def test_library_video_has_captions_and_a_transcript(client: Client, loaded_starter: Path) -> None:
    library = catalogue.library("leadership-for-clinicians")
    video = next(item for item in library.items if item.kind == "video")
    item = linked(catalogue.library_item("leadership-for-clinicians", video.key), "leadership-for-clinicians")
    body = client.get(f"{P}/library/{video.key}/").content.decode()
    assert item.video is not None
    captions = item.video.captions  # the file's address on this site
    assert f'<track kind="captions" srclang="en" label="English" src="{captions}" default>' in body
    assert captions.startswith("/assets/content/leadership-for-clinicians/")
    assert captions.endswith(".vtt")
    # The transcript is the item's text, inside the details element headed "Transcript: …".
    transcript = re.search(r"<details.*?Transcript: .*?</summary>(.*?)</details>", body, re.S)
    assert transcript, body
    assert len(item.html) > 200
    assert " ".join(item.html.split()) in " ".join(transcript.group(1).split())  # the macro indents it


def test_library_video_offers_mp4_before_webm(client: Client, loaded_starter: Path) -> None:
    """Browsers play the first source they can: MP4 first reaches Safari on older iPhones, which has no WebM."""
    library = catalogue.library("leadership-for-clinicians")
    video = next(item for item in library.items if item.kind == "video")
    body = client.get(f"{P}/library/{video.key}/").content.decode()
    sources = re.findall(r'<source src="([^"]+)" type="([^"]+)">', body)
    assert [(src.rsplit(".", 1)[1], kind) for src, kind in sources] == [("mp4", "video/mp4"), ("webm", "video/webm")]
    assert all(src.startswith("/assets/content/leadership-for-clinicians/") for src, _ in sources)


@pytest.mark.parametrize(
    "url",
    [
        "/programmes/nope/",
        f"{P}/pages/nope/",
        f"{P}/pathways/nope/",
        f"{P}/sessions/nope/",
        f"{P}/library/nope/",
    ],
)
def test_unknown_things_are_not_found(client: Client, loaded_starter: Path, url: str) -> None:
    assert client.get(url).status_code == 404


def add_sessions(programme: Path, count: int) -> None:
    source = (programme / "sessions" / "speaking-up.md").read_text()
    keys = [f"extra-{n:02d}" for n in range(count)]
    for key in keys:
        (programme / "sessions" / f"{key}.md").write_text(source.replace("key: speaking-up", f"key: {key}"))
    listing = "      - speaking-up" + "".join(f"\n      - {key}" for key in keys)
    for pathway in ("by-theme", "by-domain"):
        edit(programme / "pathways" / f"{pathway}.md", "      - speaking-up", listing)


PAGES = [
    "/programmes/example/",
    "/programmes/example/framework/",
    "/programmes/example/pathways/by-theme/",
    "/programmes/example/sessions/speaking-up/",
    "/programmes/example/library/",
    "/programmes/example/pages/about/",
    "/programmes/example/sessions/speaking-up/v1/2/",
]


def count_queries() -> dict[str, int]:
    """Queries per page for a new visitor (so the player records a first visit each time).

    Another visitor opens each page first, so per-process caches are warm in both measurements.
    """
    for url in PAGES:
        Client().get(url)
    client = Client()
    client.get(PAGES[0])  # a first request sets up the visitor's session
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_queries_per_page_do_not_grow_with_the_number_of_sessions(example_content: Path) -> None:
    authoring.load_content(example_content)
    few = count_queries()
    add_sessions(example_content / "example", 30)
    authoring.load_content(example_content)
    many = count_queries()
    assert many == few
    assert max(few.values()) <= 8, few


def test_a_session_for_account_holders_tells_each_visitor_how_to_get_in(client: Client, example_content: Path) -> None:
    from tests.factories import make_learner, signed_in

    edit(example_content / "example" / "sessions" / "speaking-up.md", "sample: true", "sample: false")
    authoring.load_content(example_content)
    url = "/programmes/example/sessions/speaking-up/"
    anonymous = client.get(url).content.decode()
    assert 'href="/accounts/signup/">Create an account</a>' in anonymous
    assert f'href="/accounts/login/?next={url}">Sign in</a>' in anonymous
    assert "being set up" not in anonymous
    assert "Start session" not in anonymous
    ineligible = signed_in(make_learner("sam@example.com")).get(url).content.decode()
    assert "Your account does not have free access because example.com is not on our list" in ineligible
    assert 'href="/accounts/email/"' in ineligible
    assert "Start session" not in ineligible
    eligible = signed_in(make_learner("amara@nhs.net")).get(url).content.decode()
    assert "Start session" in eligible
    assert "does not have free access" not in eligible
