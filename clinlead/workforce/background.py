"""The background tasks of staff lists: checking, and committing then inviting. Registered at start-up
(apps.py) so that a Celery worker knows them too."""

from clinlead.accounts import api as accounts
from clinlead.tasks import api as tasks

from . import uploads

CHECK = "workforce.check-staff-list"
COMMIT = "workforce.commit-staff-list"


@tasks.task(CHECK, retries=2)
def check_staff_list(progress: tasks.Progress, upload_id: int) -> dict[str, object]:
    return uploads.check(upload_id, lambda done, total, message: progress.report(done, total, message))


@tasks.task(COMMIT, retries=2)
def commit_staff_list(progress: tasks.Progress, upload_id: int) -> dict[str, object]:
    """Commit, then invite the new people; a retry after a failure part-way invites only those not yet sent."""
    result, to_invite = uploads.commit(upload_id, lambda done, total, message: progress.report(done, total, message))
    if not result:
        return {"committed": False}
    invited = accounts.send_invitations(
        to_invite, lambda done, total: progress.report(done, total, "Sending invitations")
    )
    return {"committed": True, **result, "invitations_sent": invited}
