"""Writes that arrive together, as they do from a real browser, never fail and never disagree.

The player sends its time beacon on `pagehide`, so the beacon for page N and the request for page
N+1 reach the server together; an answer can arrive with them. These tests release such requests
at the same instant (threads waiting on a barrier) through the real views, and matter most on
PostgreSQL, which has row locks and detects deadlocks; SQLite runs writers one at a time.
"""

import itertools
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction  # noqa: F401 (connection: read by the string skipif condition below)
from django.db.models import Count
from django.test import Client

from clinlead.authoring import api as authoring
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from clinlead.learning.locking import retry_on_conflict
from clinlead.learning.models import Completion, Learner, PageView, SessionProgress
from clinlead.learning.testing import released_together
from tests.factories import RIGHT, S, let_time_pass, make_learner, ordering_answer, shape_of, signed_in

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 50


def same_browser(client: Client) -> Client:
    """Another tab of the same browser: a new client carrying the same cookies (the same session)."""
    tab = Client()
    for name, morsel in client.cookies.items():
        tab.cookies[name] = morsel.value
    return tab


def latest_view_id(user_id: int) -> str:
    views = PageView.objects.filter(user_id=user_id).order_by("-viewed_at", "-pk")
    return str(views.values_list("view_id", flat=True)[0])


def assert_totals_agree(user_id: int) -> None:
    """The session's time is exactly the sum of its views' time, and no view has more than its window."""
    progress = SessionProgress.objects.get(user_id=user_id)
    views = list(PageView.objects.filter(user_id=user_id).order_by("viewed_at", "pk"))
    assert progress.seconds_spent == sum(v.seconds for v in views)
    for view, after in itertools.pairwise(views):
        assert view.seconds <= (after.viewed_at - view.viewed_at).total_seconds() + 1e-6, view


@pytest.fixture
def example(example_content: Path) -> Path:
    authoring.load_content(example_content)
    return example_content


def test_fifty_beacons_released_with_the_next_page_view_all_succeed_and_add_up(example: Path) -> None:
    user = make_learner()
    browser = signed_in(user)
    assert browser.get(f"{S}/v1/1/").status_code == 200
    statuses = []
    for round_number in range(ROUNDS):
        let_time_pass(user, 10)  # ten seconds of reading on the current page
        view_id = latest_view_id(user.pk)
        next_page = round_number % 3 + 1
        beacon_tab, page_tab = same_browser(browser), same_browser(browser)
        beacon, page = released_together(
            lambda: beacon_tab.post(f"{S}/v1/time/", {"view_id": view_id, "seconds": 10}).status_code,  # noqa: B023
            lambda: page_tab.get(f"{S}/v1/{next_page}/").status_code,  # noqa: B023 - called within this round
        )
        statuses.append((beacon, page))
    assert [s for s in statuses if s != (204, 200)] == []
    assert_totals_agree(user.pk)
    # Each round's ten seconds were counted once, by the beacon or by the next page's gap, never twice.
    assert SessionProgress.objects.get(user=user).seconds_spent == pytest.approx(10 * ROUNDS, abs=ROUNDS)


def test_answers_beacons_and_page_views_released_together_all_succeed(example: Path) -> None:
    user = make_learner()
    browser = signed_in(user)
    browser.get(f"{S}/v1/2/")
    failures = []
    for round_number in range(ROUNDS):
        let_time_pass(user, 5)
        view_id = latest_view_id(user.pk)
        choice = ["a", "c"] if round_number % 2 else ["b"]  # a changed answer each round: a real write
        tabs = [same_browser(browser) for _ in range(3)]
        page = round_number % 3 + 1
        results = released_together(
            lambda: tabs[0].post(f"{S}/v1/time/", {"view_id": view_id, "seconds": 5}).status_code,  # noqa: B023
            lambda: tabs[1].post(f"{S}/v1/2/", {"exercise": "why-silent", "choice": choice}).status_code,  # noqa: B023
            lambda: tabs[2].get(f"{S}/v1/{page}/").status_code,  # noqa: B023 - all called within this round
        )
        if results != [204, 303, 200]:
            failures.append((round_number, results))
    assert failures == []
    assert_totals_agree(user.pk)
    assert learning.answers(user.pk, "example", "speaking-up", 1)["why-silent"].attempts == ROUNDS


def test_the_last_answer_and_last_page_released_together_complete_once_with_one_certificate(example: Path) -> None:
    for attempt in range(10):  # ten learners, each finishing with a burst of simultaneous requests
        user = make_learner(f"finisher{attempt}@nhs.net")
        browser = signed_in(user)
        browser.get(f"{S}/v1/1/")
        browser.get(f"{S}/v1/2/")
        browser.post(f"{S}/v1/2/", {"exercise": "first-response", **RIGHT["first-response"]})
        browser.post(f"{S}/v1/2/", {"exercise": "why-silent", **RIGHT["why-silent"]})
        final = {"exercise": "escalation-order", **ordering_answer()}
        tabs = [same_browser(browser) for _ in range(6)]
        results = released_together(
            *[lambda tab=tab: tab.post(f"{S}/v1/3/", final).status_code for tab in tabs[:3]],  # noqa: B023
            *[lambda tab=tab: tab.get(f"{S}/v1/3/").status_code for tab in tabs[3:]],
        )
        assert results == [303, 303, 303, 200, 200, 200]
        completions = Completion.objects.filter(user=user)
        assert completions.count() == 1
        assert certificates.for_completion(str(completions.get().uuid)) is not None


def test_different_learners_writing_at_once_do_not_wait_on_or_disturb_each_other(example: Path) -> None:
    learners = [make_learner(f"ward{n}@nhs.net") for n in range(8)]
    browsers = [signed_in(user) for user in learners]
    for _ in range(5):
        results = released_together(*[lambda b=b: b.get(f"{S}/v1/1/").status_code for b in browsers])
        assert results == [200] * len(browsers)
    counts = dict(PageView.objects.values("user_id").annotate(n=Count("pk")).values_list("user_id", "n"))
    assert sorted(counts.values()) == [5] * len(learners)


def test_deleting_the_account_while_its_pages_are_still_reporting_never_fails_and_leaves_nothing(
    example: Path,
) -> None:
    from django.contrib.auth import get_user_model

    from clinlead.mylearning.api import delete_account

    for n in range(10):
        user = make_learner(f"leaving{n}@nhs.net")
        browser = signed_in(user)
        browser.get(f"{S}/v1/1/")
        let_time_pass(user, 5)
        view_id = latest_view_id(user.pk)
        tabs = [same_browser(browser) for _ in range(3)]
        results = released_together(
            # The deletion itself, without the password check before it (which takes longer than the others).
            lambda: delete_account(user.pk),  # noqa: B023
            lambda: tabs[1].post(f"{S}/v1/time/", {"view_id": view_id, "seconds": 5}).status_code,  # noqa: B023
            lambda: tabs[2].get(f"{S}/v1/2/").status_code,  # noqa: B023 - all called within this round
        )
        assert results[0] is None, results
        assert results[1] in (204, 400, 403), results  # recorded before the deletion, or refused after it
        assert results[2] in (200, 302, 403), results
        assert not get_user_model().objects.filter(pk=user.pk).exists()
        for model in (Learner, PageView, SessionProgress):
            assert not model.objects.filter(user_id=user.pk).exists(), model


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite has no row locks, so no deadlocks")
def test_a_transaction_aborted_for_a_deadlock_runs_again_and_succeeds(example: Path) -> None:
    """A real deadlock: two transactions lock the same two rows in opposite orders."""
    first, second = make_learner("first@nhs.net"), make_learner("second@nhs.net")
    Learner.objects.bulk_create([Learner(user=first), Learner(user=second)])
    runs: list[int] = []
    halfway = threading.Barrier(2)

    @retry_on_conflict
    def lock_both(a: int, b: int) -> str:
        with transaction.atomic():
            runs.append(a)
            list(Learner.objects.select_for_update().filter(user_id=a))
            if runs.count(a) == 1:  # only the first run waits for the other: then they collide
                halfway.wait(timeout=10)
            list(Learner.objects.select_for_update().filter(user_id=b))
            return "done"

    results = released_together(lambda: lock_both(first.pk, second.pk), lambda: lock_both(second.pk, first.pk))
    assert results == ["done", "done"]
    assert len(runs) == 3  # PostgreSQL aborted one of the two; it ran again


def test_concurrent_final_answers_through_the_api_converge_on_one_completion(example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    for number in (1, 2, 3):
        client.get(f"{S}/v1/{number}/")
    client.post(f"{S}/v1/2/", {"exercise": "first-response", **RIGHT["first-response"]})
    client.post(f"{S}/v1/2/", {"exercise": "why-silent", **RIGHT["why-silent"]})
    shape = shape_of("example", "speaking-up", 1)
    answer = {"positions": {k.removeprefix("position-"): int(v) for k, v in ordering_answer().items()}}
    results = released_together(
        *[lambda: learning.record_answer(user.pk, shape, "escalation-order", answer, True) for _ in range(6)]
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    recorded = [r for r in results if isinstance(r, learning.RecordResult) and r.new_completion is not None]
    assert len(recorded) == 1
    assert Completion.objects.filter(user=user).count() == 1
    assert learning.answers(user.pk, "example", "speaking-up", 1)["escalation-order"].attempts == 1


def test_adding_a_session_the_programme_and_opening_the_session_together_leave_one_of_each(example: Path) -> None:
    """Issue 9's single-session enrolment: "Add to My learning" double-clicked, "Add the programme" in another
    tab and the first page opened, all at once, each succeed and leave one enrolment per choice and one summary."""
    from clinlead.learning.models import Enrolment

    user = make_learner()
    browser = signed_in(user)
    tabs = [same_browser(browser) for _ in range(5)]
    for _ in range(5):
        results = released_together(
            lambda: tabs[0].post("/my-learning/add/example/speaking-up/").status_code,
            lambda: tabs[1].post("/my-learning/add/example/speaking-up/").status_code,
            lambda: tabs[2].post("/my-learning/enrol/example/").status_code,
            lambda: tabs[3].get(f"{S}/v1/1/").status_code,
            lambda: tabs[4].get(f"{S}/v1/2/").status_code,
        )
        assert results == [302, 302, 302, 200, 200]
    enrolments = sorted(Enrolment.objects.filter(user_id=user.pk).values_list("programme_key", "session_key"))
    assert enrolments == [("example", ""), ("example", "speaking-up")]
    assert SessionProgress.objects.filter(user_id=user.pk).count() == 1
