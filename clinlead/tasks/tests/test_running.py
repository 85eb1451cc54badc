"""The same behaviour on both back ends: this process's thread pool, and a real Celery worker on Redis."""

import time
import uuid
from collections.abc import Callable

import pytest
from django.db import transaction

from clinlead.tasks import backends, runner
from clinlead.tasks.api import start, status
from clinlead.tasks.testing import wait_for

from . import background_fixtures as fixtures

STARTER, SOMEONE_ELSE = 7, 8


@pytest.fixture
def task_modules() -> list[str]:
    return ["clinlead.tasks.tests.background_fixtures"]


@pytest.fixture
def backend(task_backend: str) -> str:
    return task_backend


@pytest.fixture
def quick_retries(settings) -> None:
    settings.TASKS_RETRY_DELAY = 0.05


def token() -> str:
    return uuid.uuid4().hex


def poll(check: Callable[[], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "waited too long"
        time.sleep(0.02)


def start_now(name: str, started_by: int | None = STARTER, **kwargs) -> str:
    with transaction.atomic():
        return start(name, started_by, **kwargs)


def test_a_task_runs_and_its_result_is_for_its_starter_alone(backend: str) -> None:
    run_id = start_now("tests.add", a=2, b=3)

    finished = wait_for(run_id)

    assert finished.state == "succeeded"
    seen = status(run_id, STARTER)
    assert seen is not None
    assert (seen.result, seen.finished, seen.percent, seen.error) == ({"sum": 5}, True, 100, "")
    assert (seen.done, seen.total, seen.message) == (1, 1, "Added")
    assert status(run_id, SOMEONE_ELSE) is None
    assert status(run_id, None) is None


def test_a_run_starts_only_when_its_transaction_commits(backend: str) -> None:
    mark = token()
    with transaction.atomic():
        run_id = start("tests.add", STARTER, a=1, b=1, token=mark)
        time.sleep(0.3)
        assert fixtures.calls[mark] == 0, "ran before the data it reads was committed"
    assert wait_for(run_id).result == {"sum": 2}

    started: list[str] = []

    def failing_request() -> None:
        with transaction.atomic():
            started.append(start("tests.add", STARTER, a=1, b=1, token=mark))
            raise RuntimeError("the request failed")

    with pytest.raises(RuntimeError):
        failing_request()
    assert status(started[0], STARTER) is None
    wait_for(start_now("tests.add", a=0, b=0))  # the back end has dealt with everything it was given
    assert fixtures.calls[mark] == 1


def test_progress_is_visible_to_the_starter_while_it_runs(backend: str) -> None:
    mark = token()
    run_id = start_now("tests.count-slowly", token=mark, total=300)

    poll(lambda: (seen := status(run_id, STARTER)) is not None and seen.done == 100)
    running = status(run_id, STARTER)
    assert running is not None
    assert (running.state, running.total, running.percent, running.finished) == ("running", 300, 33, False)
    assert running.message == "Counted 100 of 300"
    fixtures.gate(mark).set()

    finished = wait_for(run_id)
    assert (finished.done, finished.total, finished.percent, finished.result) == (300, 300, 100, {"counted": 300})


def test_progress_reported_inside_the_tasks_transaction_is_visible_while_it_runs(backend: str) -> None:
    mark = token()
    run_id = start_now("tests.count-in-one-transaction", token=mark, total=10)

    poll(lambda: (seen := status(run_id, STARTER)) is not None and seen.done == 5)
    fixtures.gate(mark).set()

    assert wait_for(run_id).result == {"counted": 10}


def test_an_unexpected_error_is_retried_until_the_task_succeeds(backend: str, quick_retries: None) -> None:
    mark = token()
    run_id = start_now("tests.flaky", token=mark, failures=2)

    finished = wait_for(run_id)

    assert (finished.state, finished.result) == ("succeeded", {"tries": 3})


def test_a_task_failing_past_its_retries_fails_with_a_message_for_its_starter(
    backend: str, quick_retries: None
) -> None:
    mark = token()
    run_id = start_now("tests.flaky", token=mark, failures=5)

    finished = wait_for(run_id)

    assert fixtures.calls[mark] == 3  # the first try and two retries
    assert (finished.state, finished.result, finished.finished) == ("failed", None, True)
    assert finished.error == runner.UNEXPECTED


def test_a_task_that_refuses_fails_at_once_with_its_own_message(backend: str, quick_retries: None) -> None:
    mark = token()
    run_id = start_now("tests.refuse", token=mark)

    finished = wait_for(run_id)

    assert fixtures.calls[mark] == 1, "a TaskFailed is never retried"
    seen = status(run_id, STARTER)
    assert seen is not None
    assert seen.state == "failed"
    assert seen.error == "The file has no email column. Add a column headed email and upload it again."
    assert finished.percent == 100


def test_a_result_that_cannot_be_stored_fails_the_run_instead_of_leaving_it_running(backend: str) -> None:
    run_id = start_now("tests.return-a-date")

    assert wait_for(run_id).error == runner.UNEXPECTED


def test_a_finished_run_delivered_again_does_nothing(backend: str) -> None:
    mark = token()
    run_id = start_now("tests.add", a=4, b=4, token=mark)
    first = wait_for(run_id)

    backends.dispatch(run_id)  # as a broker does when a message comes back after its worker was lost
    # The back ends take runs in order, one at a time in the tests' worker: once a later run has finished,
    # the delivery above has been dealt with.
    if backend == "in-process":
        backends.wait_for_threads()
    else:
        wait_for(start_now("tests.add", a=0, b=0))

    assert fixtures.calls[mark] == 1
    assert wait_for(run_id) == first
