"""The pages shown when something goes wrong: in the service's layout, in our words, with a way back."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from clinlead.accounts.testing import PASSWORD
from tests.factories import make_learner, signed_in

P = "/programmes/leadership-for-clinicians"
TITLE = "Leadership for Clinicians"


def main_of(body: str) -> str:
    return body[body.index("<main") : body.index("</main>")]


def assert_styled_with_a_way_home(body: str, heading: str) -> None:
    assert "nhsuk-frontend-10.6.1.min.css" in body
    assert re.search(rf"<h1[^>]*>{heading}</h1>", body)
    assert f"<title>{heading} – {TITLE}</title>" in body
    assert f'<a href="{P}/">Go to the {TITLE} home page</a>' in main_of(body)
    assert "Not Found" not in body  # never Django's own words
    assert "Server Error" not in body


@pytest.mark.django_db
def test_a_page_that_does_not_exist_says_so_with_a_way_back(client: Client, loaded_starter: Path) -> None:
    came_from = f"http://testserver{P}/framework/"
    response = client.get("/no-such-page/", headers={"referer": came_from})
    assert response.status_code == 404
    body = response.content.decode()
    assert_styled_with_a_way_home(body, "Page not found")
    assert f'<a href="{came_from}">Go back to the page you were on</a>' in main_of(body)


@pytest.mark.django_db
def test_a_session_that_does_not_exist_is_a_styled_404_with_the_programme(client: Client, loaded_starter: Path) -> None:
    response = client.get(f"{P}/sessions/no-such-session/")
    assert response.status_code == 404
    assert_styled_with_a_way_home(response.content.decode(), "Page not found")


@pytest.mark.django_db
def test_go_back_is_offered_only_towards_this_site(client: Client, loaded_starter: Path) -> None:
    body = client.get("/no-such-page/", headers={"referer": "https://elsewhere.example/"}).content.decode()
    assert "elsewhere.example" not in body
    assert "Go back to the page you were on" not in body


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_a_page_a_learner_may_not_see_says_why_with_a_way_back(loaded_starter: Path) -> None:
    response = signed_in(make_learner("someone@example.com")).get("/refuse-for-test/")
    assert response.status_code == 403
    body = response.content.decode()
    assert_styled_with_a_way_home(body, "You cannot see this page")
    assert 'href="/accounts/profile/"' in main_of(body)
    assert "not for you" not in body


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_a_visitor_on_a_page_for_learners_is_asked_to_sign_in(client: Client, loaded_starter: Path) -> None:
    response = client.get("/refuse-for-test/")
    assert response.status_code == 403
    assert 'href="/accounts/login/?next=/refuse-for-test/"' in main_of(response.content.decode())


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_our_page(loaded_starter: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "learner@nhs.net", "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert_styled_with_a_way_home(body, "Your form could not be sent")
    assert "CSRF" not in body
    assert f'href="{P}/pages/cookies/"' in main_of(body)


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.django_db
def test_a_failure_of_ours_is_a_styled_500_with_the_programme_it_already_knows(loaded_starter: Path) -> None:
    client = Client(raise_request_exception=False)
    client.get(f"{P}/framework/")  # any page: this process now knows the programme
    response = client.get("/fail-for-test/")
    assert response.status_code == 500
    body = response.content.decode()
    assert_styled_with_a_way_home(body, "Sorry, there is a problem with the service")
    assert "RuntimeError" not in body


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_500_page_draws_without_the_database() -> None:
    """No database here: pytest-django refuses any query in a test not marked for one, so a page that asked would
    fail to draw and the exception would reach the test."""
    response = Client(raise_request_exception=False).get("/fail-for-test/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "nhsuk-frontend-10.6.1.min.css" in body
    assert "<h1>Sorry, there is a problem with the service</h1>" in body
    assert '<a href="/">Go to the home page</a>' in body
