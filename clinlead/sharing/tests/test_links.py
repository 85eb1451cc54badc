"""One-off share links: an unguessable token kept only as a hash, read-only, expiring, revocable, every view
logged without anything about the viewer, rate-limited."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.test import Client

from clinlead.sharing import services, tokens
from clinlead.sharing.models import Read, ShareLink
from clinlead.sharing.queries import link_for_token

from .conftest import REFLECTION, People, in_days

pytestmark = pytest.mark.django_db


def make(people: People, **fields: str) -> str:
    """Make a link as the learner does, and read its address off the sharing page."""
    response = people.learner.post(
        "/my-learning/sharing/links/new/", {"ends_on": in_days(14).strftime("%d/%m/%Y"), **fields}
    )
    assert response.status_code == 302
    page = people.learner.get("/my-learning/sharing/").content.decode()
    found = re.search(r"http://testserver(/shared/[^<\s]+/)", page)
    assert found, page
    # Shown once: the next visit to the page no longer holds it.
    assert "/shared/" not in people.learner.get("/my-learning/sharing/").content.decode()
    return found.group(1)


def test_anyone_with_the_link_sees_a_private_read_only_summary(people: People) -> None:
    address = make(people, label="Appraisal 2027")
    response = Client().get(address)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Learner" in page
    assert "Speaking up in a team" in page
    assert REFLECTION not in page
    assert "<form" not in page.split("<main", 1)[1]  # read-only
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in page


def test_the_token_is_stored_only_as_a_hash(people: People) -> None:
    address = make(people)
    token = address.removeprefix("/shared/").rstrip("/")
    link = ShareLink.objects.get()
    selector, secret = token.split(".")
    assert link.selector == selector
    assert secret not in str(ShareLink.objects.values().get())
    assert link.verifier_hash == tokens.digest(secret)


def test_each_view_is_logged_as_the_link_with_nothing_about_the_viewer(people: People) -> None:
    address = make(people, label="Appraisal 2027")
    Client().get(address)
    Client().get(address)
    reads: list[tuple[object, ...]] = list(Read.objects.values_list("reader_id", "grant_id", "what"))
    assert reads == [(None, None, "summary")] * 2
    log = people.learner.get("/my-learning/sharing/").content.decode()
    assert log.count("Someone with the share link “Appraisal 2027”") == 2


def test_reflections_only_when_chosen(people: People) -> None:
    address = make(people, include_reflections="on")
    assert REFLECTION in Client().get(address).content.decode()


def test_a_revoked_link_is_404_at_once_and_a_replayed_revoke_is_harmless(people: People) -> None:
    address = make(people)
    link = ShareLink.objects.get()
    revoke = f"/my-learning/sharing/links/{link.uuid}/revoke/"
    assert people.other.post(revoke).status_code == 404
    assert Client().get(address).status_code == 200
    assert people.learner.post(revoke).status_code == 302
    assert people.learner.post(revoke).status_code == 302
    response = Client().get(address)
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"
    assert Read.objects.count() == 1


def test_an_expired_link_is_404(people: People) -> None:
    address = make(people)
    ShareLink.objects.update(ends_on=in_days(-1))
    assert Client().get(address).status_code == 404


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t.split(".")[0], str.upper]
)
def test_a_token_not_exactly_right_finds_nothing(people: People, mangle: Callable[[str], str]) -> None:
    token = services.make_link(people.learner_id, "", in_days(5), include_reflections=False)
    assert link_for_token(token) is not None
    assert link_for_token(mangle(token)) is None


def test_link_lookups_are_rate_limited(people: People) -> None:
    client = Client()
    statuses = [client.get(f"/shared/{'0' * 24}.{'x' * 43}/").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


@pytest.mark.parametrize(
    ("ends_on", "message"),
    [
        (in_days(91), "at most 90 days ahead"),
        (in_days(-3), "must be today or a date in the future"),
    ],
)
def test_a_link_period_is_checked(people: People, ends_on: datetime.date, message: str) -> None:
    response = people.learner.post("/my-learning/sharing/links/new/", {"ends_on": ends_on.strftime("%d/%m/%Y")})
    assert message in response.content.decode()
    assert not ShareLink.objects.exists()


def test_a_link_label_longer_than_allowed_is_refused(people: People) -> None:
    response = people.learner.post(
        "/my-learning/sharing/links/new/", {"ends_on": in_days(3).strftime("%d/%m/%Y"), "label": "x" * 101}
    )
    assert "100 characters or fewer" in response.content.decode()
