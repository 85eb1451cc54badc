"""The upload's view of a staff list: read and check the stored bytes (staff_file.py) and keep what a page shows.

staff_file.preview_staff_file does the work; this turns its answer into what StaffUpload keeps as JSON (a
summary and [row, column, message, severity] problems) and says in words when a file is refused.
"""

import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass

from .columns import OPTIONAL, REQUIRED
from .data import Preview, Severity, StaffFileRefused, StaffRow
from .staff_file import preview_staff_file

# 100,000 people in CSV take about 15 MB; the same in XLSX about 6 MB.
MAX_FILE_BYTES = 40 * 1024 * 1024

Progress = Callable[[int, int, str], None]

COLUMNS_HELP: tuple[tuple[str, str], ...] = (
    (REQUIRED["email"], "Their work email address. The invitation goes there; it is how we find them again."),
    (REQUIRED["first_name"], "As it should appear on their certificates."),
    (REQUIRED["last_name"], "As it should appear on their certificates."),
    (REQUIRED["esr_number"], "Their ESR assignment number, if they have one; otherwise leave it empty."),
    (REQUIRED["job_role"], "For example, Ward manager."),
    (REQUIRED["staff_group"], "For example, Nursing and Midwifery Registered."),
    (REQUIRED["profession"], "For example, Nurse, Doctor, Pharmacist, Paramedic."),
    (REQUIRED["organisation_code"], "The ODS code (or local code) of the organisation or site they work at."),
    (OPTIONAL["sessions"], "Optional: sessions to assign, by key, separated by semicolons."),
    (OPTIONAL["modules"], "Optional: pathway modules to assign (every session in them), separated by semicolons."),
    (OPTIONAL["due_date"], "Optional: when the assigned sessions are due, as 31/03/2027 or 2027-03-31."),
)


@dataclass(frozen=True)
class Outcome:
    summary: dict[str, object]
    problems: list[tuple[int, str, str, str]]
    refused: bool
    errors: int
    rows: list[StaffRow]


def read_and_check(content: bytes, manager_id: int, progress: Progress) -> Outcome:
    """Check the list as this manager may register people now; a refused file is one problem, row 0."""
    message = "Checking rows"

    def reported(done: int, total: int) -> None:
        progress(done, total, message)

    try:
        preview: Preview = preview_staff_file(io.BytesIO(content), manager_id, on_progress=reported)
    except StaffFileRefused as refused:
        return Outcome({"errors": 1, "refused": refused.message}, [(0, "", refused.message, "error")], True, 1, [])
    errors = len(preview.errors)
    if not preview.rows and not errors:
        errors = 1  # nothing to save
    summary = dataclasses.asdict(preview.summary) | {"errors": errors}
    ordered = sorted(preview.problems, key=lambda p: (p.severity != Severity.ERROR, p.row))
    problems = [(p.row, p.column, p.message, str(p.severity)) for p in ordered]
    return Outcome(summary, problems, False, errors, preview.rows)
