"""POST /csp-report: browsers report Content-Security-Policy violations here, and each is logged.

Nothing is stored and nothing changes, so the view needs no CSRF token (browsers send none with a
report). Anyone can post, so a report is size-limited, at most a few are read from one request, and
every logged value is cut short and stripped of control characters (docs/decisions/0013).
"""

import json
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)

MAX_BYTES = 8 * 1024  # a browser's report is well under 2 KB
MAX_REPORTS = 5  # the Reporting API may batch several reports in one request
MAX_VALUE = 300

# (report-uri's name, the Reporting API's name) for each value logged.
FIELDS = {
    "directive": ("effective-directive", "effectiveDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "page": ("document-uri", "documentURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "sample": ("script-sample", "sample"),
    "disposition": ("disposition", "disposition"),
}


def _clean(value: Any) -> str:
    text = "" if value is None else str(value)
    return "".join(c if c.isprintable() else " " for c in text)[:MAX_VALUE]


def _violations(report: Any) -> list[dict[str, Any]] | None:
    """The violations in a report-uri body ({"csp-report": {...}}) or a Reporting API one ([{body}, ...])."""
    if isinstance(report, dict) and isinstance(report.get("csp-report"), dict):
        return [report["csp-report"]]
    if isinstance(report, list) and all(isinstance(item, dict) for item in report):
        return [
            item["body"]
            for item in report[:MAX_REPORTS]
            if item.get("type") == "csp-violation" and isinstance(item.get("body"), dict)
        ]
    return None


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BYTES:
        return HttpResponse(f"a report is at most {MAX_BYTES} bytes", status=413, content_type="text/plain")
    try:
        violations = _violations(json.loads(request.body))
    except (ValueError, UnicodeDecodeError):
        violations = None
    if violations is None:
        return HttpResponseBadRequest(
            'expected a JSON Content-Security-Policy report: {"csp-report": {...}} or a list of reports',
            content_type="text/plain",
        )
    for violation in violations:
        values = {
            name: _clean(violation.get(uri_name, violation.get(api_name)))
            for name, (uri_name, api_name) in FIELDS.items()
        }
        logger.warning(
            "Content-Security-Policy violation: %(directive)s blocked %(blocked)s on %(page)s "
            "(from %(source)s line %(line)s; sample %(sample)s; %(disposition)s)",
            values,
        )
    return HttpResponse(status=204)
