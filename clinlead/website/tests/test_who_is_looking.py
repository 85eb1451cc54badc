"""What each person is offered: a visitor one clear way in, a learner without free access the reason and their
other routes instead of a Start button that would refuse them."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import make_learner, signed_in

pytestmark = pytest.mark.django_db
P = "/programmes/leadership-for-clinicians"
FOR_ACCOUNTS = f"{P}/sessions/giving-and-receiving-feedback/"  # not a sample


def main_of(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


def buttons_in(body: str) -> list[str]:
    """The text of each green (primary) button: nhsuk-button without a secondary or other variant."""
    found = re.findall(r'<(?:a|button)[^>]*class="nhsuk-button"[^>]*>(.*?)</(?:a|button)>', main_of(body), re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for text in found]


def test_a_visitor_on_the_landing_page_has_one_start_button_and_links_below(
    client: Client, loaded_starter: Path
) -> None:
    body = client.get(f"{P}/").content.decode()
    assert buttons_in(body) == ["Start a sample session"]
    secondary = main_of(body)[main_of(body).index('id="secondary-actions"') :]
    assert 'href="/accounts/signup/"' in secondary
    assert 'href="/accounts/login/"' in secondary
    assert f'href="{P}/pages/access/"' in secondary


def test_a_learner_on_the_landing_page_has_one_button_for_their_next_step(loaded_starter: Path) -> None:
    learner = signed_in(make_learner())
    assert buttons_in(learner.get(f"{P}/").content.decode()) == ["Add to my learning"]
    learner.post(f"/my-learning/enrol/{P.rsplit('/', 1)[-1]}/")
    assert buttons_in(learner.get(f"{P}/").content.decode()) == ["Go to My learning"]


def test_a_visitor_on_a_session_for_account_holders_is_asked_to_sign_in_or_register(
    client: Client, loaded_starter: Path
) -> None:
    body = main_of(client.get(FOR_ACCOUNTS).content.decode())
    card = body[body.index('id="sign-in-to-start"') :]
    assert "Sign in to start this session" in card
    assert f'<a href="/accounts/login/?next={FOR_ACCOUNTS}">Sign in</a>' in card
    assert '<a href="/accounts/signup/">Create an account</a>' in card
    assert "Start session" not in body


def test_a_learner_without_free_access_is_told_why_instead_of_offered_start(loaded_starter: Path) -> None:
    learner = signed_in(make_learner("sam@example.com"))
    body = main_of(learner.get(FOR_ACCOUNTS).content.decode())
    assert "Start session" not in body
    assert "Add to My learning" not in body  # nothing offered that the player would refuse
    assert "Your account does not have free access because example.com is not on our list" in body
    assert 'href="/accounts/email/"' in body
    assert f'href="{P}/#samples"' in body
    assert learner.get(f"{FOR_ACCOUNTS}play/").status_code == 403  # what a Start button would have led to


def test_a_learner_with_free_access_is_offered_start(loaded_starter: Path) -> None:
    body = main_of(signed_in(make_learner("amara@nhs.net")).get(FOR_ACCOUNTS).content.decode())
    assert "Start session" in body
    assert "does not have free access" not in body


def test_a_learner_with_free_access_can_add_just_this_session_to_my_learning(loaded_starter: Path) -> None:
    learner = signed_in(make_learner("amara@nhs.net"))
    body = main_of(learner.get(FOR_ACCOUNTS).content.decode())
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>.*?Add to My learning', body, re.S)
    assert form, body
    page = learner.post(form.group(1), follow=True).content.decode()
    assert "Giving and receiving feedback is in My learning." in page
    assert "This session is in" in main_of(page)
    assert "Add to My learning" not in main_of(page)
    my_learning = learner.get("/my-learning/").content.decode()
    assert "Giving and receiving feedback" in my_learning


def test_a_visitor_is_not_offered_to_add_a_session(client: Client, loaded_starter: Path) -> None:
    assert "Add to My learning" not in main_of(client.get(FOR_ACCOUNTS).content.decode())


def test_a_visitor_on_a_sample_session_is_offered_start_and_not_asked_to_sign_in(
    client: Client, loaded_starter: Path
) -> None:
    body = client.get(f"{P}/sessions/leadership-in-clinical-settings/").content.decode()
    assert buttons_in(body) == ["Start session"]
    assert "Sign in to start this session" not in main_of(body)
