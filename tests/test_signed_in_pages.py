"""Signed-in pages: a fixed number of queries whatever the learner has done, and no writes on GET.

The number of queries of each page is measured twice: for a learner with one programme and one
completed session, and again after they have enrolled in a second programme and worked in several
of its sessions. It must not change, and it must stay within the bound written here.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinlead.authoring.testing import load_content as load_content_read_once
from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from tests.content_fixtures import STARTER
from tests.factories import S, make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db
PROGRAMME = "leadership-for-clinicians"

# Queries per page as measured, including the session and user look-ups of every signed-in request;
# before 2026-12 My learning alone made 18 plus 15 per enrolled programme.
BOUNDS = {
    "player page": 14,
    "summary": 14,  # 9, and 5 since issue 9 for the pathway's next session (catalogue.pathways_of)
    "my learning": 11,
    "my learning by domain": 11,
    "my activity": 8,
    "transcript csv": 8,
    "transcript pdf": 9,
    "profile": 3,
    "my data": 13,  # 10, and 3 since issue 12 for what the learner shares (grants, links, reads: sharing.api.export)
    "certificate": 3,
    "programme page": 9,
}
# The header asks once per page whether the person holds a role, for its "Your organisations" link (orgpages).
BOUNDS = {name: bound + 1 for name, bound in BOUNDS.items()}
WRITES = ("INSERT", "UPDATE", "DELETE")


def pages(client: Client) -> dict[str, str]:
    number = next(iter(certificates.for_learner(int(client.session["_auth_user_id"])).values())).number
    return {
        "player page": f"{S}/v1/2/",
        "summary": f"{S}/v1/summary/",
        "my learning": "/my-learning/",
        "my learning by domain": "/my-learning/?pathway=by-domain",
        "my activity": "/my-learning/activity/",
        "transcript csv": "/my-learning/transcript.csv",
        "transcript pdf": "/my-learning/transcript.pdf",
        "profile": "/accounts/profile/",
        "my data": "/my-learning/my-data.json",
        "certificate": f"/certificates/{number}.pdf",
        "programme page": f"/programmes/{PROGRAMME}/",
    }


def measure(client: Client) -> dict[str, tuple[int, list[str]]]:
    measured = {}
    for name, url in pages(client).items():
        client.get(url)  # once to warm per-process caches (decoded session pages), as a live server has
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        writes = [q["sql"][:80] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]
        measured[name] = (len(queries), writes)
    return measured


def work_in_more_sessions(client: Client) -> None:
    client.post(f"/my-learning/enrol/{PROGRAMME}/")
    for card in catalogue.programme_overview(PROGRAMME).samples[:4]:
        session = catalogue.playable_session(PROGRAMME, card.key, None)
        for number in range(1, len(session.pages) + 1):
            client.get(f"/programmes/{PROGRAMME}/sessions/{card.key}/v{session.version}/{number}/")


@pytest.fixture
def two_programmes(loaded_example: Path) -> None:
    load_content_read_once(STARTER)


def test_signed_in_pages_make_a_bounded_number_of_queries_that_does_not_grow(two_programmes: None) -> None:
    client = signed_in(make_learner())
    play_everything(client)
    before = measure(client)
    work_in_more_sessions(client)
    after = measure(client)
    counts = {name: (before[name][0], after[name][0]) for name in before}
    assert {name: c for name, c in counts.items() if c[0] != c[1]} == {}, "queries grew with the learner's record"
    assert {name: c[1] for name, c in counts.items() if c[1] > BOUNDS[name]} == {}


def test_no_signed_in_page_writes_on_get_except_the_page_view_it_records(two_programmes: None) -> None:
    client = signed_in(make_learner())
    play_everything(client)
    work_in_more_sessions(client)
    writes = {name: w for name, (_, w) in measure(client).items() if w}
    # Showing a page of a session records that the learner saw it (docs/decisions/0010); nothing else writes.
    assert set(writes) == {"player page"}
    assert all("learning_" in sql for sql in writes["player page"]), writes["player page"]
