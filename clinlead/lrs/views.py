"""The xAPI resources over HTTP: /xapi/about and /xapi/statements (POST, PUT, GET).

Machine clients authenticate with HTTP Basic on every request, so there is no session or cookie to forge and
CSRF protection does not apply. Every refusal is JSON `{"error": …}` with the status the spec gives.
"""

import datetime
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from . import reading
from .clients import ClientData, client_of
from .iri import UUID, is_iri, parse_timestamp
from .parts import Invalid
from .store import Conflict, store
from .validation import check_agent_parameter, check_statement

VERSIONS = ("1.0.3", "2.0.0")
# Statements are stored with `stored` taken just before their short transaction commits, so one stored a
# moment earlier may still be committing; readers are promised only what is older than this margin.
CONSISTENCY_MARGIN = datetime.timedelta(seconds=1)
QUERY_PARAMETERS = {
    "statementId", "voidedStatementId", "agent", "verb", "activity", "registration", "related_activities",
    "related_agents", "since", "until", "limit", "format", "attachments", "ascending", "cursor",
}  # fmt: skip
SINGLE_PARAMETERS = {"statementId", "voidedStatementId", "format", "attachments"}


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _answer(response: HttpResponse, version: str) -> HttpResponse:
    response["X-Experience-API-Version"] = version
    return response


def _error(status: int, message: str, version: str) -> HttpResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xapi"'
    return _answer(response, version)


def _version(request: HttpRequest) -> str:
    sent = request.headers.get("X-Experience-API-Version")
    if sent is None:
        raise Refused(400, "send the X-Experience-API-Version header: 1.0.3 or 2.0.0")
    if sent.startswith("2.0") and sent in ("2.0", "2.0.0"):
        return "2.0.0"
    if sent in ("1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3"):
        return "1.0.3"
    raise Refused(400, f"X-Experience-API-Version {sent!r} is not one this store speaks: 1.0.3 or 2.0.0")


def _json(request: HttpRequest) -> Any:
    content_type = request.content_type or ""
    if content_type != "application/json":
        raise Refused(400, f"send statements as application/json, not {content_type or 'no content type'}")

    def no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                raise Refused(400, f"the body gives the property {key!r} twice")
            found[key] = value
        return found

    try:
        return json.loads(request.body.decode("utf-8"), object_pairs_hook=no_repeats)
    except RequestDataTooBig as error:
        raise Refused(413, "the body is too large: send statements in smaller batches") from error
    except UnicodeDecodeError as error:
        raise Refused(400, f"the body is not UTF-8 (byte {error.start + 1})") from error
    except json.JSONDecodeError as error:
        raise Refused(400, f"the body is not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from error


def _consistent_through() -> str:
    return (timezone.now() - CONSISTENCY_MARGIN).isoformat().replace("+00:00", "Z")


def _xapi(handler: Callable[[HttpRequest, ClientData, str], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Version header, credentials and scope, for every resource but /about."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        reply_version = "2.0.0" if request.headers.get("X-Experience-API-Version", "").startswith("2") else "1.0.3"
        try:
            client = client_of(request.headers.get("Authorization", ""))
            if client is None:
                raise Refused(401, "send this client's key and secret: Authorization: Basic base64(key:secret)")
            version = _version(request)
            response = handler(request, client, version)
        except Refused as refusal:
            return _error(refusal.status, str(refusal), reply_version)
        return _answer(response, version)

    return view


def about(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return _error(405, "/about answers GET only", VERSIONS[-1])
    return _answer(JsonResponse({"version": list(VERSIONS)}), VERSIONS[-1])


def _statements(request: HttpRequest, client: ClientData, version: str) -> HttpResponse:
    if request.method in ("POST", "PUT"):
        if not client.may_write:
            raise Refused(403, "this client's scope does not allow storing statements (it needs statements/write)")
        return _post(request, client, version) if request.method == "POST" else _put(request, client, version)
    if request.method in ("GET", "HEAD"):
        if not client.may_read:
            raise Refused(403, "this client's scope does not allow reading statements (statements/read)")
        response = _get(request, client)
        response["X-Experience-API-Consistent-Through"] = _consistent_through()
        return response
    raise Refused(405, f"/statements answers GET, POST and PUT, not {request.method}")


statements = _xapi(_statements)


def _store(batch: list[Any], client: ClientData, version: str, prefixed: bool) -> list[str]:
    try:
        checked = [check_statement(item, f"[{index}]" if prefixed else "") for index, item in enumerate(batch)]
        return store(checked, client, version).ids
    except Invalid as invalid:
        raise Refused(400, str(invalid)) from invalid
    except Conflict as conflict:
        raise Refused(409, str(conflict)) from conflict


def _post(request: HttpRequest, client: ClientData, version: str) -> HttpResponse:
    if request.GET:
        raise Refused(400, f"POST takes no query parameters; {next(iter(request.GET))!r} was sent")
    body = _json(request)
    batch = body if isinstance(body, list) else [body]
    ids = _store(batch, client, version, prefixed=isinstance(body, list)) if batch else []
    return JsonResponse(ids, safe=False)


def _put(request: HttpRequest, client: ClientData, version: str) -> HttpResponse:
    statement_id = request.GET.get("statementId")
    extra = sorted(set(request.GET) - {"statementId"})
    if extra:
        raise Refused(400, f"PUT takes only statementId, not {extra[0]!r}")
    if not statement_id:
        raise Refused(400, "PUT needs the statementId parameter (POST stores a statement without one)")
    if not UUID.match(statement_id):
        raise Refused(400, f"statementId must be a UUID, not {statement_id!r}")
    body = _json(request)
    if not isinstance(body, dict):
        raise Refused(400, "PUT stores one statement: send a JSON object")
    if "id" in body and str(body["id"]).lower() != statement_id.lower():
        raise Refused(400, f"id: {body['id']!r} differs from statementId {statement_id!r}")
    body["id"] = statement_id
    _store([body], client, version, prefixed=False)
    return HttpResponse(status=204)


def _flag(request: HttpRequest, name: str) -> bool:
    raw = request.GET.get(name, "false")
    if raw not in ("true", "false"):
        raise Refused(400, f"{name} must be true or false, not {raw!r}")
    return raw == "true"


def _languages(request: HttpRequest) -> list[str]:
    tags = []
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag and tag != "*":
            tags.append(tag)
    return tags


def _get(request: HttpRequest, client: ClientData) -> HttpResponse:
    unknown = sorted(set(request.GET) - QUERY_PARAMETERS)
    if unknown:
        raise Refused(400, f"{unknown[0]!r} is not a parameter of the Statements resource")
    form = request.GET.get("format", "exact")
    if form not in ("ids", "exact", "canonical"):
        raise Refused(400, f"format must be ids, exact or canonical, not {form!r}")
    if _flag(request, "attachments"):
        raise Refused(400, "attachments=true is not supported yet: this store keeps no attachment content")
    for name in ("related_activities", "related_agents"):
        if _flag(request, name):
            raise Refused(400, f"{name}=true is not supported yet")
    single = [name for name in ("statementId", "voidedStatementId") if name in request.GET]
    if single:
        return _get_one(request, client, single, form)
    return _get_page(request, client, form)


def _get_one(request: HttpRequest, client: ClientData, single: list[str], form: str) -> HttpResponse:
    if len(single) > 1:
        raise Refused(400, "send statementId or voidedStatementId, not both")
    extra = sorted(set(request.GET) - SINGLE_PARAMETERS)
    if extra:
        raise Refused(400, f"{single[0]} cannot be combined with {extra[0]!r}")
    wanted = request.GET[single[0]]
    if not UUID.match(wanted):
        raise Refused(400, f"{single[0]} must be a UUID, not {wanted!r}")
    found = reading.one(client, wanted.lower(), voided=single[0] == "voidedStatementId")
    if found is None:
        raise Refused(404, f"no statement {wanted}" + (" has been voided" if single[0] != "statementId" else ""))
    statement, stored = found
    response = JsonResponse(reading.formatted(statement, form, _languages(request)))
    response["Last-Modified"] = http_date(stored.timestamp())
    return response


def _filters(request: HttpRequest) -> reading.Filters:
    values: dict[str, Any] = {}
    if "agent" in request.GET:
        try:
            values["agent_ifi"] = check_agent_parameter(json.loads(request.GET["agent"]))
        except json.JSONDecodeError as error:
            raise Refused(400, f"agent must be an Agent or Group as JSON: {error.msg}") from error
        except Invalid as invalid:
            raise Refused(400, str(invalid)) from invalid
    for name, key in (("verb", "verb_id"), ("activity", "activity_id")):
        if name in request.GET:
            if not is_iri(request.GET[name]):
                raise Refused(400, f"{name} must be an IRI, not {request.GET[name]!r}")
            values[key] = request.GET[name]
    if "registration" in request.GET:
        if not UUID.match(request.GET["registration"]):
            raise Refused(400, f"registration must be a UUID, not {request.GET['registration']!r}")
        values["registration"] = request.GET["registration"].lower()
    for name in ("since", "until"):
        if name in request.GET:
            values[name] = parse_timestamp(request.GET[name])
            if values[name] is None:
                raise Refused(400, f"{name} must be an ISO 8601 time with a time zone, not {request.GET[name]!r}")
    raw_limit = request.GET.get("limit", "0")
    if not raw_limit.isdigit():
        raise Refused(400, f"limit must be a whole number (0 for the most this store gives), not {raw_limit!r}")
    values["limit"] = min(int(raw_limit), reading.MAX_LIMIT) or reading.MAX_LIMIT
    values["ascending"] = _flag(request, "ascending")
    values["cursor"] = request.GET.get("cursor") or None
    return reading.Filters(**values)


def _get_page(request: HttpRequest, client: ClientData, form: str) -> HttpResponse:
    try:
        found = reading.page(client, _filters(request))
    except reading.BadCursor as error:
        raise Refused(400, "cursor is not one this store handed out: follow the 'more' address as given") from error
    more = ""
    if found.next_cursor:
        kept = [(name, value) for name, value in request.GET.items() if name != "cursor"]
        more = request.path + "?" + urlencode([*kept, ("cursor", found.next_cursor)])
    languages = _languages(request)
    body = {"statements": [reading.formatted(s, form, languages) for s in found.statements], "more": more}
    response = JsonResponse(body)
    if found.last_stored:
        response["Last-Modified"] = http_date(found.last_stored.timestamp())
    return response
