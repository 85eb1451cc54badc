"""Nothing is lost on a restart (in-process back end): runs a killed process left are run when the next starts."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import request_started
from django.db import connection, transaction
from django.utils import timezone

from clinlead.tasks import runner, scheduler
from clinlead.tasks.api import start, status
from clinlead.tasks.models import TaskRun
from clinlead.tasks.testing import celery_broker, resume_unfinished, wait_for

from . import background_fixtures as fixtures

ROOT = Path(__file__).resolve().parents[3]
STARTER = 7

# Runs one run in a process of its own, as a web process's task thread would.
RUN_ONE = """
import sys
import django
django.setup()
import clinlead.tasks.tests.background_fixtures
from clinlead.tasks import runner
runner.execute(sys.argv[1], "in-process")
"""


@pytest.fixture
def task_modules() -> list[str]:
    return ["clinlead.tasks.tests.background_fixtures"]


def this_test_database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def queued_run(name: str, **kwargs) -> str:
    """A run recorded but never handed to a back end, as when a process stops before its transaction's commit hook."""
    return str(TaskRun.objects.create(name=name, kwargs=kwargs, started_by=STARTER).pk)


def test_a_run_a_killed_process_left_running_is_run_again_on_restart(tasks_in_process: None) -> None:
    token = uuid.uuid4().hex
    run_id = queued_run("tests.stall-in-a-stalling-process", token=token)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "clinlead.settings.base", "CLINLEAD_TEST_STALL": "1"}
    env["DATABASE_URL"] = this_test_database_url()
    process = subprocess.Popen([sys.executable, "-c", RUN_ONE, run_id], cwd=ROOT, env=env)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while (run := TaskRun.objects.get(pk=run_id)).done < 1:
            assert process.poll() is None, "the process running the task stopped early"
            assert time.monotonic() < deadline, "the task never started in the other process"
            time.sleep(0.05)
        assert (run.state, run.owner.rsplit(":", 1)[-1]) == ("running", str(process.pid))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    assert resume_unfinished() == 1

    finished = wait_for(run_id)
    assert (finished.state, finished.result, finished.done) == ("succeeded", {"pid": os.getpid()}, 2)
    assert TaskRun.objects.get(pk=run_id).attempts == 2


def test_a_run_another_live_process_is_running_is_left_to_it_until_it_falls_silent_elsewhere(
    tasks_in_process: None,
) -> None:
    parent = os.getppid()  # alive, and not this process
    run = TaskRun.objects.create(
        name="tests.add",
        kwargs={"a": 1, "b": 1},
        started_by=STARTER,
        state=TaskRun.State.RUNNING,
        owner=runner.owner("in-process").rsplit(":", 1)[0] + f":{parent}",
        started=timezone.now(),
        heartbeat=timezone.now(),
    )

    assert resume_unfinished() == 0
    assert runner.execute(str(run.pk), "in-process").state == "busy"  # nor does a second delivery take it

    TaskRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now() - datetime.timedelta(hours=1))
    assert resume_unfinished() == 0, "a live process on this machine is asked, however long it has been silent"

    on_another_machine = "in-process:another-machine:4242"
    TaskRun.objects.filter(pk=run.pk).update(owner=on_another_machine, heartbeat=timezone.now())
    assert resume_unfinished() == 0
    TaskRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now() - datetime.timedelta(hours=1))
    assert resume_unfinished() == 1, "a run that gave no sign of life for TASKS_STALE_AFTER is taken to be lost"
    assert wait_for(str(run.pk)).result == {"sum": 2}


def test_the_first_request_of_a_process_takes_up_runs_left_queued(tasks_in_process: None, client, settings) -> None:
    settings.TASKS_RESUME_ON_START = True
    token = uuid.uuid4().hex
    run_id = queued_run("tests.add", a=20, b=22, token=token)
    scheduler._started.clear()  # as in a process that has not served yet
    request_started.connect(scheduler.on_first_request, dispatch_uid=scheduler.DISPATCH_UID)
    try:
        client.get("/healthz")
        assert wait_for(run_id).result == {"sum": 42}
        client.get("/healthz")
    finally:
        request_started.disconnect(scheduler.on_first_request, dispatch_uid=scheduler.DISPATCH_UID)
        scheduler._started.set()
    assert fixtures.calls[token] == 1
    assert status(run_id, STARTER) is not None


def test_a_run_whose_broker_is_out_of_reach_stays_queued_until_handed_on(tasks_in_process: None, settings) -> None:
    settings.TASKS_BACKEND = "celery"
    with celery_broker("redis://127.0.0.1:1/0"), transaction.atomic():  # nothing listens there
        run_id = start("tests.add", STARTER, a=5, b=5)  # the request that started it is not failed
    settings.TASKS_BACKEND = "in-process"
    queued = status(run_id, STARTER)
    assert queued is not None
    assert queued.state == "queued"

    assert resume_unfinished(queued_for=3600) == 0, "the sweep leaves runs queued recently to their message"
    call_command("resumetasks", stdout=io.StringIO())

    assert wait_for(run_id).result == {"sum": 10}
