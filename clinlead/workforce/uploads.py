"""Staff-list uploads from arrival to commit: the one place that writes StaffUpload.

Checking and committing run as background tasks (tasks.py) because a list may hold 100,000 rows; the page
follows their progress. An upload belongs to the manager who sent it: nobody else sees it, and it is checked
against what that manager may do at the moment it is committed, not only when it was uploaded.
"""

from django.db import transaction
from django.utils import timezone

from . import reading
from .committing import commit_rows
from .models import StaffUpload
from .seats import NotEnoughSeats

MAX_UPLOAD_BYTES = reading.MAX_FILE_BYTES
PROBLEMS_KEPT = 1000  # shown on the page; the counts cover every problem


class UploadRefused(Exception):
    """The file cannot be taken at all (too big, empty); the message says why."""


def receive(manager_id: int, file_name: str, content: bytes) -> StaffUpload:
    if not content:
        raise UploadRefused("The file is empty: choose a CSV or Excel file with a row for each person.")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB: split it into smaller files.")
    return StaffUpload.objects.create(uploaded_by_id=manager_id, file_name=file_name[:255], content=content)


def upload_of(upload_id: int, manager_id: int) -> StaffUpload | None:
    """The upload, if this manager sent it."""
    return StaffUpload.objects.filter(pk=upload_id, uploaded_by_id=manager_id).defer("content").first()


def check(upload_id: int, progress: reading.Progress) -> dict[str, object]:
    """Read and check the list; keep the summary and the first problems for the page."""
    upload = StaffUpload.objects.get(pk=upload_id)
    outcome = reading.read_and_check(bytes(upload.content), upload.uploaded_by_id, progress)
    upload.summary = outcome.summary
    upload.problems = [list(p) for p in outcome.problems[:PROBLEMS_KEPT]]
    upload.state = StaffUpload.State.FAILED if outcome.refused else StaffUpload.State.CHECKED
    upload.save(update_fields=["summary", "problems", "state"])
    return outcome.summary


def commit(upload_id: int, progress: reading.Progress) -> tuple[dict[str, int], list[int]]:
    """Check again (the manager's rights or the registry may have changed) and, with no errors, write it all.

    Returns what changed and the people to invite; committing an upload twice writes nothing the second time.
    """
    with transaction.atomic():
        upload = StaffUpload.objects.select_for_update().get(pk=upload_id)
        if upload.state == StaffUpload.State.COMMITTED:  # a retried task: invite whoever was not sent one yet
            return dict(upload.result), list(upload.to_invite)
        if upload.state != StaffUpload.State.COMMITTING:  # only may_commit starts a commit
            return {}, []
        outcome = reading.read_and_check(bytes(upload.content), upload.uploaded_by_id, progress)
        if outcome.refused or outcome.errors:
            upload.summary = outcome.summary
            upload.problems = [list(p) for p in outcome.problems[:PROBLEMS_KEPT]]
            upload.state = StaffUpload.State.CHECKED
            upload.save(update_fields=["summary", "problems", "state"])
            return {}, []
        try:
            result, to_invite = commit_rows(outcome.rows, upload.uploaded_by_id, progress)
        except NotEnoughSeats as short:  # commit_rows' own transaction has rolled back: nothing was written
            upload.problems = [[0, "", short.message, "error"]]
            upload.summary = dict(upload.summary) | {"errors": 1}
            upload.state = StaffUpload.State.CHECKED
            upload.save(update_fields=["summary", "problems", "state"])
            return {}, []
        upload.result = result.as_dict()
        upload.to_invite = to_invite
        upload.state = StaffUpload.State.COMMITTED
        upload.committed_at = timezone.now()
        upload.save(update_fields=["result", "to_invite", "state", "committed_at"])
    return upload.result, to_invite


def note_task(upload_id: int, **task_ids: str) -> None:
    """Remember which task checks or commits the upload, so its page can follow it."""
    StaffUpload.objects.filter(pk=upload_id).update(**task_ids)


def may_commit(upload: StaffUpload) -> bool:
    """Checked with no errors, and not already being committed (a double click starts one commit)."""
    if upload.state != StaffUpload.State.CHECKED or int(upload.summary.get("errors", 1)) > 0:
        return False
    with transaction.atomic():
        claimed = StaffUpload.objects.filter(pk=upload.pk, state=StaffUpload.State.CHECKED).update(
            state=StaffUpload.State.COMMITTING
        )
    return claimed == 1
