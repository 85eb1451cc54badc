"""Statements made from learning's events, so that playing a session on clinlead fills the store.

A subscriber to `learning.completion_recorded`, not code in the player's views. It runs inside the completion's
transaction (learning/events.py) but in a savepoint of its own, and a failure is logged and swallowed: a learner's
completion must never be lost because its statement could not be written. The statement's id is derived from the
completion's, so a replayed completion gives the same statement, which the store accepts once.

The learner is an account agent under the site's address named by their account's opaque uuid, never their
email; the session version is the activity, with its programme as the parent.
"""

import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.learning.api import CompletionData

from .clients import ClientData
from .models import Client
from .store import store
from .validation import check_statement

logger = logging.getLogger(__name__)

SITE_CLIENT_KEY = "clinlead-site"  # stores the site's own statements; it has no secret, so nobody signs in as it
STATEMENT_IDS = uuid.UUID("1b3a4f6e-8c1d-4e3a-9f2b-7d6c5e4a3b21")  # the namespace of ids made from completions
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
LESSON = "http://adlnet.gov/expapi/activities/lesson"
COURSE = "http://adlnet.gov/expapi/activities/course"


def site_address() -> str:
    return str(settings.SITE_URL).rstrip("/")


def session_version_iri(programme_key: str, session_key: str, version: int) -> str:
    return f"{site_address()}/programmes/{programme_key}/sessions/{session_key}/v{version}"


def learner_agent(user_id: int) -> dict[str, Any]:
    return {"objectType": "Agent", "account": {"homePage": site_address(), "name": accounts.account_uuid(user_id)}}


def completion_statement(completion: CompletionData) -> dict[str, Any]:
    result: dict[str, Any] = {"completion": True, "duration": f"PT{completion.seconds_spent}S"}
    if completion.score_percent is not None:
        result["score"] = {"scaled": completion.score_percent / 100, "raw": completion.score_percent, "min": 0}
        result["score"]["max"] = 100
    return {
        "id": str(uuid.uuid5(STATEMENT_IDS, f"completion:{completion.uuid}")),
        "actor": learner_agent(completion.user_id),
        "verb": {"id": COMPLETED, "display": {"en-GB": "completed"}},
        "object": {
            "objectType": "Activity",
            "id": session_version_iri(completion.programme_key, completion.session_key, completion.version),
            "definition": {"type": LESSON},
        },
        "result": result,
        "context": {
            "platform": "clinlead",
            "language": "en-GB",
            "contextActivities": {
                "parent": [
                    {"id": f"{site_address()}/programmes/{completion.programme_key}", "definition": {"type": COURSE}}
                ]
            },
        },
        "timestamp": completion.completed_at.isoformat(),
    }


def _site_client() -> ClientData:
    made, _ = Client.objects.get_or_create(
        key=SITE_CLIENT_KEY,
        defaults={"name": "clinlead", "secret_hash": "-", "scopes": "statements/write", "made_at": timezone.now()},
    )
    return ClientData(made.pk, made.name, made.key, frozenset(made.scopes.split()), None)


def store_completion(sender: object, completion: CompletionData, **kwargs: object) -> None:
    """Receiver of learning's `completion_recorded`: the completion as a `completed` statement."""
    try:
        with transaction.atomic():
            store([check_statement(completion_statement(completion))], _site_client(), "1.0.3")
    except Exception:  # the completion matters more than its statement: log it for the operators, and go on
        logger.exception("no xAPI statement for completion %s", completion.uuid)
