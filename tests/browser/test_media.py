"""Media in the player: animations honour reduced motion and can be paused; videos carry captions browsers can read."""

import pytest
from playwright.sync_api import Browser, Page, expect

from clinlead.catalogue import api as catalogue

from .conftest import axe_violations, new_page

pytestmark = pytest.mark.browser
PROGRAMME = "leadership-for-clinicians"


def page_with(kind: str) -> str:
    """The player URL of the first sample-session page holding a block of this kind."""
    for card in catalogue.programme_overview(PROGRAMME).samples:
        session = catalogue.playable_session(PROGRAMME, card.key, None)
        for number, page in enumerate(session.pages, start=1):
            if any(block.kind == kind for block in page.blocks):
                return f"/programmes/{PROGRAMME}/sessions/{card.key}/v{session.version}/{number}/"
    raise AssertionError(f"no sample session has a {kind} block")


@pytest.mark.parametrize(("motion", "shows_still"), [("reduce", True), ("no-preference", False)])
def test_animation_shows_its_still_picture_when_reduced_motion_is_asked_for(
    browser: Browser, site: str, motion: str, shows_still: bool
) -> None:
    page = new_page(browser, site)
    page.emulate_media(reduced_motion=motion)  # type: ignore[arg-type]
    page.goto(site + page_with("animation"))
    image = page.locator(".clinlead-animation img").first
    image.wait_for()
    page.wait_for_function("img => img.complete && img.currentSrc", arg=image.element_handle())
    current = image.evaluate("img => img.currentSrc")
    assert current.endswith("-still.svg") is shows_still, current
    assert image.get_attribute("alt")
    # Nothing moves for someone who asked for less motion, so there is nothing to pause.
    expect(page.get_by_role("button", name="Pause animation")).to_have_count(0 if shows_still else 1)
    page.context.close()


def current_source(page: Page) -> str:
    image = page.locator(".clinlead-animation img").first
    page.wait_for_function("img => img.complete && img.currentSrc", arg=image.element_handle())
    return str(image.evaluate("img => img.currentSrc"))


def test_the_animation_has_a_pause_button_that_stops_it_and_a_play_button_that_starts_it(
    browser: Browser, site: str
) -> None:
    page = new_page(browser, site)
    page.emulate_media(reduced_motion="no-preference")
    page.goto(site + page_with("animation"))
    pause = page.get_by_role("button", name="Pause animation")
    expect(pause).to_be_visible()
    assert not current_source(page).endswith("-still.svg")
    pause.click()
    play = page.get_by_role("button", name="Play animation")
    expect(play).to_be_visible()
    page.wait_for_function("() => document.querySelector('.clinlead-animation img').currentSrc.endsWith('-still.svg')")
    play.click()
    expect(page.get_by_role("button", name="Pause animation")).to_be_visible()
    assert not current_source(page).endswith("-still.svg")
    assert axe_violations(page) == []
    page.context.close()


def test_without_javascript_the_animation_is_its_still_picture(browser: Browser, site: str) -> None:
    page = new_page(browser, site, javascript=False)
    page.emulate_media(reduced_motion="no-preference")
    page.goto(site + page_with("animation"))
    assert current_source(page).endswith("-still.svg")
    expect(page.get_by_role("button", name="Pause animation")).to_have_count(0)
    page.context.close()


def test_video_captions_are_served_as_webvtt_and_load(browser: Browser, site: str) -> None:
    page = new_page(browser, site)
    page.goto(site + page_with("video"))
    track = page.locator("video track[kind=captions]").first
    response = page.request.get(site + str(track.get_attribute("src")))
    assert response.headers["content-type"].startswith("text/vtt")
    assert response.text().startswith("WEBVTT")
    page.wait_for_function("() => document.querySelector('video').textTracks[0].cues?.length > 0")
    assert page.locator("details summary", has_text="Transcript").count() >= 1
    page.context.close()


def test_video_offers_mp4_then_webm_and_the_browser_loads_one_it_can_play(browser: Browser, site: str) -> None:
    page = new_page(browser, site)
    page.goto(site + page_with("video"))
    types = page.locator("video source").evaluate_all("sources => sources.map(s => s.type)")
    assert types == ["video/mp4", "video/webm"]
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")  # its metadata has loaded
    current, plays_mp4 = page.evaluate(
        "() => { const v = document.querySelector('video');"
        " return [v.currentSrc, v.canPlayType('video/mp4; codecs=\"avc1.64001E\"') !== '']; }"
    )
    assert current.endswith(".mp4" if plays_mp4 else ".webm"), current
    page.context.close()
