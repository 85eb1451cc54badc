"""A learner's transcript of completed learning, as PDF and CSV, for appraisal and revalidation."""

import csv
import io

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.certificates.api import TranscriptRow, render_transcript

from .records import ActivityRow, activity_rows


def _completed(rows: list[ActivityRow]) -> list[ActivityRow]:
    """Completed sessions, with the time and score their certificates state."""
    return [row for row in rows if row.status == "completed" and row.certified_minutes is not None]


def transcript_csv(rows: list[ActivityRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Programme", "Session", "Completed on", "Time spent (minutes)", "Score (%)", "Certificate"])
    for row in _completed(rows):
        writer.writerow(
            [
                row.programme_title,
                row.session_title,
                row.completed_on.isoformat() if row.completed_on else "",
                row.certified_minutes,
                "" if row.certified_score_percent is None else row.certified_score_percent,
                row.certificate_number,
            ]
        )
    return out.getvalue()


def transcript_pdf(learner_name: str, rows: list[ActivityRow]) -> bytes:
    transcript_rows = [
        TranscriptRow(
            session_title=row.session_title,
            programme_title=row.programme_title,
            completed_on=row.completed_on or timezone.localdate(),
            minutes_spent=row.certified_minutes or 0,
            score_percent=row.certified_score_percent,
            certificate_number=row.certificate_number,
        )
        for row in _completed(rows)
    ]
    return render_transcript(learner_name, transcript_rows, timezone.localdate())


def transcript_of(user_id: int, file_format: str) -> tuple[bytes | str, str]:
    """The learner's transcript as "csv" or "pdf", with its content type."""
    rows = activity_rows(user_id)
    if file_format == "csv":
        return transcript_csv(rows), "text/csv; charset=utf-8"
    return transcript_pdf(accounts.learner(user_id).name_on_certificates, rows), "application/pdf"
