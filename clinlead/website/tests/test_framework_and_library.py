"""The framework page (a few phone screens: jump links, each element's sessions once, in expanders) and the
library (domains by name, the filter kept from the list to an item and back, times in words)."""

import re
from pathlib import Path

import pytest
from django.test import Client
from markupsafe import escape

from clinlead.catalogue import api as catalogue

pytestmark = pytest.mark.django_db
PROGRAMME = "leadership-for-clinicians"
P = f"/programmes/{PROGRAMME}"


def test_the_framework_page_starts_with_a_jump_link_to_each_domain(client: Client, loaded_starter: Path) -> None:
    body = client.get(f"{P}/framework/").content.decode()
    framework = catalogue.framework(PROGRAMME)
    nav = body[body.index('<nav class="nhsuk-contents-list"') : body.index("</nav>", body.index("nhsuk-contents-list"))]
    jumps = re.findall(r'href="#(domain-[^"]+)">([^<]+)</a>', nav)
    assert jumps == [(f"domain-{d.key}", f"{d.key}. {escape(d.title)}") for d in framework.domains]
    for target, _ in jumps:
        assert f'<section class="clinlead-domain" id="{target}"' in body
    assert body.index("nhsuk-contents-list") < body.index('<section class="clinlead-domain"')


def element_sessions(body: str) -> dict[str, list[str]]:
    """Each element's expander and the session keys listed in it, in order."""
    found = {}
    for key, inside in re.findall(r'<details class="nhsuk-details" id="element-([\d.]+)"(.*?)</details>', body, re.S):
        found[key] = re.findall(rf'<a href="{P}/sessions/([a-z0-9-]+)/">', inside)
    return found


def test_each_element_is_an_expander_listing_its_sessions_once_by_title(client: Client, loaded_starter: Path) -> None:
    body = client.get(f"{P}/framework/").content.decode()
    framework = catalogue.framework(PROGRAMME)
    listed = element_sessions(body)
    expected = {e.key: sorted({s.key for s in e.sessions}) for d in framework.domains for e in d.elements}
    assert {key: sorted(keys) for key, keys in listed.items()} == expected
    assert all(len(keys) == len(set(keys)) for keys in listed.values())
    titles = catalogue.session_titles(PROGRAMME)
    for key in listed["1.1"]:
        assert f'<a href="{P}/sessions/{key}/">{escape(titles[key])}</a>' in body
    # No summaries of sessions any more: they made the page 37 phone screens long.
    assert "clinlead-session-list" not in body
    count = len(expected["1.1"])
    assert re.search(rf"1\.1 Developing Self Awareness \({count} sessions?\)", body)


def test_the_session_pages_links_to_an_element_land_on_its_expander(client: Client, loaded_starter: Path) -> None:
    framework = client.get(f"{P}/framework/").content.decode()
    session = client.get(f"{P}/sessions/the-competency-framework/").content.decode()
    targets = re.findall(rf'href="{P}/framework/#(element-[\d.]+)"', session)
    assert targets
    for target in targets:
        assert f'<details class="nhsuk-details" id="{target}"' in framework


def test_the_library_names_domains_rather_than_numbering_them(client: Client, loaded_starter: Path) -> None:
    library = catalogue.library(PROGRAMME)
    titles = dict(library.domains)
    body = client.get(f"{P}/library/").content.decode()
    assert "domains 1" not in body
    assert "domain 1" not in body
    item = next(i for i in library.items if len(i.domain_keys) > 1)
    assert "; ".join(str(escape(titles[k])) for k in item.domain_keys) in body
    filtered = client.get(f"{P}/library/?domain=2").content.decode()
    count = len(catalogue.library(PROGRAMME, "2").items)
    assert f'<p role="status">{count} items in {escape(titles["2"])}</p>' in filtered
    assert re.search(r'<option value="2" selected\s*>Working with Others</option>', filtered)
    item_page = client.get(f"{P}/library/{item.key}/").content.decode()
    assert "; ".join(str(escape(titles[k])) for k in item.domain_keys) in item_page
    assert not re.search(r"· \d ", item_page)  # no "· 2 Working with Others"


def test_the_library_filter_is_kept_on_the_way_to_an_item_and_back(client: Client, loaded_starter: Path) -> None:
    filtered = client.get(f"{P}/library/?domain=2").content.decode()
    links = re.findall(rf'href="({P}/library/[a-z0-9-]+/\?domain=2)"', filtered)
    assert len(links) == len(catalogue.library(PROGRAMME, "2").items)
    item = client.get(links[0]).content.decode()
    # The breadcrumb (a back link on a phone) and the back link under the item both return to the filtered list.
    backs = re.findall(r'class="nhsuk-back-link"\s+href="([^"]+)"', item)
    assert backs == [f"{P}/library/?domain=2"] * 2
    unfiltered = client.get(links[0].split("?")[0]).content.decode()
    assert re.findall(r'class="nhsuk-back-link"\s+href="([^"]+)"', unfiltered) == [f"{P}/library/"] * 2


@pytest.mark.parametrize("tampered", ["<script>", "../../", 'a"b', "2 OR 1=1", "x" * 101])
def test_a_filter_that_is_not_a_domain_key_is_not_carried_back(
    client: Client, loaded_starter: Path, tampered: str
) -> None:
    key = catalogue.library(PROGRAMME).items[0].key
    body = client.get(f"{P}/library/{key}/", {"domain": tampered}).content.decode()
    assert re.findall(r'class="nhsuk-back-link"\s+href="([^"]+)"', body) == [f"{P}/library/"] * 2
    listing = client.get(f"{P}/library/", {"domain": tampered}).content.decode()
    assert f"/{key}/?domain" not in listing  # the list shows everything, so its links carry no filter


def test_an_item_of_one_minute_says_1_minute(client: Client, loaded_starter: Path) -> None:
    one_minute = [i for i in catalogue.library(PROGRAMME).items if i.minutes == 1]
    assert one_minute, "the shipped library has a one-minute video"
    body = client.get(f"{P}/library/").content.decode()
    assert "1 minutes" not in body
    assert "about 1 minute ·" in body
    item = client.get(f"{P}/library/{one_minute[0].key}/").content.decode()
    assert "About 1 minute ·" in item
    assert "1 minutes" not in item
