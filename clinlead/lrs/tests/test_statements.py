"""The Statements resource through its real URL: storing (POST, PUT), reading (by id, filtered, paged), voiding,
conflicts, headers, credentials and scopes."""

import datetime
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinlead.lrs.models import Statement

from .conftest import Xapi, statement

pytestmark = pytest.mark.django_db

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


def voiding(target: str) -> dict[str, Any]:
    return statement(verb={"id": VOIDED}, object={"objectType": "StatementRef", "id": target})


# --- Storing -----------------------------------------------------------------------------------


def test_post_one_statement_returns_its_id_and_stores_it_with_what_the_store_fills_in(xapi: Xapi) -> None:
    sent = statement()
    response = xapi.post(sent)
    assert response.status_code == 200
    assert response.json() == [sent["id"]]
    assert response["X-Experience-API-Version"] == "1.0.3"
    got = xapi.get({"statementId": sent["id"]}).json()
    assert {key: got[key] for key in sent} == sent
    assert got["version"] == "1.0.0"  # 1.0.3: a statement sent without a version is a 1.0.0 statement
    assert got["timestamp"] == got["stored"]
    assert got["authority"]["account"]["name"]
    assert datetime.datetime.fromisoformat(got["stored"]).tzinfo is not None


def test_post_without_an_id_is_given_one(xapi: Xapi) -> None:
    sent = statement(id=None)
    [given] = xapi.post(sent).json()
    assert uuid.UUID(given)
    assert xapi.get({"statementId": given}).status_code == 200


def test_post_a_batch_stores_all_and_returns_ids_in_order(xapi: Xapi) -> None:
    batch = [statement() for _ in range(5)]
    response = xapi.post(batch)
    assert response.json() == [s["id"] for s in batch]
    assert Statement.objects.count() == 5


def test_a_batch_with_one_bad_statement_stores_none(xapi: Xapi) -> None:
    batch = [statement(), statement(), statement(verb={"id": "not an iri"})]
    response = xapi.post(batch)
    assert response.status_code == 400
    assert response.json()["error"].startswith("[2].verb.id: must be an absolute IRI")
    assert not Statement.objects.exists()


def test_a_batch_repeating_an_id_is_refused(xapi: Xapi) -> None:
    same = statement()
    response = xapi.post([same, dict(same)])
    assert response.status_code == 400
    assert "is sent twice in this batch" in response.json()["error"]
    assert not Statement.objects.exists()


def test_the_same_statement_posted_again_is_accepted_once(xapi: Xapi) -> None:
    sent = statement(timestamp="2026-12-03T10:00:00Z")
    assert xapi.post(sent).status_code == 200
    again = {
        **sent,
        "timestamp": "2026-12-03T11:00:00+01:00",
        "verb": {**sent["verb"], "display": {"EN-gb": "answered"}},
    }
    response = xapi.post(again)  # the same instant in another zone, a language tag in other case: the same
    assert response.status_code == 200
    assert response.json() == [sent["id"]]
    assert Statement.objects.count() == 1


def test_the_same_id_with_different_content_is_a_conflict(xapi: Xapi) -> None:
    sent = statement()
    xapi.post(sent)
    response = xapi.post({**sent, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}})
    assert response.status_code == 409
    assert sent["id"] in response.json()["error"]
    assert xapi.put(sent["id"], {**sent, "result": {"success": False}}).status_code == 409
    assert Statement.objects.get().data["verb"]["id"] == sent["verb"]["id"]  # immutable


def test_put_stores_under_the_statement_id_and_accepts_the_same_again(xapi: Xapi) -> None:
    sent = statement(id=None)
    statement_id = str(uuid.uuid4())
    response = xapi.put(statement_id, sent)
    assert response.status_code == 204
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert xapi.put(statement_id, sent).status_code == 204
    assert Statement.objects.get().uuid == uuid.UUID(statement_id)


@pytest.mark.parametrize(
    ("address", "body", "message"),
    [
        ("/xapi/statements", "statement", "PUT needs the statementId parameter"),
        ("/xapi/statements?statementId=abc", "statement", "statementId must be a UUID"),
        (f"/xapi/statements?statementId={uuid.uuid4()}", "other id", "differs from statementId"),
        (f"/xapi/statements?statementId={uuid.uuid4()}&verb=x", "statement", "PUT takes only statementId"),
        (f"/xapi/statements?statementId={uuid.uuid4()}", "array", "PUT stores one statement"),
    ],
)
def test_put_refusals(xapi: Xapi, address: str, body: str, message: str) -> None:
    sent: Any = {"statement": statement(id=None), "other id": statement(), "array": [statement()]}[body]
    response = xapi.http.put(address, json.dumps(sent), "application/json", headers=xapi.headers("1.0.3", True))
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"{not json", "application/json", "the body is not JSON: Expecting property name"),
        (b'{"id": 1, "id": 2}', "application/json", "the body gives the property 'id' twice"),
        (b"\xff\xfe", "application/json", "the body is not UTF-8"),
        (b"actor=x", "application/x-www-form-urlencoded", "send statements as application/json"),
        (b'"a statement"', "application/json", "statement: must be a JSON object, not a string"),
        (b'[{"actor": null}]', "application/json", "[0].actor: must not be null"),
    ],
)
def test_bodies_that_are_not_statements_get_a_400(xapi: Xapi, body: bytes, content_type: str, message: str) -> None:
    response = xapi.http.post("/xapi/statements", body, content_type, headers=xapi.headers("1.0.3", True))
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_a_nul_character_in_a_statement_is_refused_not_stored(xapi: Xapi) -> None:
    response = xapi.post(statement(result={"response": "yes\u0000no"}))
    assert response.status_code == 400
    assert response.json()["error"] == "result.response: contains U+0000, which cannot be stored"


# --- Voiding ------------------------------------------------------------------------------------


def test_voiding_hides_the_target_except_by_voided_statement_id(xapi: Xapi) -> None:
    target, other = statement(), statement()
    xapi.post([target, other])
    void = voiding(target["id"])
    assert xapi.post(void).status_code == 200
    assert xapi.get({"statementId": target["id"]}).status_code == 404
    found = xapi.get({"voidedStatementId": target["id"]})
    assert found.status_code == 200
    assert found.json()["id"] == target["id"]
    listed = [s["id"] for s in xapi.get().json()["statements"]]
    assert listed == [void["id"], other["id"]]  # the voiding statement itself is listed, newest first
    assert xapi.get({"voidedStatementId": other["id"]}).status_code == 404


def test_voiding_a_voiding_statement_is_refused(xapi: Xapi) -> None:
    target = statement()
    first = voiding(target["id"])
    xapi.post([target, first])
    response = xapi.post(voiding(first["id"]))
    assert response.status_code == 400
    assert "is itself a voiding statement, and cannot be voided" in response.json()["error"]
    assert xapi.get({"statementId": first["id"]}).status_code == 200


def test_a_statement_arriving_after_its_voiding_statement_is_voided(xapi: Xapi) -> None:
    target = statement()
    xapi.post(voiding(target["id"]))
    xapi.post(target)
    assert xapi.get({"statementId": target["id"]}).status_code == 404
    assert xapi.get({"voidedStatementId": target["id"]}).status_code == 200


# --- Reading ------------------------------------------------------------------------------------


def test_single_statement_requests_refuse_other_filters(xapi: Xapi) -> None:
    sent = statement()
    xapi.post(sent)
    both = xapi.get(f"?statementId={sent['id']}&voidedStatementId={sent['id']}")
    assert both.status_code == 400
    assert xapi.get(f"?statementId={sent['id']}&verb=http://x.org/v").json()["error"] == (
        "statementId cannot be combined with 'verb'"
    )
    assert xapi.get("?statementId=nope").status_code == 400
    assert xapi.get(f"?statementId={uuid.uuid4()}").status_code == 404
    assert xapi.get(f"?statementId={sent['id'].upper()}").status_code == 200


def test_filters_by_agent_verb_activity_registration_and_time(xapi: Xapi) -> None:
    registration = str(uuid.uuid4())
    amara = {"mbox": "mailto:amara@example.nhs.uk"}
    rows = [
        statement(actor=amara),
        statement(verb={"id": "http://adlnet.gov/expapi/verbs/completed"}),
        statement(object={"id": "https://clinlead.example/other"}),
        statement(context={"registration": registration}),
        statement(object={**amara, "objectType": "Agent"}),
    ]
    for row in rows:
        xapi.post(row)

    def ids(query: dict[str, str]) -> set[str]:
        response = xapi.get(query)
        assert response.status_code == 200, response.content
        return {s["id"] for s in response.json()["statements"]}

    assert ids({"agent": json.dumps(amara)}) == {rows[0]["id"], rows[4]["id"]}
    assert ids({"verb": "http://adlnet.gov/expapi/verbs/completed"}) == {rows[1]["id"]}
    assert ids({"activity": "https://clinlead.example/other"}) == {rows[2]["id"]}
    assert ids({"registration": registration.upper()}) == {rows[3]["id"]}
    second_stored = Statement.objects.get(uuid=rows[1]["id"]).stored.isoformat()
    assert ids({"since": second_stored}) == {r["id"] for r in rows[2:]}
    assert ids({"until": second_stored}) == {r["id"] for r in rows[:2]}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?agent=amara", "agent must be an Agent or Group as JSON"),
        ('?agent={"mbox":"amara@example.org"}', "agent.mbox: must start with mailto:"),
        ("?verb=completed", "verb must be an IRI"),
        ("?registration=1", "registration must be a UUID"),
        ("?since=yesterday", "since must be an ISO 8601 time with a time zone"),
        ("?limit=-1", "limit must be a whole number"),
        ("?ascending=yes", "ascending must be true or false"),
        ("?format=full", "format must be ids, exact or canonical"),
        ("?colour=blue", "'colour' is not a parameter of the Statements resource"),
        ("?cursor=forged", "cursor is not one this store handed out"),
        ("?related_agents=true", "related_agents=true is not supported yet"),
    ],
)
def test_bad_query_parameters_get_a_400(xapi: Xapi, query: str, message: str) -> None:
    response = xapi.get(query)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_pages_follow_more_to_the_end_without_repeats_both_ways(xapi: Xapi) -> None:
    sent = [statement() for _ in range(7)]
    xapi.post(sent)  # one batch: every statement has the same `stored`, so pages are cut by row too
    xapi.post(statement())  # and one later
    for ascending in ("false", "true"):
        seen: list[str] = []
        address = f"/xapi/statements?limit=3&ascending={ascending}"
        pages = 0
        while address:
            body = xapi.get(address).json()
            seen += [s["id"] for s in body["statements"]]
            address = body["more"]
            pages += 1
        assert pages == 3
        assert len(seen) == len(set(seen)) == 8
        assert (seen[0] in [s["id"] for s in sent]) == (ascending == "true")


def test_a_page_is_a_bounded_number_of_queries(xapi: Xapi) -> None:
    xapi.post([statement() for _ in range(50)])
    with CaptureQueriesContext(connection) as queries:
        assert len(xapi.get("?limit=40").json()["statements"]) == 40
    assert len(queries) == 2  # the client, the page


def test_formats_ids_and_canonical(xapi: Xapi) -> None:
    sent = statement(
        actor={"name": "Amara", "mbox": "mailto:amara@example.nhs.uk"},
        verb={"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-GB": "answered", "cy": "atebodd"}},
        object={"id": "https://clinlead.example/a", "definition": {"name": {"en-GB": "A", "cy": "A (cy)"}}},
    )
    xapi.post(sent)
    ids = xapi.get({"statementId": sent["id"], "format": "ids"}).json()
    assert ids["actor"] == {"mbox": "mailto:amara@example.nhs.uk"}
    assert ids["verb"] == {"id": "http://adlnet.gov/expapi/verbs/answered"}
    assert ids["object"] == {"id": "https://clinlead.example/a"}
    welsh = xapi.http.get(
        "/xapi/statements",
        {"statementId": sent["id"], "format": "canonical"},
        headers={**xapi.headers("1.0.3", True), "Accept-Language": "cy, en;q=0.5"},
    ).json()
    assert welsh["verb"]["display"] == {"cy": "atebodd"}
    assert welsh["object"]["definition"]["name"] == {"cy": "A (cy)"}
    exact = xapi.get({"statementId": sent["id"]}).json()
    assert exact["verb"]["display"] == sent["verb"]["display"]


# --- Headers, credentials, scopes ----------------------------------------------------------------


def test_responses_carry_version_consistency_and_last_modified(xapi: Xapi) -> None:
    sent = statement()
    xapi.post(sent)
    response = xapi.get(version="2.0.0")
    assert response["X-Experience-API-Version"] == "2.0.0"
    assert datetime.datetime.fromisoformat(response["X-Experience-API-Consistent-Through"])
    assert response["Last-Modified"].endswith(" GMT")
    assert xapi.get({"statementId": sent["id"]})["Last-Modified"].endswith(" GMT")


def test_a_2_0_statement_without_a_version_is_stored_as_2_0_0(xapi: Xapi) -> None:
    sent = statement()
    xapi.post(sent, version="2.0.0")
    assert xapi.get({"statementId": sent["id"]}).json()["version"] == "2.0.0"


@pytest.mark.parametrize("version", [None, "0.9", "3.0.0", "1.1.0"])
def test_requests_without_a_version_this_store_speaks_get_a_400(xapi: Xapi, version: str | None) -> None:
    response = xapi.post(statement(), version=version)
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response.json()["error"]
    assert xapi.get(version=version).status_code == 400
    assert not Statement.objects.exists()


def test_about_needs_no_credentials_and_lists_the_versions(client: Any) -> None:
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert response.json() == {"version": ["1.0.3", "2.0.0"]}
    assert response["X-Experience-API-Version"] == "2.0.0"


def test_wrong_or_missing_credentials_get_a_401_with_a_challenge(xapi: Xapi, make_xapi: Callable[..., Xapi]) -> None:
    response = xapi.post(statement(), auth=False)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="xapi"'
    stranger = Xapi("nobody", "nothing")
    assert stranger.get().status_code == 401
    assert not Statement.objects.exists()


def test_scopes_limit_what_a_client_may_do(make_xapi: Callable[..., Xapi]) -> None:
    writer, reader = make_xapi("statements/write", name="writer"), make_xapi("statements/read", name="reader")
    mine = make_xapi("statements/write", "statements/read/mine", name="mine")
    assert writer.get().status_code == 403
    ours, theirs = statement(), statement()
    assert writer.post(theirs).status_code == 200
    assert reader.post(statement()).status_code == 403
    assert reader.put(str(uuid.uuid4()), statement(id=None)).status_code == 403
    assert mine.post(ours).status_code == 200
    assert [s["id"] for s in reader.get().json()["statements"]] == [ours["id"], theirs["id"]]
    assert [s["id"] for s in mine.get().json()["statements"]] == [ours["id"]]
    assert mine.get({"statementId": theirs["id"]}).status_code == 404


def test_other_methods_get_a_405(xapi: Xapi) -> None:
    response = xapi.http.delete("/xapi/statements", headers=xapi.headers("1.0.3", True))
    assert response.status_code == 405


def test_a_body_over_the_upload_limit_is_a_413_naming_the_remedy(xapi: Xapi, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = xapi.post([statement() for _ in range(20)])
    assert response.status_code == 413
    assert response.json()["error"] == "the body is too large: send statements in smaller batches"
    assert not Statement.objects.exists()
