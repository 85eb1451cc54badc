"""We set only the cookies the site needs to work, and the cookies page lists exactly those."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from clinlead.accounts.testing import PASSWORD
from tests.content_fixtures import STARTER
from tests.factories import S, play_everything

pytestmark = pytest.mark.django_db
P = "/programmes/leadership-for-clinicians"
# sign_in_with: set only when someone chooses their organisation to sign in with (clinlead/sso/views.py).
STRICTLY_NECESSARY = {"sessionid", "csrftoken", "messages", "sign_in_with"}


def cookies_set(client: Client, urls: list[str]) -> set[str]:
    names: set[str] = set()
    for url in urls:
        names |= set(client.get(url, follow=True).cookies.keys())
    return names


def test_a_visitor_trying_a_sample_session_gets_only_strictly_necessary_cookies(loaded_example: Path) -> None:
    client = Client()
    names = cookies_set(client, ["/", "/programmes/example/", f"{S}/", "/accounts/signup/"])
    play_everything(client)  # a visitor's answers are kept in their session
    names |= set(client.cookies.keys())
    names |= set(client.post("/accounts/login/", {"login": "nobody@nhs.net", "password": "wrong"}).cookies.keys())
    assert {"sessionid", "csrftoken"} <= names
    assert names <= STRICTLY_NECESSARY, names


def test_a_learner_registering_signing_in_and_out_gets_only_strictly_necessary_cookies(loaded_starter: Path) -> None:
    client = Client()
    data = {
        "email": "amara@nhs.net",
        "name_on_certificates": "Amara Okafor",
        "profession": "nurse",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
    }
    names = set(client.post("/accounts/signup/", data).cookies.keys())
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+/)", str(mail.outbox[-1].body))
    assert link
    names |= set(client.post(link.group(1), follow=True).cookies.keys())
    names |= cookies_set(client, ["/my-learning/", f"{P}/sessions/giving-and-receiving-feedback/v1/1/"])
    names |= set(client.post("/accounts/logout/", follow=True).cookies.keys())
    names |= set(client.post("/accounts/login/", {"login": "amara@nhs.net", "password": PASSWORD}).cookies.keys())
    assert {"sessionid", "csrftoken"} <= names
    assert names <= STRICTLY_NECESSARY, names
    assert client.cookies["sessionid"]["httponly"]


def test_the_cookies_page_lists_exactly_the_cookies_we_set() -> None:
    page = (STARTER / "leadership-for-clinicians" / "pages" / "cookies.md").read_text(encoding="utf-8")
    assert set(re.findall(r"^\| `([a-z_]+)` \|", page, re.M)) == STRICTLY_NECESSARY
