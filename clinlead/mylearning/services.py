"""What the learner does across apps: adding a programme or a session, exporting and deleting everything about them."""

from typing import Any

from django.db import transaction

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from clinlead.sharing import api as sharing


def enrol(user_id: int, programme_key: str) -> str:
    """Add a published programme to the learner's My learning; its title, or NotFound if there is none."""
    title = catalogue.programme_overview(programme_key).programme.title
    learning.enrol(user_id, programme_key)
    return title


def add_session(user_id: int, programme_key: str, session_key: str) -> str:
    """Add one published session to the learner's My learning; its title, or NotFound if there is none."""
    title = catalogue.session_overview(programme_key, session_key).title
    learning.enrol(user_id, programme_key, session_key)
    return title


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
        "sharing": sharing.export(user_id),
    }


@transaction.atomic
def delete_account(user_id: int) -> None:
    """Personal data goes; completions and certificates stay without the person, so counts stay true and
    certificates already handed to an employer still check as genuine (without the name)."""
    learning.forget_learner(user_id)
    certificates.forget_learner(user_id)
    accounts.delete_account(user_id)
