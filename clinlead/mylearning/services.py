"""Writes that span apps on a learner's behalf: exporting and deleting everything about them."""

from typing import Any

from django.db import transaction

from clinlead.accounts import api as accounts
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning


def export(user_id: int) -> dict[str, Any]:
    """Everything held about a learner, across apps, as JSON-ready data for their own download."""
    learner = accounts.learner(user_id)
    return {
        "account": {
            "email": learner.email,
            "name_on_certificates": learner.name_on_certificates,
            "profession": learner.profession,
            "eligible_for_free_access": learner.eligible_for_free_access,
        },
        "profile": accounts.profile_export(user_id),
        "learning": learning.export(user_id),
        "certificates": [
            {"number": c.number, "session": c.session_title, "completed_on": c.completed_on.isoformat()}
            for c in certificates.for_learner(user_id).values()
        ],
    }


@transaction.atomic
def delete_account(user_id: int) -> None:
    """Personal data goes; completions and certificates stay without the person, so counts stay true and
    certificates already handed to an employer still check as genuine (without the name)."""
    learning.forget_learner(user_id)
    certificates.forget_learner(user_id)
    accounts.delete_account(user_id)
