"""POST /csp-report logs each violation a browser reports, safely: size-limited, one line each, no CSRF token."""

import json
import logging

import pytest
from django.test import Client

LOGGER = "clinlead.csp_report"
REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://learn.example.nhs.uk/programmes/example/",
        "effective-directive": "style-src-attr",
        "violated-directive": "style-src-attr",
        "blocked-uri": "inline",
        "source-file": "https://learn.example.nhs.uk/assets/clinlead/player.js",
        "line-number": 12,
        "script-sample": "color: red",
        "disposition": "enforce",
        "original-policy": "default-src 'self'; " * 20,
    }
}


@pytest.fixture
def browser() -> Client:
    # Browsers post reports with no CSRF token: the view must take them all the same.
    return Client(enforce_csrf_checks=True)


def post(client: Client, body: object, content_type: str = "application/csp-report"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/csp-report", data=data, content_type=content_type)


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == LOGGER]


def test_a_report_uri_violation_is_logged_as_one_line(browser: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(browser, REPORT_URI_BODY)
    assert response.status_code == 204
    assert logged(caplog) == [
        "Content-Security-Policy violation: style-src-attr blocked inline on "
        "https://learn.example.nhs.uk/programmes/example/ (from https://learn.example.nhs.uk/assets/clinlead/"
        "player.js line 12; sample color: red; enforce)"
    ]


def test_reporting_api_batches_are_logged_report_by_report(browser: Client, caplog: pytest.LogCaptureFixture) -> None:
    batch = [
        {
            "type": "csp-violation",
            "url": "https://learn.example.nhs.uk/",
            "body": {
                "documentURL": f"https://learn.example.nhs.uk/{n}/",
                "effectiveDirective": "img-src",
                "blockedURL": "https://tracker.example.com/pixel.gif",
                "disposition": "enforce",
            },
        }
        for n in range(3)
    ] + [{"type": "deprecation", "body": {"id": "something-else"}}]
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(browser, batch, content_type="application/reports+json")
    assert response.status_code == 204
    lines = logged(caplog)
    assert len(lines) == 3
    assert all("img-src blocked https://tracker.example.com/pixel.gif" in line for line in lines)
    assert "https://learn.example.nhs.uk/2/" in lines[2]


def test_a_batch_logs_at_most_five_reports(browser: Client, caplog: pytest.LogCaptureFixture) -> None:
    batch = [{"type": "csp-violation", "body": {"effectiveDirective": "img-src"}} for _ in range(40)]
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert post(browser, batch, content_type="application/reports+json").status_code == 204
    assert len(logged(caplog)) == 5


def test_values_are_cut_short_and_cannot_forge_log_lines(browser: Client, caplog: pytest.LogCaptureFixture) -> None:
    body = {
        "csp-report": {
            "effective-directive": "script-src-elem",
            "blocked-uri": "x" * 2000,
            "document-uri": "https://a/\nCRITICAL forged line\r\x1b[31m",
        }
    }
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert post(browser, body).status_code == 204
    (line,) = logged(caplog)
    assert not any(control in line for control in "\n\r\x1b")
    assert "x" * 300 in line
    assert "x" * 301 not in line


def test_a_report_larger_than_8_kb_is_refused_unread(browser: Client, caplog: pytest.LogCaptureFixture) -> None:
    body = {"csp-report": {"effective-directive": "img-src", "blocked-uri": "y" * 9000}}
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        response = post(browser, body)
    assert response.status_code == 413
    assert response.content.decode() == "a report is at most 8192 bytes"
    assert logged(caplog) == []


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"report": {}}', b"\xff\xfe"])
def test_anything_but_a_report_is_refused_with_what_was_expected(browser: Client, body: str | bytes) -> None:
    response = post(browser, body)
    assert response.status_code == 400
    assert "expected a JSON Content-Security-Policy report" in response.content.decode()


def test_only_post_is_allowed(browser: Client) -> None:
    assert browser.get("/csp-report").status_code == 405
