"""Every page is one service: the programme's name in the header and the title, its navigation with the current
section marked, and the same footer links, whichever app drew the page and whoever is looking."""

import re
from pathlib import Path

import pytest
from django.test import Client

from clinlead.accounts.testing import account
from clinlead.authoring import api as authoring
from tests.factories import signed_in

pytestmark = pytest.mark.django_db
P = "/programmes/leadership-for-clinicians"
TITLE = "Leadership for Clinicians"

VISITOR_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/certificates/verify/",
    f"{P}/",
    f"{P}/framework/",
    f"{P}/pathways/by-theme/",
    f"{P}/sessions/leadership-in-clinical-settings/",
    f"{P}/library/",
    f"{P}/pages/faq/",
    f"{P}/pages/privacy/",
]
LEARNER_PAGES = [
    "/my-learning/",
    "/my-learning/activity/",
    "/accounts/profile/",
    "/accounts/profile/edit/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    f"{P}/",
]
FOOTER = {
    "Accessibility statement": f"{P}/pages/accessibility/",
    "Privacy notice": f"{P}/pages/privacy/",
    "Cookies": f"{P}/pages/cookies/",
    "Terms of use": f"{P}/pages/terms/",
    "Contact and help": f"{P}/pages/contact/",
}


def header_of(body: str) -> str:
    return body[body.index("<header") : body.index("</header>")]


def nav_links(body: str) -> dict[str, str]:
    """Each link of the header's programme navigation: its text and the tag that opens it."""
    links = re.findall(r'(<a\s[^>]*class="nhsuk-header__navigation-link"[^>]*>)(.*?)</a>', header_of(body), re.S)
    return {re.sub(r"<[^>]+>", "", text).strip(): re.sub(r"\s+", " ", tag) for tag, text in links}


def footer_of(body: str) -> dict[str, str]:
    footer = body[body.index("<footer") :]
    links = re.findall(r'<a class="nhsuk-footer__list-item-link" href="([^"]+)"\s*>([^<]+)</a>', footer)
    return {text.strip(): href for href, text in links}


def assert_one_service(body: str, url: str) -> None:
    header = header_of(body)
    service = re.search(r'<a class="nhsuk-header__service-logo" href="([^"]+)"[^>]*>.*?</a>', header, re.S)
    assert service, url
    assert service.group(1) == f"{P}/", url
    assert TITLE in service.group(0), url
    assert "clinlead" not in header, url
    title = re.search(r"<title>(.*?)</title>", body, re.S)
    assert title, url
    assert title.group(1).strip() == TITLE if url == f"{P}/" else title.group(1).strip().endswith(f" – {TITLE}"), url
    assert list(nav_links(body)) == ["Programme", "Framework", "Sessions", "Library"], url
    assert footer_of(body) == FOOTER, url


def test_every_page_a_visitor_sees_is_the_programme_with_its_navigation_and_footer(loaded_starter: Path) -> None:
    client = Client()
    for url in VISITOR_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_one_service(response.content.decode(), url)


def test_every_page_a_learner_sees_is_the_programme_with_its_navigation_and_footer(loaded_starter: Path) -> None:
    client = signed_in(account("learner@nhs.net").user)  # a confirmed address, which two-factor set-up asks for
    for url in LEARNER_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_one_service(response.content.decode(), url)


@pytest.mark.parametrize(
    ("url", "section", "how"),
    [
        (f"{P}/", "Programme", "page"),
        (f"{P}/framework/", "Framework", "page"),
        (f"{P}/library/", "Library", "page"),
        (f"{P}/pages/about/", "Programme", "true"),
        (f"{P}/pathways/by-domain/", "Sessions", "true"),
        (f"{P}/sessions/leadership-in-clinical-settings/", "Sessions", "true"),
        (f"{P}/library/reflection-that-changes-practice/", "Library", "true"),
    ],
)
def test_the_section_being_shown_is_marked_current_and_no_other(
    client: Client, loaded_starter: Path, url: str, section: str, how: str
) -> None:
    links = nav_links(client.get(url).content.decode())
    assert f'aria-current="{how}"' in links[section]
    assert [name for name, tag in links.items() if "aria-current" in tag] == [section]


def test_account_pages_mark_no_programme_section(client: Client, loaded_starter: Path) -> None:
    links = nav_links(client.get("/accounts/login/").content.decode())
    assert not [name for name, tag in links.items() if "aria-current" in tag]


def test_the_footer_pages_are_in_the_footer_not_among_the_pages_about_the_programme(
    client: Client, loaded_starter: Path
) -> None:
    body = client.get(f"{P}/").content.decode()
    about = body[body.index('id="about"') : body.index("<footer")]
    assert f'href="{P}/pages/faq/"' in about
    for href in FOOTER.values():
        assert f'href="{href}"' not in about
        assert client.get(href).status_code == 200


def test_with_several_programmes_each_programme_page_is_its_own_and_other_pages_the_first_by_title(
    client: Client, loaded_starter: Path, example_content: Path
) -> None:
    authoring.load_content(example_content)
    assert_one_service(client.get(f"{P}/framework/").content.decode(), "the starter's framework")
    sign_in = client.get("/accounts/login/").content.decode()
    assert "<title>Sign in – An example programme</title>" in sign_in  # "An example…" sorts first
    assert 'href="/programmes/example/"' in header_of(sign_in)
    assert f'href="{P}/"' not in header_of(sign_in)


def test_before_any_programme_is_published_pages_still_render(client: Client) -> None:
    body = client.get("/accounts/login/").content.decode()
    assert "<title>Sign in – clinlead</title>" in body
    assert nav_links(body) == {}
