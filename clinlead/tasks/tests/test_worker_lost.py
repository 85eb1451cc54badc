"""Production's path when a Celery worker dies part-way: a real `celery worker` (prefork) in a process of its own,
whose pool process is killed with SIGKILL while it runs a task. The message was not acknowledged (acks late), so
it comes back, and the run, whose process is gone, is run again to the end."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import transaction

from clinlead.tasks.api import start
from clinlead.tasks.models import TaskRun
from clinlead.tasks.testing import celery_broker, wait_for

from .test_restart import this_test_database_url

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def worker_process(transactional_db: None, celery_broker_url: str, settings, tmp_path: Path):
    settings.TASKS_BACKEND = "celery"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinlead.settings.base",
        "DATABASE_URL": this_test_database_url(),
        "TASKS_BACKEND": "celery",
        "CELERY_BROKER_URL": celery_broker_url,
        "CLINLEAD_VAR_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "celery", "-A", "clinlead.tasks.celery_app", "worker", "--concurrency", "1"]
    command += ["--include", "clinlead.tasks.tests.background_fixtures", "--without-mingle", "--without-gossip"]
    with celery_broker(celery_broker_url):
        from clinlead.tasks.celery_app import app

        app.control.purge()
        log = (tmp_path / "worker.log").open("w")
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield worker
        finally:
            worker.send_signal(signal.SIGQUIT)  # at once: a warm shutdown would wait for the task
            worker.wait(30)
            log.close()


def test_a_run_whose_celery_worker_is_killed_is_run_again_to_the_end(worker_process, tmp_path: Path) -> None:
    marker = tmp_path / "first-try"
    with transaction.atomic():
        run_id = start("tests.stall-the-first-time", 7, marker=str(marker))

    deadline = time.monotonic() + 60
    while not marker.exists():
        log = (tmp_path / "worker.log").read_text()
        assert worker_process.poll() is None, log
        assert time.monotonic() < deadline, f"the worker never started the task:\n{log}"
        time.sleep(0.05)
    first_pid = int(marker.read_text())
    assert TaskRun.objects.get(pk=run_id).owner.endswith(f":{first_pid}")
    os.kill(first_pid, signal.SIGKILL)

    finished = wait_for(run_id, timeout=60)

    assert finished.state == "succeeded", (tmp_path / "worker.log").read_text()
    assert finished.result is not None
    assert finished.result["pid"] != first_pid
    assert TaskRun.objects.get(pk=run_id).attempts == 2
