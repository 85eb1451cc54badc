"""The parts of a statement (agents, groups, verbs, activities, language maps, extensions), checked as xAPI
1.0.3 / 2.0 require, with the first problem named by its property path; validation.py puts them together.

Plain functions over the parsed JSON rather than a schema library: the spec's rules (exactly one identifier per
agent, an anonymous group only with members, revision and platform only beside an Activity, a SubStatement that
nests no SubStatement, raw between min and max) are not schema rules, and the messages must name the path the way
a statement's author reads it (`context.instructor.mbox: must start with mailto:`). Each check raises `Invalid`;
nothing here touches the database.
"""

import datetime
import re
from typing import Any

from .iri import (
    LANGUAGE_TAG,
    SHA1,
    UUID,
    is_iri,
    is_irl,
    parse_timestamp,
)

JsonObject = dict[str, Any]

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
INTERACTION_TYPES = {
    "true-false": set(),
    "choice": {"choices"},
    "fill-in": set(),
    "long-fill-in": set(),
    "matching": {"source", "target"},
    "performance": {"steps"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "numeric": set(),
    "other": set(),
}
COMPONENT_LISTS = {"choices", "scale", "source", "target", "steps"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
STATEMENT_KEYS = {
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"
}  # fmt: skip
SUBSTATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
VERSION = re.compile(r"^(1\.0|2\.0)(\.\d+)?$")
# PostgreSQL cannot store U+0000 in jsonb, and a lone surrogate cannot be encoded as UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Invalid(ValueError):
    """A statement the spec does not allow; `str()` is `path: what is wrong`."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def json_object(value: object, path: str) -> JsonObject:
    if not isinstance(value, dict):
        raise Invalid(path, f"must be a JSON object, not {kind_of(value)}")
    return value


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "an array"}.get(
        type(value), "an object"
    )


def only(value: JsonObject, allowed: set[str], path: str) -> None:
    extra = sorted(set(value) - allowed)
    if extra:
        raise Invalid(join(path, extra[0]), f"is not a property here (allowed: {', '.join(sorted(allowed))})")


def required(value: JsonObject, key: str, path: str) -> Any:
    if key not in value:
        raise Invalid(join(path, key), "is required")
    return value[key]


def string(value: object, path: str, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise Invalid(path, f"must be a string, not {kind_of(value)}")
    if not empty and value == "":
        raise Invalid(path, "must not be empty")
    return value


def iri(value: object, path: str) -> str:
    text = string(value, path)
    if not is_iri(text):
        raise Invalid(path, f"must be an absolute IRI such as http://example.org/verbs/answered, not {text!r}")
    return text


def irl(value: object, path: str) -> str:
    text = string(value, path)
    if not is_irl(text):
        raise Invalid(path, f"must be an http or https address, not {text!r}")
    return text


def uuid_string(value: object, path: str) -> str:
    text = string(value, path)
    if not UUID.match(text):
        raise Invalid(path, f"must be a UUID such as 5f0c2a8e-0000-4000-8000-000000000001, not {text!r}")
    return text.lower()


def boolean(value: object, path: str) -> None:
    if not isinstance(value, bool):
        raise Invalid(path, f"must be true or false, not {kind_of(value)}")


def number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(path, f"must be a number, not {kind_of(value)}")
    return float(value)


def language_map(value: object, path: str) -> None:
    for tag, text in json_object(value, path).items():
        if not LANGUAGE_TAG.match(tag):
            raise Invalid(join(path, tag), "is not a language tag (RFC 5646) such as en-GB")
        string(text, join(path, tag), empty=True)


def extensions(value: object, path: str) -> None:
    for key in json_object(value, path):
        iri(key, join(path, key))


def timestamp(value: object, path: str) -> datetime.datetime:
    text = string(value, path)
    parsed = parse_timestamp(text)
    if parsed is None:
        raise Invalid(path, f"must be an ISO 8601 time with a time zone such as 2026-12-03T10:15:00Z, not {text!r}")
    return parsed


def refuse_unstorable(value: object, path: str, in_extensions: bool = False) -> None:
    """Nulls and empty objects are refused outside extensions (2.0, 2.2.s2.b3); characters that cannot be
    stored are refused everywhere."""
    if isinstance(value, str):
        found = UNSTORABLE.search(value)
        if found:
            raise Invalid(path, f"contains U+{ord(found.group()):04X}, which cannot be stored")
    elif isinstance(value, dict):
        if not value and not in_extensions:
            raise Invalid(path, "must not be an empty object")
        for key, item in value.items():
            refuse_unstorable(key, path, in_extensions)
            if item is None and not in_extensions:
                raise Invalid(join(path, key), "must not be null (leave the property out instead)")
            refuse_unstorable(item, join(path, key), in_extensions or key == "extensions")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if item is None and not in_extensions:
                raise Invalid(join(path, index), "must not be null")
            refuse_unstorable(item, join(path, index), in_extensions)


# --- Agents and groups ------------------------------------------------------------------------


def _ifi(value: JsonObject, path: str, needed: bool) -> str | None:
    """The agent's or group's inverse functional identifier as a key string, checked; None for an anonymous
    group (when `needed` is false)."""
    present = [name for name in IFIS if name in value]
    if len(present) > 1:
        raise Invalid(path, f"must have exactly one identifier, not {' and '.join(present)}")
    if not present:
        if needed:
            raise Invalid(path, "must have one identifier: mbox, mbox_sha1sum, openid or account")
        return None
    name = present[0]
    where = join(path, name)
    if name == "mbox":
        text = string(value[name], where)
        if not text.startswith("mailto:"):
            raise Invalid(where, "must start with mailto:")
        if "@" not in text[7:]:
            raise Invalid(where, f"must be mailto: and an email address, not {text!r}")
    elif name == "mbox_sha1sum":
        text = string(value[name], where)
        if not SHA1.match(text):
            raise Invalid(where, "must be the 40 hexadecimal digits of a SHA-1 hash")
        text = text.lower()
    elif name == "openid":
        text = iri(value[name], where)
    else:
        account = json_object(value[name], where)
        only(account, {"homePage", "name"}, where)
        home = irl(required(account, "homePage", where), join(where, "homePage"))
        text = home + "::" + string(required(account, "name", where), join(where, "name"))
    return f"{name}::{text}"


def agent(value: object, path: str, object_type_required: bool = False) -> str:
    """Checks an Agent and returns its identifier key."""
    found = json_object(value, path)
    kind = found.get("objectType")
    if object_type_required and kind is None:
        raise Invalid(join(path, "objectType"), "is required here: Agent")
    if kind is not None and kind != "Agent":
        raise Invalid(join(path, "objectType"), f"must be Agent, not {kind!r}")
    only(found, {"objectType", "name", *IFIS}, path)
    if "name" in found:
        string(found["name"], join(path, "name"), empty=True)
    return _ifi(found, path, needed=True) or ""  # never empty: needed=True raises instead


def group(value: object, path: str) -> str | None:
    """Checks a Group; its identifier key, or None when it is anonymous."""
    found = json_object(value, path)
    only(found, {"objectType", "name", "member", *IFIS}, path)
    if found.get("objectType") != "Group":
        raise Invalid(join(path, "objectType"), "must be Group")
    if "name" in found:
        string(found["name"], join(path, "name"), empty=True)
    key = _ifi(found, path, needed=False)
    members = found.get("member")
    if key is None and members is None:
        raise Invalid(join(path, "member"), "is required in a group without an identifier (an anonymous group)")
    if members is not None:
        if not isinstance(members, list):
            raise Invalid(join(path, "member"), f"must be an array of agents, not {kind_of(members)}")
        if key is None and not members:
            raise Invalid(join(path, "member"), "must list at least one agent in an anonymous group")
        for index, member in enumerate(members):
            agent(member, join(join(path, "member"), index))
    return key


def actor(value: object, path: str) -> str | None:
    """An Agent or a Group (by its objectType), and its identifier key (None for an anonymous group)."""
    if isinstance(value, dict) and value.get("objectType") == "Group":
        return group(value, path)
    return agent(value, path)


# --- Verb, activity, objects ------------------------------------------------------------------


def verb(value: object, path: str) -> str:
    found = json_object(value, path)
    only(found, {"id", "display"}, path)
    verb_id = iri(required(found, "id", path), join(path, "id"))
    if "display" in found:
        language_map(found["display"], join(path, "display"))
    return verb_id


def _components(value: object, path: str) -> None:
    if not isinstance(value, list):
        raise Invalid(path, f"must be an array of interaction components, not {kind_of(value)}")
    seen: set[str] = set()
    for index, item in enumerate(value):
        where = join(path, index)
        component = json_object(item, where)
        only(component, {"id", "description"}, where)
        component_id = string(required(component, "id", where), join(where, "id"))
        if component_id in seen:
            raise Invalid(join(where, "id"), f"{component_id!r} is listed twice")
        seen.add(component_id)
        if "description" in component:
            language_map(component["description"], join(where, "description"))


def _definition(value: object, path: str) -> None:
    found = json_object(value, path)
    allowed = {"name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern"}
    only(found, allowed | COMPONENT_LISTS, path)
    for key in ("name", "description"):
        if key in found:
            language_map(found[key], join(path, key))
    if "type" in found:
        iri(found["type"], join(path, "type"))
    if "moreInfo" in found:
        irl(found["moreInfo"], join(path, "moreInfo"))
    if "extensions" in found:
        extensions(found["extensions"], join(path, "extensions"))
    interaction = found.get("interactionType")
    lists = COMPONENT_LISTS & set(found)
    if interaction is None:
        if "correctResponsesPattern" in found or lists:
            what = "correctResponsesPattern" if "correctResponsesPattern" in found else sorted(lists)[0]
            raise Invalid(join(path, what), "needs an interactionType beside it")
        return
    if interaction not in INTERACTION_TYPES:
        raise Invalid(join(path, "interactionType"), f"must be one of {', '.join(INTERACTION_TYPES)}")
    wrong = sorted(lists - INTERACTION_TYPES[interaction])
    if wrong:
        raise Invalid(join(path, wrong[0]), f"is not part of a {interaction} interaction")
    for key in lists:
        _components(found[key], join(path, key))
    if "correctResponsesPattern" in found:
        pattern = found["correctResponsesPattern"]
        where = join(path, "correctResponsesPattern")
        if not isinstance(pattern, list):
            raise Invalid(where, f"must be an array of strings, not {kind_of(pattern)}")
        for index, item in enumerate(pattern):
            string(item, join(where, index), empty=True)


def activity(value: object, path: str) -> str:
    found = json_object(value, path)
    only(found, {"objectType", "id", "definition"}, path)
    if found.get("objectType", "Activity") != "Activity":
        raise Invalid(join(path, "objectType"), "must be Activity")
    activity_id = iri(required(found, "id", path), join(path, "id"))
    if "definition" in found:
        _definition(found["definition"], join(path, "definition"))
    return activity_id


def statement_ref(value: object, path: str) -> str:
    found = json_object(value, path)
    only(found, {"objectType", "id"}, path)
    if found.get("objectType") != "StatementRef":
        raise Invalid(join(path, "objectType"), "must be StatementRef")
    found["id"] = uuid_string(required(found, "id", path), join(path, "id"))
    return str(found["id"])
