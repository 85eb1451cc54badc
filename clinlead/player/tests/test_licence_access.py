"""Who may play, checked on every page of a session: free by employment, a licence seat taken on the first launch,
a full licence, and after a licence ends: records and certificates kept, no session started or continued, and
the learner told why on the page (docs/decisions/0022)."""

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.certificates import api as certificates
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import employ, make_organisation, organisation_id
from clinlead.wording import date_in_words
from tests.factories import RIGHT, make_learner, play_everything, signed_in

from .test_player import make_non_sample

pytestmark = pytest.mark.django_db
S = "/programmes/example/sessions/speaking-up"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
# Every address of the session that plays it (version 2: make_non_sample publishes it).
EVERY_PAGE = [f"{S}/play/", f"{S}/v2/1/", f"{S}/v2/2/", f"{S}/v2/3/", f"{S}/v2/summary/"]


@pytest.fixture
def licensed(loaded_example: Path) -> int:
    """The example's session behind access, a care company with a branch, and a licence of two seats."""
    make_non_sample(loaded_example)
    make_organisation("L-CO", "Carewell Group")
    make_organisation("L-CO1", "Carewell Seaview", parent_code="L-CO")
    return organisations.save_licence(
        organisation_code="L-CO",
        programme_keys=["example"],
        seats=2,
        starts_on=TODAY - 30 * DAY,
        ends_on=TODAY + 30 * DAY,
    ).id


def _carer(name: str) -> tuple[int, Client]:
    user = make_learner(f"{name}@carewell.example")
    employ(user.pk, "L-CO1")
    return user.pk, signed_in(user)


def _seats_in_use(licence_id: int) -> int:
    licence = organisations.licence(licence_id)
    assert licence is not None
    return licence.seats_in_use


def test_the_first_launch_takes_a_seat_and_later_ones_take_none(licensed: int) -> None:
    user_id, client = _carer("ada")
    overview = client.get(f"{S}/").content.decode()
    assert "Start session" in overview
    assert _seats_in_use(licensed) == 0  # looking at the session's page takes no seat
    assert client.get(f"{S}/play/")["Location"] == f"{S}/v2/1/"
    assert _seats_in_use(licensed) == 1
    assert client.get(f"{S}/v2/2/").status_code == 200
    assert client.post(f"{S}/v2/2/", {"exercise": "first-response", **RIGHT["first-response"]}).status_code == 303
    assert _seats_in_use(licensed) == 1
    assert accounts.access_to_play(user_id, "example").reason == "You hold a seat on Carewell Group's licence."


def test_when_every_seat_is_taken_the_learner_is_told_on_every_page(licensed: int) -> None:
    for name in ("ada", "ben"):
        assert _carer(name)[1].get(f"{S}/play/").status_code == 302
    _, late = _carer("cy")
    for url in EVERY_PAGE:
        refused = late.get(url)
        assert refused.status_code == 403, url
        assert "Every seat on Carewell Group&#39;s licence for this programme is taken" in refused.content.decode()
    assert late.post(f"{S}/v2/2/", {"exercise": "first-response", "choice": "a"}).status_code == 403
    overview = late.get(f"{S}/").content.decode()
    assert "Start session" not in overview
    assert "Ask your organisation&#39;s administrator for a seat" in overview
    assert _seats_in_use(licensed) == 2


def test_after_the_licence_ends_records_and_certificates_stay_but_no_session_can_be_played(licensed: int) -> None:
    user_id, client = _carer("ada")
    play_everything(client, version=2)
    number = next(iter(certificates.for_learner(user_id).values())).number
    ended_on = TODAY - DAY
    organisations.save_licence(
        licence_id=licensed,
        organisation_code="L-CO",
        programme_keys=["example"],
        seats=2,
        starts_on=TODAY - 30 * DAY,
        ends_on=ended_on,
    )
    why = f"Carewell Group&#39;s licence for this programme ended on {date_in_words(ended_on)}."
    for url in EVERY_PAGE:
        refused = client.get(url)
        assert refused.status_code == 403, url
        body = refused.content.decode()
        assert why in body, url
        assert "Your learning records and certificates are kept in My learning" in body
        assert 'href="/my-learning/"' in body
    assert client.post(f"{S}/v2/2/", {"exercise": "first-response", "choice": "a"}).status_code == 403

    overview = client.get(f"{S}/").content.decode()
    assert why in overview
    assert "Go through it again" not in overview
    assert "Start session" not in overview
    my_learning = client.get("/my-learning/")
    assert my_learning.status_code == 200
    assert f'href="/certificates/{number}.pdf"' in my_learning.content.decode()
    assert client.get(f"/certificates/{number}.pdf").status_code == 200


def test_free_access_by_employment_ends_with_the_employment(loaded_example: Path) -> None:
    make_non_sample(loaded_example)
    make_organisation("L-HOSP", "Hillside Hospice", eligible=True)
    user = make_learner("dee@hillside.example")  # not a health and care email domain
    employ(user.pk, "L-HOSP")
    client = signed_in(user)
    assert client.get(f"{S}/play/").status_code == 302
    assert accounts.access_to_play(user.pk, "example").reason == (
        "You work at Hillside Hospice, whose staff have free access."
    )
    organisations.end_employment(user.pk, organisation_id("L-HOSP"), TODAY - DAY)
    refused = client.get(f"{S}/v2/1/")
    assert refused.status_code == 403
    assert "You do not have access to" in refused.content.decode()
    assert accounts.access_to_play(user.pk, "example").route == "not-eligible"


def test_email_domain_access_and_samples_are_as_before(loaded_example: Path) -> None:
    nurse = make_learner("amara@nhs.net")
    assert accounts.access_to_play(nurse.pk, "example").route == "email"
    assert accounts.may_play(None, True)
    assert not accounts.may_play(None, False, "example")
    outsider = make_learner("sam@example.com")
    assert accounts.may_play(outsider.pk, True, "example")
    refused = accounts.access_to_play(outsider.pk, "example")
    assert (refused.allowed, refused.route) == (False, "not-eligible")
    assert refused.reason.startswith("Your account does not have free access because example.com is not on our list")
