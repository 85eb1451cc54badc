"""The interface's promises that need no back end: names, arguments, the daily schedule, throttled progress,
and settings that say what is wrong with them."""

import datetime
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.db import transaction

from clinlead.tasks import registry, scheduler, services
from clinlead.tasks.api import Progress, every_day, start, status, task
from clinlead.tasks.models import TaskRun

from . import background_fixtures  # noqa: F401 (registers the tests' tasks)

ROOT = Path(__file__).resolve().parents[3]
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def daily_schedule():
    saved = registry.daily()
    yield
    registry._DAILY.clear()
    registry._DAILY.update(saved)


def test_starting_a_task_nobody_defined_names_the_tasks_there_are(db) -> None:
    with pytest.raises(LookupError, match=r"no task is called 'tests\.ad'.*tests\.add"):
        start("tests.ad", 7, a=1, b=2)
    assert not TaskRun.objects.exists()


def test_arguments_that_cannot_be_stored_are_refused_with_their_name(db) -> None:
    with pytest.raises(TypeError, match=r"start\('tests\.add', a=…\): a date cannot be stored"):
        start("tests.add", 7, a=datetime.date(2026, 12, 3), b=2)


def test_two_tasks_cannot_share_a_name() -> None:
    def other(progress: Progress) -> dict[str, int]:
        return {}

    with pytest.raises(ValueError, match=r"task 'tests\.add' is defined twice"):
        task("tests.add")(other)


def test_status_of_an_address_that_is_no_run_is_none(db) -> None:
    assert status("not-a-uuid", 7) is None
    assert status("9b4c1bd4-4a3e-4bd2-9d51-0f0ad3a5cba1", 7) is None


def test_progress_is_written_at_most_once_per_interval_and_always_at_the_end(
    transactional_db, django_assert_num_queries, settings
):
    settings.TASKS_PROGRESS_INTERVAL = 60
    run = TaskRun.objects.create(name="tests.add", started_by=7, state=TaskRun.State.RUNNING)
    progress = Progress(str(run.pk))

    with django_assert_num_queries(2):  # the first report and the last
        for done in range(1, 1001):
            progress.report(done, 1000, f"Row {done}")

    run.refresh_from_db()
    assert (run.done, run.total, run.message) == (1000, 1000, "Row 1000")


def test_progress_without_a_total_is_throttled_too(transactional_db, django_assert_num_queries, settings) -> None:
    settings.TASKS_PROGRESS_INTERVAL = 60
    run = TaskRun.objects.create(name="tests.add", started_by=7, state=TaskRun.State.RUNNING)
    progress = Progress(str(run.pk))

    with django_assert_num_queries(1):
        for _ in range(100):
            progress.report(0, 0, "Reading the file")


def test_every_day_runs_once_a_day_however_many_schedulers_start_it(db, daily_schedule) -> None:
    every_day("tests.add", datetime.time(6, 30))
    day = datetime.date(2026, 12, 3)

    with transaction.atomic():
        first = services.start_daily("tests.add", day)
        again = services.start_daily("tests.add", day)
        tomorrow = services.start_daily("tests.add", day + datetime.timedelta(days=1))

    assert first is not None
    assert tomorrow is not None
    assert again is None
    assert TaskRun.objects.filter(name="tests.add").count() == 2


def test_every_day_refuses_a_task_nobody_defined(daily_schedule) -> None:
    with pytest.raises(LookupError, match=r"no task is called 'tests\.nothing'"):
        every_day("tests.nothing", datetime.time(6, 30))


def test_the_in_process_scheduler_waits_for_the_next_time_due(daily_schedule) -> None:
    daily = {"reminders": datetime.time(6, 30), "tidy": datetime.time(2, 0), "also-reminders": datetime.time(6, 30)}
    before = datetime.datetime(2026, 12, 3, 5, 0, tzinfo=LONDON)
    after = datetime.datetime(2026, 12, 3, 7, 0, tzinfo=LONDON)

    assert scheduler.next_due(before, daily) == (
        datetime.datetime(2026, 12, 3, 6, 30, tzinfo=LONDON),
        ["also-reminders", "reminders"],
    )
    assert scheduler.next_due(after, daily) == (datetime.datetime(2026, 12, 4, 2, 0, tzinfo=LONDON), ["tidy"])


def test_beat_is_given_every_daily_task(daily_schedule) -> None:
    from clinlead.tasks.celery_app import beat_schedule

    every_day("tests.add", datetime.time(6, 30))

    schedule = beat_schedule()
    entry = schedule["every day: tests.add"]
    assert (entry["task"], entry["args"]) == ("clinlead.tasks.start_daily", ("tests.add",))
    assert str(entry["schedule"]) == "<crontab: 30 6 * * * (m/h/dM/MY/d)>"
    assert schedule["hand on lost runs"] == {"task": "clinlead.tasks.resume_lost", "schedule": 900.0}


def test_status_is_one_query(db, django_assert_num_queries) -> None:
    with transaction.atomic():
        run_id = start("tests.add", 7, a=1, b=2)
    with django_assert_num_queries(1):
        status(run_id, 7)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TASKS_BACKEND", "rq", "TASKS_BACKEND='rq': expected in-process (the default) or celery"),
        ("TASKS_THREADS", "two", "TASKS_THREADS='two': expected a whole number, at least 1"),
        ("TASKS_THREADS", "0", "TASKS_THREADS='0': expected at least 1"),
        ("TASKS_RETRY_DELAY", "soon", "TASKS_RETRY_DELAY='soon': expected a number, at least 0"),
        ("CELERY_BROKER_URL", "amqp://rabbit", "CELERY_BROKER_URL='amqp://rabbit': expected redis://host:6379/1"),
    ],
)
def test_a_bad_setting_stops_the_site_saying_what_is_wrong(variable: str, value: str, message: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinlead.settings.base", variable: value}
    check = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode != 0
    assert message in check.stderr


def test_the_celery_back_end_needs_a_broker() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinlead.settings.base", "TASKS_BACKEND": "celery"}
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    check = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert "TASKS_BACKEND=celery needs a Redis broker: set CELERY_BROKER_URL or REDIS_URL" in check.stderr
