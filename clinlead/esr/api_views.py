"""The ESR API for a trust's integration engine: pages of completions since a cursor, read with the
organisation's own token, at most `tokens.REQUESTS_PER_MINUTE` requests a minute per token. Described by
openapi.json beside this file (served at /api/esr/v1/openapi.json)."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from . import exporting, tokens
from .ledger import ExportBusy

SCHEMA = Path(__file__).with_name("openapi.json")


def _error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _limit(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return exporting.DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= exporting.MAX_LIMIT:
        return None
    return int(raw)


@require_GET
def completions(request: HttpRequest) -> JsonResponse:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    holder = tokens.organisation_of(token.strip()) if scheme.lower() == "bearer" else None
    if holder is None:
        return _error(401, "Send a valid token: Authorization: Bearer <token>", WWW_Authenticate='Bearer realm="esr"')
    token_id, organisation_id = holder
    wait = tokens.seconds_until_allowed(token_id)
    if wait:
        return _error(429, f"More than {tokens.REQUESTS_PER_MINUTE} requests this minute", Retry_After=str(wait))
    limit = _limit(request.GET.get("limit"))
    if limit is None:
        return _error(400, f"'limit' must be a whole number from 1 to {exporting.MAX_LIMIT}")
    try:
        page = exporting.export_page(organisation_id, request.GET.get("cursor", "").strip(), limit)
    except exporting.BadCursor:
        return _error(400, "'cursor' is not a cursor this API handed out: send one from 'next_cursor', or none")
    except ExportBusy as busy:
        return _error(503, f"the export could not start: {busy}", Retry_After="60")
    body = {
        "completions": [row.as_dict() for row in page.rows],
        "next_cursor": page.next_cursor,
        "has_more": page.more,
        "limit": limit,
    }
    return JsonResponse(body)


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(SCHEMA.read_text(encoding="utf-8"), content_type="application/json")


__all__ = ["completions", "openapi"]
