"""The API: real responses valid against the OpenAPI schema, tokens scoped to their organisation, revocable,
stored hashed and rate-limited."""

import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from clinlead.esr import tokens
from clinlead.esr.models import ApiToken

from .conftest import Trusts, signed_in

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "openapi.json").read_text(encoding="utf-8"))
URL = "/api/esr/v1/completions"
# The OpenAPI document as a resource of its own, so the $refs inside it ("#/components/...") resolve within it.
DOCUMENT = "urn:clinlead:esr:openapi"
REGISTRY: Registry[Any] = Registry().with_resource(DOCUMENT, DRAFT202012.create_resource(SCHEMA))


def validate(response: Any, status: int) -> dict[str, Any]:
    """The response's body against the schema the OpenAPI document gives for this status (JSON Schema 2020-12,
    as OpenAPI 3.1 says), resolving its $refs within the document."""
    assert response.status_code == status, response.content
    described = SCHEMA["paths"]["/completions"]["get"]["responses"][str(status)]
    assert response["Content-Type"] in described["content"]
    pointer = f"/paths/~1completions/get/responses/{status}/content/application~1json/schema"
    validator = Draft202012Validator({"$ref": f"{DOCUMENT}#{pointer}"}, registry=REGISTRY)
    body: dict[str, Any] = response.json()
    validator.validate(body)
    for header in described.get("headers", {}):
        assert response.has_header(header), header
    return body


def token_for(trusts: Trusts, organisation_id: int) -> str:
    return tokens.make_token(organisation_id, "integration engine", trusts.administrator)[1]


def get(token: str, query: str = "") -> Any:
    return Client().get(URL + query, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture(autouse=True)
def fresh_limits(db: None) -> None:
    cache.clear()


def test_the_schema_is_openapi_3_1_and_its_schemas_are_valid_json_schema() -> None:
    assert SCHEMA["openapi"].startswith("3.1")
    for schema in SCHEMA["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_the_schema_is_served(trusts: Trusts) -> None:
    response = Client().get("/api/esr/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == SCHEMA


def test_pages_of_completions_match_the_schema_and_follow_the_cursor(trusts: Trusts) -> None:
    token = token_for(trusts, trusts.zz1)
    for n in range(3):
        trusts.complete(trusts.amara, session=f"s{n}")
    first = validate(get(token, "?limit=2"), 200)
    assert len(first["completions"]) == 2
    assert first["has_more"] is True
    assert first["limit"] == 2
    trusts.complete(trusts.ben)
    second = validate(get(token, f"?limit=2&cursor={first['next_cursor']}"), 200)
    assert [c["person_name"] for c in second["completions"]] == ["Amara Okafor", "Ben Hughes"]
    last = validate(get(token, f"?limit=2&cursor={second['next_cursor']}"), 200)
    assert last["completions"] == []
    assert last["has_more"] is False
    ben = second["completions"][1]
    assert ben["competence_name"] == "Leadership for Clinicians – Speaking up"
    assert ben["session_id"] == "example/speaking-up"
    assert ben["expiry_date"]


def test_bad_requests_are_described_errors(trusts: Trusts) -> None:
    token = token_for(trusts, trusts.zz1)
    assert "cursor" in validate(get(token, "?cursor=nope"), 400)["error"]
    assert "limit" in validate(get(token, "?limit=0"), 400)["error"]
    assert "limit" in validate(get(token, "?limit=1001"), 400)["error"]


def test_no_token_an_unknown_one_or_a_revoked_one_gets_401(trusts: Trusts) -> None:
    validate(Client().get(URL), 401)
    validate(get("clesr_not-a-token"), 401)
    made, token = tokens.make_token(trusts.zz1, "engine", trusts.administrator)
    validate(get(token), 200)
    tokens.revoke_token(trusts.zz1, made.id)
    validate(get(token), 401)


def test_a_token_reads_only_its_own_organisations_completions(trusts: Trusts) -> None:
    trusts.complete(trusts.amara)
    trusts.complete(trusts.cara)
    theirs = validate(get(token_for(trusts, trusts.zz2)), 200)
    assert [c["person_name"] for c in theirs["completions"]] == ["Cara Lewis"]
    ours = validate(get(token_for(trusts, trusts.zz1)), 200)
    assert [c["person_name"] for c in ours["completions"]] == ["Amara Okafor"]


def test_the_61st_request_in_a_minute_gets_429_with_retry_after(trusts: Trusts) -> None:
    token = token_for(trusts, trusts.zz1)
    # Counted in windows of a clock minute: start at the beginning of one, so the 61 requests (several seconds on a
    # busy machine) cannot straddle two.
    if time.time() % 60 > 30:
        time.sleep(60 - time.time() % 60 + 0.1)
    for _ in range(tokens.REQUESTS_PER_MINUTE):
        assert get(token).status_code == 200
    refused = get(token)
    validate(refused, 429)
    assert 1 <= int(refused["Retry-After"]) <= 61
    # Another token of the same organisation has its own count.
    validate(get(token_for(trusts, trusts.zz1)), 200)


def test_a_token_is_stored_only_as_its_hash_and_its_use_is_noted(trusts: Trusts) -> None:
    made, token = tokens.make_token(trusts.zz1, "engine", trusts.administrator)
    stored = ApiToken.objects.get(pk=made.id)
    assert token not in stored.token_hash
    assert stored.last_used_at is None
    get(token)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_an_administrator_makes_a_token_shown_once_and_revokes_it(trusts: Trusts) -> None:
    client = signed_in(trusts.administrator)
    page = client.post(f"/esr/{trusts.zz1}/tokens/", {"name": "Trust integration engine"})
    assert page.status_code == 200
    token = page.content.decode().split('<code id="new-token">', 1)[1].split("</code>", 1)[0]
    assert token.startswith("clesr_")
    validate(get(token), 200)
    again = client.get(f"/esr/{trusts.zz1}/tokens/").content.decode()
    assert "Trust integration engine" in again
    assert token not in again
    made = ApiToken.objects.get(name="Trust integration engine")
    assert client.post(f"/esr/{trusts.zz1}/tokens/{made.pk}/revoke/").status_code == 302
    validate(get(token), 401)


def test_a_token_without_a_name_is_refused_with_a_message_on_the_field(trusts: Trusts) -> None:
    response = signed_in(trusts.administrator).post(f"/esr/{trusts.zz1}/tokens/", {"name": "  "})
    assert response.status_code == 400
    assert "Enter a name for the token" in response.content.decode()
    assert not ApiToken.objects.exists()
