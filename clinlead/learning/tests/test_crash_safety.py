"""A completion and its certificate are written together or not at all, even if the server dies between them."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from clinlead.authoring import api as authoring
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from clinlead.learning.models import Answer, Completion, SessionProgress
from tests.factories import RIGHT, S, make_learner, ordering_answer, signed_in

REPO = Path(__file__).resolve().parents[3]


def all_but_the_last_answer(client) -> None:
    for number in (1, 2, 3):
        client.get(f"{S}/v1/{number}/")
    client.post(f"{S}/v1/2/", {"exercise": "first-response", **RIGHT["first-response"]})
    client.post(f"{S}/v1/2/", {"exercise": "why-silent", **RIGHT["why-silent"]})


@pytest.mark.django_db
def test_if_issuing_the_certificate_fails_the_completion_is_not_recorded_either(loaded_example: Path) -> None:
    user = make_learner()
    client = signed_in(user)
    all_but_the_last_answer(client)

    def broken(sender: object, **kwargs: object) -> None:
        raise RuntimeError("the certificate could not be written")

    learning.completion_recorded.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            client.post(f"{S}/v1/3/", {"exercise": "escalation-order", **ordering_answer()})
    finally:
        learning.completion_recorded.disconnect(dispatch_uid="test-broken")
    assert not Completion.objects.exists()
    assert certificates.for_learner(user.pk) == {}
    client.post(f"{S}/v1/3/", {"exercise": "escalation-order", **ordering_answer()})  # the learner tries again
    completion = Completion.objects.get(user=user)
    assert certificates.for_completion(str(completion.uuid)) is not None


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


# Records the final answer in a separate server process, and stops it dead once the completion and
# its certificate are written but before the transaction commits.
SERVER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from clinlead.catalogue import api as catalogue
    from clinlead.learning import api as learning
    from tests.factories import shape_of

    def stall(sender, completion, **kwargs):
        from clinlead.certificates import api as certificates

        written = certificates.for_completion(completion.uuid) is not None
        print(f"completion written, certificate written: {written}, not committed", flush=True)
        time.sleep(120)

    learning.completion_recorded.connect(stall)  # after the certificate's receiver, connected at start-up
    shape = shape_of("example", "speaking-up", 1)
    positions = {key: int(value) for key, value in (arg.split("=") for arg in sys.argv[2:])}
    learning.record_answer(int(sys.argv[1]), shape, "escalation-order", {"positions": positions}, True)
    """
)


@pytest.mark.django_db(transaction=True)
def test_kill_9_between_completion_and_commit_leaves_neither_and_the_replay_completes(example_content: Path) -> None:
    authoring.load_content(example_content)
    user = make_learner()
    client = signed_in(user)
    all_but_the_last_answer(client)
    positions = [f"{k.removeprefix('position-')}={v}" for k, v in ordering_answer().items()]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinlead.settings.base",
        "DATABASE_URL": database_url(),
        "CLINLEAD_VAR_DIR": str(settings.VAR_DIR),
        "CLINLEAD_CONTENT_DIR": str(example_content),
    }
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SERVER, str(user.pk), *positions],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert "certificate written: True, not committed" in line, server.stderr.read() if server.stderr else ""
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
    assert server.returncode == -signal.SIGKILL
    assert not Completion.objects.filter(user=user).exists()
    assert certificates.for_learner(user.pk) == {}
    assert not Answer.objects.filter(user=user, exercise_key="escalation-order").exists()
    assert SessionProgress.objects.get(user=user).status == "in-progress"
    # The browser retries (or the learner answers again): now both are written.
    assert client.post(f"{S}/v1/3/", {"exercise": "escalation-order", **ordering_answer()}).status_code == 303
    completion = Completion.objects.get(user=user)
    assert list(certificates.for_learner(user.pk)) == [str(completion.uuid)]
