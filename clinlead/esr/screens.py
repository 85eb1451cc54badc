"""What the ESR pages show, made from plain data: token rows and the reconciliation lists as CSV."""

import csv
import datetime
import io
from dataclasses import asdict, dataclass

from django.utils import timezone

from .exporting import COLUMNS, csv_text, neutralise
from .reconciliation import Reconciliation
from .tokens import TokenData

PERSON_COLUMNS = (
    ("Organisation ODS Code", "organisation_code"),
    ("Person Name", "person_name"),
    ("Email", "email"),
    ("ESR Staff Number", "esr_staff_number"),
)
DUPLICATE_COLUMNS = (
    ("ESR Staff Number", "esr_staff_number"),
    ("Person Name", "person_name"),
    ("Email", "email"),
    ("Organisation ODS Codes", "organisation_codes"),
)


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    made: str
    last_used: str
    revoked: str


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y %H:%M") if moment else ""


def token_rows(found: list[TokenData]) -> list[TokenRow]:
    return [
        TokenRow(t.id, t.name, _when(t.made_at), _when(t.last_used_at) or "Never", _when(t.revoked_at)) for t in found
    ]


def reconciliation_csv(report: Reconciliation, kind: str) -> str:
    """One of the report's lists as CSV (the unmatched completions in the export's own layout)."""
    if kind == "unmatched-completions":
        return csv_text(report.unmatched_completions)
    rows: tuple[object, ...]
    columns = PERSON_COLUMNS if kind == "no-esr-number" else DUPLICATE_COLUMNS
    rows = report.no_esr_number if kind == "no-esr-number" else report.duplicate_staff_numbers
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in columns])
    for row in rows:
        values = asdict(row)
        writer.writerow([neutralise(str(values[field])) for _, field in columns])
    return "\ufeff" + out.getvalue()


__all__ = ["COLUMNS", "reconciliation_csv", "token_rows"]
