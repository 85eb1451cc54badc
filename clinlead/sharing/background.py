"""Sharing's background task: the email telling a grantee a record is shared with them (docs/decisions/0027).

Sent by the task queue (docs/decisions/0021), not in the learner's request, so a mail server that fails or is slow
never costs the learner their grant or a 500; the run is retried, and recorded as failed if the mail never goes."""

from typing import Any

from clinlead.tasks import api as tasks

from . import services
from .services import EMAIL_GRANT


@tasks.task(EMAIL_GRANT, retries=3)
def email_grant(progress: tasks.Progress, grant_id: int) -> dict[str, Any]:
    sent = services.send_grant_email(grant_id)
    progress.report(1, 1, "Email sent" if sent else "Nothing to send")
    return {"sent": sent}
