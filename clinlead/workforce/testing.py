"""What tests and benchmarks may do with staff lists in one step, without the task queue: check and commit an
upload in this process, as the background tasks do (docs/decisions/0017: doors for tests only)."""

from . import uploads
from .models import StaffUpload


def _quiet(done: int, total: int, message: str) -> None:
    """Progress nobody follows."""


def check_now(manager_id: int, content: bytes, file_name: str = "staff.csv") -> tuple[int, dict[str, object]]:
    """Receive and check a staff list; its upload id and summary."""
    upload = uploads.receive(manager_id, file_name, content)
    return upload.pk, uploads.check(upload.pk, _quiet)


def commit_now(upload_id: int) -> dict[str, int]:
    """Commit a checked upload with no errors (checking it again first, as the task does); what changed."""
    upload = StaffUpload.objects.defer("content").get(pk=upload_id)
    if not uploads.may_commit(upload):
        raise ValueError(f"upload {upload_id} cannot be committed: {upload.state}, {upload.summary}")
    result, _ = uploads.commit(upload_id, _quiet)
    return result
