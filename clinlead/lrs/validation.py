"""Whether a statement is one xAPI 1.0.3 / 2.0 allows, and the parts the store indexes it by.

`check_statement` raises `Invalid` naming the property path of the first problem (`actor.mbox: must start with
mailto:`); the parts themselves are checked in parts.py. It normalises as it goes (UUIDs in lower case,
`contextActivities` values as arrays) so that a statement is stored and compared in one form.
"""

import uuid as uuid_module
from dataclasses import dataclass
from typing import Any

from .iri import DURATION, LANGUAGE_TAG
from .parts import (
    IFIS,
    STATEMENT_KEYS,
    SUBSTATEMENT_KEYS,
    VERSION,
    VOIDED,
    Invalid,
    JsonObject,
    activity,
    actor,
    agent,
    boolean,
    extensions,
    group,
    iri,
    irl,
    join,
    json_object,
    kind_of,
    language_map,
    number,
    only,
    refuse_unstorable,
    required,
    statement_ref,
    string,
    timestamp,
    uuid_string,
    verb,
)

__all__ = ["VOIDED", "Checked", "Invalid", "check_agent_parameter", "check_statement"]

CONTEXT_ACTIVITY_KINDS = {"parent", "grouping", "category", "other"}


@dataclass(frozen=True)
class Checked:
    """A valid statement (normalised in place) and what the store indexes it by."""

    data: JsonObject
    id: str | None
    verb_id: str
    activity_id: str
    actor_ifi: str
    object_ifi: str
    registration: str | None
    voids: str | None


@dataclass(frozen=True)
class _Object:
    kind: str
    activity_id: str = ""
    agent_ifi: str = ""
    ref: str | None = None


def _statement_object(value: object, path: str, inside_substatement: bool) -> _Object:
    found = json_object(value, path)
    kind = found.get("objectType", "Activity")
    if "objectType" not in found and any(name in found for name in IFIS):
        raise Invalid(join(path, "objectType"), "is required: an agent or group as the object says Agent or Group")
    if kind == "Activity":
        return _Object(kind, activity_id=activity(found, path))
    if kind == "Agent":
        return _Object(kind, agent_ifi=agent(found, path, object_type_required=True))
    if kind == "Group":
        return _Object(kind, agent_ifi=group(found, path) or "")
    if kind == "StatementRef":
        return _Object(kind, ref=statement_ref(found, path))
    if kind == "SubStatement":
        if inside_substatement:
            raise Invalid(join(path, "objectType"), "a SubStatement cannot hold another SubStatement")
        _substatement(found, path)
        return _Object(kind)
    raise Invalid(
        join(path, "objectType"), "must be Activity, Agent, Group, StatementRef or SubStatement, not " + repr(kind)
    )


def _score(value: object, path: str) -> None:
    found = json_object(value, path)
    only(found, {"scaled", "raw", "min", "max"}, path)
    numbers = {key: number(found[key], join(path, key)) for key in ("scaled", "raw", "min", "max") if key in found}
    if "scaled" in numbers and not -1 <= numbers["scaled"] <= 1:
        raise Invalid(join(path, "scaled"), "must be from -1 to 1")
    low, high, raw = numbers.get("min"), numbers.get("max"), numbers.get("raw")
    if low is not None and high is not None and low >= high:
        raise Invalid(join(path, "max"), "must be greater than min")
    if raw is not None and low is not None and raw < low:
        raise Invalid(join(path, "raw"), "must not be less than min")
    if raw is not None and high is not None and raw > high:
        raise Invalid(join(path, "raw"), "must not be more than max")


def _result(value: object, path: str) -> None:
    found = json_object(value, path)
    only(found, {"score", "success", "completion", "response", "duration", "extensions"}, path)
    if "score" in found:
        _score(found["score"], join(path, "score"))
    for key in ("success", "completion"):
        if key in found:
            boolean(found[key], join(path, key))
    if "response" in found:
        string(found["response"], join(path, "response"), empty=True)
    if "duration" in found:
        text = string(found["duration"], join(path, "duration"))
        if not DURATION.match(text):
            raise Invalid(join(path, "duration"), f"must be an ISO 8601 duration such as PT1H30M, not {text!r}")
    if "extensions" in found:
        extensions(found["extensions"], join(path, "extensions"))


def _context_activities(value: object, path: str) -> None:
    found = json_object(value, path)
    only(found, CONTEXT_ACTIVITY_KINDS, path)
    for kind, listed in list(found.items()):
        where = join(path, kind)
        if isinstance(listed, dict):  # 1.0.0 allowed one activity alone; the spec returns the array form
            listed = found[kind] = [listed]
        if not isinstance(listed, list):
            raise Invalid(where, f"must be an array of activities, not {kind_of(listed)}")
        for index, item in enumerate(listed):
            activity(item, join(where, index))


def _context_agents(value: object, path: str, kind: str) -> None:
    """2.0's contextAgents and contextGroups: arrays of {objectType, agent or group, relevantTypes}."""
    if not isinstance(value, list):
        raise Invalid(path, f"must be an array, not {kind_of(value)}")
    member = "agent" if kind == "contextAgent" else "group"
    for index, item in enumerate(value):
        where = join(path, index)
        found = json_object(item, where)
        only(found, {"objectType", member, "relevantTypes"}, where)
        if found.get("objectType") != kind:
            raise Invalid(join(where, "objectType"), f"must be {kind}")
        who = required(found, member, where)
        agent(who, join(where, member)) if member == "agent" else group(who, join(where, member))
        if "relevantTypes" in found:
            types = found["relevantTypes"]
            if not isinstance(types, list) or not types:
                raise Invalid(join(where, "relevantTypes"), "must be an array of one or more IRIs")
            for position, item in enumerate(types):
                iri(item, join(join(where, "relevantTypes"), position))


def _context(value: object, path: str, object_kind: str) -> str | None:
    """Checks a context; its registration, if any."""
    found = json_object(value, path)
    allowed = {"registration", "instructor", "team", "contextActivities", "revision", "platform", "language"}
    only(found, allowed | {"statement", "extensions", "contextAgents", "contextGroups"}, path)
    registration = None
    if "registration" in found:
        registration = found["registration"] = uuid_string(found["registration"], join(path, "registration"))
    if "instructor" in found:
        actor(found["instructor"], join(path, "instructor"))
    if "team" in found:
        group(found["team"], join(path, "team"))
    if "contextActivities" in found:
        _context_activities(found["contextActivities"], join(path, "contextActivities"))
    for key in ("revision", "platform"):
        if key in found:
            if object_kind != "Activity":
                raise Invalid(join(path, key), f"is only allowed when the object is an Activity, not {object_kind}")
            string(found[key], join(path, key), empty=True)
    if "language" in found:
        tag = string(found["language"], join(path, "language"))
        if not LANGUAGE_TAG.match(tag):
            raise Invalid(join(path, "language"), "must be a language tag (RFC 5646) such as en-GB")
    if "statement" in found:
        statement_ref(found["statement"], join(path, "statement"))
    if "extensions" in found:
        extensions(found["extensions"], join(path, "extensions"))
    if "contextAgents" in found:
        _context_agents(found["contextAgents"], join(path, "contextAgents"), "contextAgent")
    if "contextGroups" in found:
        _context_agents(found["contextGroups"], join(path, "contextGroups"), "contextGroup")
    return registration


def _attachments(value: object, path: str) -> None:
    if not isinstance(value, list):
        raise Invalid(path, f"must be an array of attachments, not {kind_of(value)}")
    for index, item in enumerate(value):
        where = join(path, index)
        found = json_object(item, where)
        only(found, {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}, where)
        iri(required(found, "usageType", where), join(where, "usageType"))
        language_map(required(found, "display", where), join(where, "display"))
        if "description" in found:
            language_map(found["description"], join(where, "description"))
        string(required(found, "contentType", where), join(where, "contentType"))
        length = required(found, "length", where)
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise Invalid(join(where, "length"), "must be a whole number of bytes")
        string(required(found, "sha2", where), join(where, "sha2"))
        if "fileUrl" in found:
            irl(found["fileUrl"], join(where, "fileUrl"))
        else:
            # The attachment itself would come in a multipart/mixed request, which this store does not take yet.
            raise Invalid(join(where, "fileUrl"), "is required: attachments sent with the statement are not accepted")


def _substatement(found: JsonObject, path: str) -> None:
    only(found, SUBSTATEMENT_KEYS, path)
    actor(required(found, "actor", path), join(path, "actor"))
    verb(required(found, "verb", path), join(path, "verb"))
    inner = _statement_object(required(found, "object", path), join(path, "object"), inside_substatement=True)
    _common(found, path, inner.kind)


def _common(found: JsonObject, path: str, object_kind: str) -> str | None:
    """What statements and substatements share: result, context, timestamp, attachments. The registration."""
    if "result" in found:
        _result(found["result"], join(path, "result"))
    registration = None
    if "context" in found:
        registration = _context(found["context"], join(path, "context"), object_kind)
    if "timestamp" in found:
        timestamp(found["timestamp"], join(path, "timestamp"))
    if "attachments" in found:
        _attachments(found["attachments"], join(path, "attachments"))
    return registration


def check_statement(value: Any, path: str = "") -> Checked:
    """Checks one statement (normalising it in place) and returns it with what the store indexes.

    `path` prefixes messages, `[3]` for the fourth statement of a batch. Raises Invalid."""
    found = json_object(value, path or "statement")
    refuse_unstorable(found, path)
    only(found, STATEMENT_KEYS, path)
    statement_id = None
    if "id" in found:
        statement_id = found["id"] = uuid_string(found["id"], join(path, "id"))
    actor_ifi = actor(required(found, "actor", path), join(path, "actor"))
    verb_id = verb(required(found, "verb", path), join(path, "verb"))
    target = _statement_object(required(found, "object", path), join(path, "object"), inside_substatement=False)
    registration = _common(found, path, target.kind)
    if "authority" in found:  # replaced by the client's own when stored, but must still be well formed
        actor(found["authority"], join(path, "authority"))
    if "stored" in found:
        timestamp(found["stored"], join(path, "stored"))
    if "version" in found:
        version = string(found["version"], join(path, "version"))
        if not VERSION.match(version):
            raise Invalid(join(path, "version"), f"must be 1.0.x or 2.0.x, not {version!r}")
    voids = None
    if verb_id == VOIDED:
        if target.kind != "StatementRef":
            raise Invalid(join(path, "object.objectType"), "must be StatementRef in a voiding statement")
        voids = target.ref
    return Checked(
        data=found,
        id=statement_id,
        verb_id=verb_id,
        activity_id=target.activity_id,
        actor_ifi=actor_ifi or _anonymous_key(found["actor"]),
        object_ifi=target.agent_ifi,
        registration=registration,
        voids=voids,
    )


def _anonymous_key(group_value: JsonObject) -> str:
    # An anonymous group has no identifier to filter by; the key only has to be stable and unlike any agent's.
    return "anonymous::" + str(uuid_module.uuid4())


def check_agent_parameter(value: Any) -> str:
    """The `agent` query parameter: an Agent or identified Group as JSON; its identifier key."""
    key = actor(value, "agent")
    if key is None:
        raise Invalid("agent", "must have an identifier: an anonymous group cannot be searched for")
    return key
