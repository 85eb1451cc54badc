"""The learner's data download holds what they shared: grants, share links (never the token) and every read."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinlead.sharing import api as sharing
from clinlead.sharing.models import ShareLink

from .conftest import People, in_days
from .test_links import make

pytestmark = pytest.mark.django_db


def download(client: Client) -> dict[str, Any]:
    response = client.get("/my-learning/my-data.json")
    assert response.status_code == 200
    return dict(json.loads(response.content))


def test_my_data_lists_my_grants_links_and_every_read_of_my_record(people: People) -> None:
    address = make(people, label="Appraisal 2027", include_reflections="on")
    token = address.removeprefix("/shared/").rstrip("/")
    people.grantee.get(f"/shared-with-me/{people.grant_uuid}/")
    Client().get(address)
    assert people.learner.post(f"/my-learning/sharing/{people.grant_uuid}/revoke/").status_code == 302
    body = people.learner.get("/my-learning/my-data.json").content.decode()
    data = json.loads(body)["sharing"]

    (grant,) = data["grants"]
    assert grant["shared_with"] == "supervisor@deanery.nhs.uk"
    assert grant["shared"] == ["completions", "certificates", "time"]
    assert grant["last_day"] == in_days(30).isoformat()
    assert grant["from"]
    assert grant["revoked_at"]

    (link,) = data["share_links"]
    assert link["label"] == "Appraisal 2027"
    assert link["shared"] == ["completions", "certificates", "time", "reflections"]
    assert link["last_day"] == in_days(14).isoformat()
    assert link["created_at"]
    assert link["revoked_at"] is None

    assert [(r["through"], r["by"], r["link_label"], r["what"]) for r in data["reads"]] == [
        ("grant", "supervisor@deanery.nhs.uk", None, "record"),
        ("share link", None, "Appraisal 2027", "summary"),
    ]
    # Nothing that opens the link: not the token, its selector or its secret's hash.
    stored = ShareLink.objects.get()
    for secret in (token, stored.selector, stored.verifier_hash, *token.split(".")):
        assert secret not in body


def test_my_data_holds_only_my_own_sharing(people: People) -> None:
    make(people, label="Mine")
    data = download(people.other)["sharing"]
    assert data == {"grants": [], "share_links": [], "reads": []}
    # The grantee's download holds nothing of the record shared with them.
    assert download(people.grantee)["sharing"] == {"grants": [], "share_links": [], "reads": []}


def test_the_sharing_export_is_three_queries_whatever_the_numbers(people: People) -> None:
    for n in range(3):
        make(people, label=f"Link {n}")
        people.grantee.get(f"/shared-with-me/{people.grant_uuid}/")
    with CaptureQueriesContext(connection) as queries:
        data = sharing.export(people.learner_id)
    assert len(data["reads"]) == 3
    assert len(data["share_links"]) == 3
    assert len(queries) == 3
