"""Playing a session on clinlead puts its `completed` statement in the store, readable through /xapi/: the learner
as an opaque account agent, the session version as the activity, the result, and nothing twice."""

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from clinlead.accounts.testing import make_learner
from clinlead.learning import api as learning
from clinlead.lrs import from_learning
from clinlead.lrs.models import Statement
from tests.factories import play_everything

from .conftest import Xapi

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


@pytest.fixture
def reader(make_xapi: Callable[..., Xapi]) -> Xapi:
    return make_xapi("statements/read", name="reader")


def test_playing_a_session_stores_its_completed_statement(loaded_example: Path, reader: Xapi) -> None:
    user = make_learner("amara@nhs.net")
    learner = Client()
    learner.force_login(user)
    play_everything(learner)
    agent = {"objectType": "Agent", "account": {"homePage": settings.SITE_URL.rstrip("/"), "name": str(user.uuid)}}
    response = reader.get({"agent": json.dumps(agent), "verb": COMPLETED})
    assert response.status_code == 200
    [found] = response.json()["statements"]
    assert found["actor"] == agent
    assert "amara@nhs.net" not in json.dumps(found)  # an opaque id, never the email
    assert found["object"]["id"] == f"{settings.SITE_URL.rstrip('/')}/programmes/example/sessions/speaking-up/v1"
    assert found["result"]["completion"] is True
    assert found["result"]["duration"].startswith("PT")
    assert found["context"]["contextActivities"]["parent"][0]["id"].endswith("/programmes/example")
    assert found["authority"]["name"] == "clinlead"
    by_activity = reader.get({"activity": found["object"]["id"]}).json()["statements"]
    assert [s["id"] for s in by_activity] == [found["id"]]
    play_everything(learner)  # played again: the completion is already recorded, so no second statement
    assert Statement.objects.count() == 1


def test_a_statement_that_cannot_be_stored_does_not_lose_the_completion(
    loaded_example: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the store is broken")

    monkeypatch.setattr(from_learning, "store", broken)
    user = make_learner("ben@nhs.net")
    learner = Client()
    learner.force_login(user)
    with caplog.at_level(logging.ERROR, logger="clinlead.lrs.from_learning"):
        play_everything(learner)
    assert learning.session_completion(user.pk, "example", "speaking-up") is not None
    assert not Statement.objects.exists()
    assert "no xAPI statement for completion" in caplog.text
