"""Time on a certificate is real time: never more than the wall clock allowed (docs/decisions/0010).

A view is credited at most the time from its start to the start of the learner's next view, in any
session, or to now; so reloads, replayed or inflated beacons and two tabs cannot add up to more
than the time that really passed.
"""

import time
import uuid
from pathlib import Path

import pytest

from clinlead.authoring.testing import load_content as load_content_read_once
from clinlead.catalogue import api as catalogue
from clinlead.learning.models import PageView, SessionProgress
from tests.content_fixtures import STARTER
from tests.factories import S, let_time_pass, make_learner, signed_in

pytestmark = pytest.mark.django_db


def beacon(client, view: PageView, seconds: int, base: str = S, version: int = 1) -> int:
    return int(client.post(f"{base}/v{version}/time/", {"view_id": str(view.view_id), "seconds": seconds}).status_code)


def test_a_beacon_is_believed_only_up_to_the_time_since_the_view_began(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    opened = time.monotonic()
    client.get(f"{S}/v1/1/")
    view = PageView.objects.get(user=user)
    assert beacon(client, view, 25 * 60) == 204  # "25 minutes", a moment after the page opened
    assert SessionProgress.objects.get(user=user).seconds_spent <= time.monotonic() - opened + 1
    let_time_pass(user, 90)
    assert beacon(client, view, 25 * 60) == 204
    # 90 seconds moved, plus what really passed while this ran (more than a second on a busy machine).
    assert 90 <= SessionProgress.objects.get(user=user).seconds_spent <= 90 + time.monotonic() - opened + 1


def test_forty_reloads_and_forty_beacons_add_up_to_no_more_than_the_time_that_passed(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    started = time.monotonic()
    for _ in range(40):
        client.get(f"{S}/v1/1/")
        latest = PageView.objects.filter(user=user).latest("viewed_at", "pk")
        beacon(client, latest, 30 * 60)
        for earlier in PageView.objects.filter(user=user).exclude(pk=latest.pk):
            beacon(client, earlier, 30 * 60)  # and every earlier view claims half an hour again
    elapsed = time.monotonic() - started
    total = SessionProgress.objects.get(user=user).seconds_spent
    assert total <= elapsed + 1
    assert total == sum(PageView.objects.filter(user=user).values_list("seconds", flat=True))


def test_two_tabs_open_at_once_count_the_time_once(db: None) -> None:
    load_content_read_once(STARTER)
    user = make_learner()
    client = signed_in(user)
    programme = "leadership-for-clinicians"
    first, second = (card.key for card in catalogue.programme_overview(programme).samples[:2])
    one, two = f"/programmes/{programme}/sessions/{first}", f"/programmes/{programme}/sessions/{second}"
    version_one = catalogue.playable_session(programme, first, None).version
    version_two = catalogue.playable_session(programme, second, None).version
    client.get(f"{one}/v{version_one}/1/")
    let_time_pass(user, 60)  # a minute in the first tab
    client.get(f"{two}/v{version_two}/1/")
    let_time_pass(user, 60)  # then a minute in the second, with the first still open
    view_one = PageView.objects.get(user=user, session_key=first)
    view_two = PageView.objects.get(user=user, session_key=second)
    assert beacon(client, view_one, 120, one, version_one) == 204  # both tabs claim the whole two minutes
    assert beacon(client, view_two, 120, two, version_two) == 204
    spent = dict(SessionProgress.objects.filter(user=user).values_list("session_key", "seconds_spent"))
    assert spent == {first: 60, second: 60}


def test_without_javascript_the_gap_to_the_next_page_stands_in_for_the_beacon(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    client.get(f"{S}/v1/1/")
    let_time_pass(user, 95)
    client.get(f"{S}/v1/2/")
    assert SessionProgress.objects.get(user=user).seconds_spent == 95
    let_time_pass(user, 2 * 60 * 60)  # a page left open all afternoon counts for half an hour at most
    client.get(f"{S}/v1/3/")
    assert SessionProgress.objects.get(user=user).seconds_spent == 95 + 30 * 60


def test_a_beacon_sent_to_another_sessions_address_is_refused_and_counts_nothing(db: None) -> None:
    load_content_read_once(STARTER)
    user = make_learner()
    client = signed_in(user)
    programme = "leadership-for-clinicians"
    key = catalogue.programme_overview(programme).samples[0].key
    version = catalogue.playable_session(programme, key, None).version
    client.get(f"/programmes/{programme}/sessions/{key}/v{version}/1/")
    let_time_pass(user, 60)
    view = PageView.objects.get(user=user)
    other = catalogue.programme_overview(programme).samples[1].key
    assert beacon(client, view, 60, f"/programmes/{programme}/sessions/{other}", version) == 400
    assert beacon(client, view, 60, f"/programmes/{programme}/sessions/{key}", version + 1) == 400
    assert SessionProgress.objects.get(user=user).seconds_spent == 0
    assert beacon(client, view, 60, f"/programmes/{programme}/sessions/{key}", version) == 204
    assert SessionProgress.objects.get(user=user).seconds_spent == 60


def test_a_beacon_for_an_unknown_view_is_refused(loaded_example: Path) -> None:
    client = signed_in(make_learner())
    client.get(f"{S}/v1/1/")
    response = client.post(f"{S}/v1/time/", {"view_id": str(uuid.uuid4()), "seconds": 5})
    assert response.status_code == 400
