"""Clients of the store with each scope, and a Django test client that speaks xAPI as one of them."""

import base64
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from clinlead.lrs.api import make_client

VERSION = "1.0.3"


class Xapi:
    """Requests to /xapi/ with a client's credentials and the version header (both can be left off)."""

    def __init__(self, key: str, secret: str) -> None:
        self.http = Client(raise_request_exception=False)
        self.authorization = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()

    def headers(self, version: str | None, auth: bool) -> dict[str, str]:
        found = {}
        if version is not None:
            found["X-Experience-API-Version"] = version
        if auth:
            found["Authorization"] = self.authorization
        return found

    def post(self, body: Any, version: str | None = VERSION, auth: bool = True, query: str = "") -> Any:
        return self.http.post(
            "/xapi/statements" + query, json.dumps(body), "application/json", headers=self.headers(version, auth)
        )

    def put(self, statement_id: str, body: Any, version: str | None = VERSION) -> Any:
        return self.http.put(
            f"/xapi/statements?statementId={statement_id}",
            json.dumps(body),
            "application/json",
            headers=self.headers(version, True),
        )

    def get(self, query: dict[str, str] | str = "", version: str | None = VERSION, auth: bool = True) -> Any:
        if isinstance(query, str):
            address = query if query.startswith("/") else "/xapi/statements" + query
            return self.http.get(address, headers=self.headers(version, auth))
        return self.http.get("/xapi/statements", query, headers=self.headers(version, auth))


def statement(**changes: Any) -> dict[str, Any]:
    """A small valid statement: an account agent answered an activity."""
    made: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": "https://clinlead.example", "name": "learner-1"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-GB": "answered"}},
        "object": {"id": "https://clinlead.example/programmes/example/sessions/speaking-up/1"},
    }
    made.update(changes)
    return {key: value for key, value in made.items() if value is not None}


@pytest.fixture
def make_xapi(db: None) -> Callable[..., Xapi]:
    def make(*scopes: str, name: str = "test client") -> Xapi:
        client, secret = make_client(name, list(scopes or ("all",)))
        return Xapi(client.key, secret)

    return make


@pytest.fixture
def xapi(make_xapi: Callable[..., Xapi]) -> Xapi:
    return make_xapi("statements/write", "statements/read")
