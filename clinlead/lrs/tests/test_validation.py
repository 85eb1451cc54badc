"""Every rule of validation.py, one row each: a statement made wrong in one place, and the message it gets (which
names the property's path). Checked directly, and row by row through POST /xapi/statements as a 400."""

import copy
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from clinlead.lrs.validation import Invalid, check_agent_parameter, check_statement

from .conftest import Xapi, statement

MBOX = {"mbox": "mailto:amara@example.nhs.uk"}
GROUP = {"objectType": "Group", "member": [MBOX]}
STATEMENT_REF = {"objectType": "StatementRef", "id": "5f0c2a8e-0000-4000-8000-000000000001"}
SUB = {
    "objectType": "SubStatement",
    "actor": MBOX,
    "verb": {"id": "http://example.org/verbs/will-attend"},
    "object": {"id": "http://example.org/activities/ward-round"},
}
ATTACHMENT = {
    "usageType": "http://adlnet.gov/expapi/attachments/signature",
    "display": {"en": "signature"},
    "contentType": "image/png",
    "length": 10,
    "sha2": "abc",
    "fileUrl": "https://example.org/signature.png",
}


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to a statement: the value at a dotted path ("context.registration"), or removed when ...."""

    def change(made: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        here = made
        for name in parents:
            here = here.setdefault(name, {})
        if value is ...:
            del here[last]
        else:
            here[last] = copy.deepcopy(value)

    return change


REFUSED = [
    # required properties, unknown properties, nulls
    (_set("actor", ...), "actor: is required"),
    (_set("verb", ...), "verb: is required"),
    (_set("object", ...), "object: is required"),
    (_set("colour", "blue"), "colour: is not a property here"),
    (_set("result", None), "result: must not be null"),
    (_set("result", {}), "result: must not be an empty object"),
    (_set("id", "not-a-uuid"), "id: must be a UUID"),
    (_set("version", "0.95"), "version: must be 1.0.x or 2.0.x"),
    (_set("version", "3.0.0"), "version: must be 1.0.x or 2.0.x"),
    (_set("actor.name", "A\x00B"), "actor.name: contains U+0000"),
    # inverse functional identifiers
    (_set("actor", {"mbox": "amara@example.nhs.uk"}), "actor.mbox: must start with mailto:"),
    (_set("actor", {"mbox": "mailto:nobody"}), "actor.mbox: must be mailto: and an email address"),
    (_set("actor", {"mbox_sha1sum": "xyz"}), "actor.mbox_sha1sum: must be the 40 hexadecimal digits"),
    (_set("actor", {"openid": "not an iri"}), "actor.openid: must be an absolute IRI"),
    (_set("actor", {"account": {"name": "x"}}), "actor.account.homePage: is required"),
    (_set("actor", {"account": {"homePage": "https://example.org"}}), "actor.account.name: is required"),
    (_set("actor", {"account": {"homePage": "example.org", "name": "x"}}), "actor.account.homePage: must be an http"),
    (_set("actor", {"account": {"homePage": "https://a.org", "name": "x", "id": 1}}), "actor.account.id: is not"),
    (_set("actor", {"name": "Amara"}), "actor: must have one identifier"),
    (_set("actor", {**MBOX, "openid": "https://id.example.org/a"}), "actor: must have exactly one identifier"),
    (_set("actor", {**MBOX, "objectType": "Person"}), "actor.objectType: must be Agent"),
    # groups
    (_set("actor", {"objectType": "Group"}), "actor.member: is required in a group without an identifier"),
    (_set("actor", {"objectType": "Group", "member": []}), "actor.member: must list at least one agent"),
    (_set("actor", {"objectType": "Group", "member": [GROUP]}), "actor.member[0].objectType: must be Agent"),
    (_set("actor", {"objectType": "Group", "member": [{"mbox": "x"}]}), "actor.member[0].mbox: must start with"),
    # verb and language maps
    (_set("verb", {"display": {"en": "x"}}), "verb.id: is required"),
    (_set("verb.id", "answered"), "verb.id: must be an absolute IRI"),
    (_set("verb.display", {"not a tag": "x"}), "verb.display.not a tag: is not a language tag"),
    (_set("verb.display", {"en": 5}), "verb.display.en: must be a string"),
    (_set("verb.display", "answered"), "verb.display: must be a JSON object"),
    # activities
    (_set("object.id", "speaking-up"), "object.id: must be an absolute IRI"),
    (_set("object.definition", {"type": "course"}), "object.definition.type: must be an absolute IRI"),
    (_set("object.definition", {"moreInfo": "ftp://x"}), "object.definition.moreInfo: must be an http"),
    (_set("object.definition", {"interactionType": "essay"}), "object.definition.interactionType: must be one of"),
    (_set("object.definition", {"choices": []}), "object.definition.choices: needs an interactionType"),
    (
        _set("object.definition", {"interactionType": "true-false", "choices": [{"id": "a"}]}),
        "object.definition.choices: is not part of a true-false interaction",
    ),
    (
        _set("object.definition", {"interactionType": "choice", "choices": [{"id": "a"}, {"id": "a"}]}),
        "object.definition.choices[1].id: 'a' is listed twice",
    ),
    (
        _set("object.definition", {"interactionType": "choice", "correctResponsesPattern": "a"}),
        "object.definition.correctResponsesPattern: must be an array",
    ),
    (_set("object.definition", {"extensions": {"colour": 1}}), "object.definition.extensions.colour: must be an"),
    # other objects
    (_set("object", {"objectType": "Thing", "id": "http://x.org"}), "object.objectType: must be Activity, Agent"),
    (_set("object", {"name": "x", **MBOX}), "object.objectType: is required: an agent or group as the object"),
    (_set("object", {"objectType": "StatementRef", "id": "x"}), "object.id: must be a UUID"),
    (_set("object", {**STATEMENT_REF, "verb": {"id": "urn:x"}}), "object.verb: is not a property here"),
    (_set("object", {**SUB, "id": str(uuid.uuid4())}), "object.id: is not a property here"),
    (_set("object", {**SUB, "stored": "2026-12-03T10:00:00Z"}), "object.stored: is not a property here"),
    (_set("object", {**SUB, "object": SUB}), "object.object.objectType: a SubStatement cannot hold another"),
    (_set("object", {**SUB, "actor": {"mbox": "x"}}), "object.actor.mbox: must start with mailto:"),
    # result
    (_set("result", {"score": {"scaled": 1.5}}), "result.score.scaled: must be from -1 to 1"),
    (_set("result", {"score": {"scaled": -1.01}}), "result.score.scaled: must be from -1 to 1"),
    (_set("result", {"score": {"raw": 11, "min": 0, "max": 10}}), "result.score.raw: must not be more than max"),
    (_set("result", {"score": {"raw": -1, "min": 0}}), "result.score.raw: must not be less than min"),
    (_set("result", {"score": {"min": 5, "max": 5}}), "result.score.max: must be greater than min"),
    (_set("result", {"score": {"raw": "7"}}), "result.score.raw: must be a number"),
    (_set("result", {"success": "yes"}), "result.success: must be true or false"),
    (_set("result", {"duration": "90 minutes"}), "result.duration: must be an ISO 8601 duration"),
    (_set("result", {"duration": "PT"}), "result.duration: must be an ISO 8601 duration"),
    (_set("result", {"grade": "A"}), "result.grade: is not a property here"),
    # context
    (_set("context", {"registration": "abc"}), "context.registration: must be a UUID"),
    (_set("context", {"instructor": {"mbox": "x"}}), "context.instructor.mbox: must start with mailto:"),
    (_set("context", {"team": MBOX}), "context.team.objectType: must be Group"),
    (_set("context", {"contextActivities": {"parent": "x"}}), "context.contextActivities.parent: must be an array"),
    (_set("context", {"contextActivities": {"sibling": []}}), "context.contextActivities.sibling: is not a"),
    (_set("context", {"language": "english!"}), "context.language: must be a language tag"),
    (_set("context", {"statement": {"id": str(uuid.uuid4())}}), "context.statement.objectType: must be StatementRef"),
    (
        _set("object", {**MBOX, "objectType": "Agent"}),
        None,  # an agent as object is fine on its own...
    ),
    # timestamps
    (_set("timestamp", "2026-12-03T10:00:00"), "timestamp: must be an ISO 8601 time with a time zone"),
    (_set("timestamp", "3 December 2026"), "timestamp: must be an ISO 8601 time"),
    (_set("timestamp", "2026-12-03T10:00:00-00:00"), "timestamp: must be an ISO 8601 time"),
    (_set("timestamp", "2026-13-03T10:00:00Z"), "timestamp: must be an ISO 8601 time"),
    # attachments
    (_set("attachments", [{**ATTACHMENT, "length": -1}]), "attachments[0].length: must be a whole number"),
    (_set("attachments", [{k: v for k, v in ATTACHMENT.items() if k != "fileUrl"}]), "attachments[0].fileUrl: is"),
    (_set("attachments", [{k: v for k, v in ATTACHMENT.items() if k != "display"}]), "attachments[0].display: is"),
    # voiding
    (_set("verb", {"id": "http://adlnet.gov/expapi/verbs/voided"}), "object.objectType: must be StatementRef"),
]
REFUSED_ROWS = [(change, message) for change, message in REFUSED if message is not None]


def _statement_changed(*changes: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    made = statement()
    for change in changes:
        change(made)
    return made


@pytest.mark.parametrize(("change", "message"), REFUSED_ROWS, ids=[message for _, message in REFUSED_ROWS])
def test_each_rule_refuses_with_the_property_path(change: Callable[[dict[str, Any]], None], message: str) -> None:
    with pytest.raises(Invalid) as refused:
        check_statement(_statement_changed(change))
    assert str(refused.value).startswith(message), str(refused.value)


def test_revision_and_platform_only_beside_an_activity() -> None:
    with_agent = _statement_changed(
        _set("object", {**MBOX, "objectType": "Agent"}), _set("context", {"platform": "clinlead"})
    )
    with pytest.raises(Invalid, match=r"^context.platform: is only allowed when the object is an Activity, not Agent"):
        check_statement(with_agent)
    with pytest.raises(Invalid, match=r"^context.revision: is only allowed when the object is an Activity"):
        check_statement(_statement_changed(_set("object", STATEMENT_REF), _set("context", {"revision": "2"})))
    check_statement(_statement_changed(_set("context", {"platform": "clinlead", "revision": "2"})))


ACCEPTED = [
    _set("actor", MBOX),
    _set("actor", {"mbox_sha1sum": "a" * 40}),
    _set("actor", {"openid": "https://id.example.org/amara"}),
    _set("actor", GROUP),
    _set("actor", {"objectType": "Group", "account": {"homePage": "https://a.org", "name": "team"}}),
    _set("object", {**MBOX, "objectType": "Agent"}),
    _set("object", GROUP),
    _set("object", STATEMENT_REF),
    _set("object", SUB),
    _set("result", {"score": {"scaled": -1, "raw": 0, "min": 0, "max": 10}, "success": True, "duration": "PT1H30M"}),
    _set("result", {"duration": "P1DT12H", "response": "", "extensions": {"http://x.org/e": None}}),
    _set("context", {"registration": str(uuid.uuid4()).upper(), "instructor": MBOX, "team": GROUP}),
    _set("context", {"contextActivities": {"parent": {"id": "https://x.org/p"}, "grouping": [{"id": "urn:x:y"}]}}),
    _set("context", {"contextAgents": [{"objectType": "contextAgent", "agent": MBOX}]}),
    _set("timestamp", "2026-12-03T10:00:00.123+01:00"),
    _set("timestamp", "2026-12-03T10:00Z"),
    _set("version", "1.0.3"),
    _set("version", "2.0.0"),
    _set("attachments", [ATTACHMENT]),
    _set("object.definition", {"interactionType": "likert", "scale": [{"id": "1", "description": {"en": "no"}}]}),
    _set("verb", {"id": "http://adlnet.gov/expapi/verbs/voided"}),  # with a StatementRef below
]


@pytest.mark.parametrize("change", ACCEPTED, ids=range(len(ACCEPTED)))
def test_statements_the_spec_allows_are_accepted(change: Callable[[dict[str, Any]], None]) -> None:
    made = _statement_changed(change)
    if made["verb"]["id"].endswith("/voided"):
        made["object"] = dict(STATEMENT_REF)
    check_statement(made)


def test_normalised_uuids_and_context_activity_arrays() -> None:
    registration = str(uuid.uuid4())
    made = _statement_changed(
        _set("context", {"registration": registration.upper(), "contextActivities": {"parent": {"id": "urn:x:p"}}})
    )
    checked = check_statement(made)
    assert checked.registration == registration
    assert made["context"]["contextActivities"]["parent"] == [{"id": "urn:x:p"}]


def test_agent_parameter_needs_an_identifier() -> None:
    assert check_agent_parameter(MBOX) == "mbox::mailto:amara@example.nhs.uk"
    with pytest.raises(Invalid, match=r"^agent: must have an identifier"):
        check_agent_parameter(GROUP)


@pytest.mark.parametrize(("change", "message"), REFUSED_ROWS, ids=[message for _, message in REFUSED_ROWS])
def test_each_refusal_is_a_400_naming_the_path_over_http(
    xapi: Xapi, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    response = xapi.post([statement(), _statement_changed(change)])
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"[1].{message}" if message[0] != "[" else f"[1]{message}")
    assert response["X-Experience-API-Version"] == "1.0.3"
