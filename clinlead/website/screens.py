"""Pages of the site that bring several apps together, each worked out in one call for its view."""

from typing import Any

from django.urls import reverse

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.learning import api as learning


def session_screen(user_id: int | None, programme_key: str, session_key: str) -> dict[str, Any]:
    """A session's overview page: what it covers, whether this visitor may play it, and their progress in it."""
    overview = catalogue.session_overview(programme_key, session_key)
    programme_url = reverse("website:programme", args=[programme_key])
    access = accounts.access_to_play(user_id, programme_key) if user_id and not overview.sample else None
    can_play = overview.sample or bool(access and access.allowed)
    return {
        "session": overview,
        "programme": overview.programme,
        "page_title": overview.title,
        "breadcrumbs": [
            {"text": overview.programme.title, "href": programme_url},
            {"text": "Sessions", "href": reverse("website:sessions", args=[programme_key])},
        ],
        # The player's own rule: offer Start only to those the player lets in.
        "can_play": can_play,
        # Why a signed-in learner may not start it, said on the page instead of a Start button that leads to a 403.
        "no_access_because": _why_no_access(user_id) if user_id and not can_play else "",
        # Why, when a licence is the reason: it ended (records and certificates kept) or its seats are all taken.
        "licence_refusal": access.reason if access and access.route in ("expired", "full") else "",
        "progress": learning.session_progress(user_id, programme_key, session_key) if user_id else None,
        # Offered to a learner who may play it: adding it to My learning before starting keeps it in view.
        "in_my_learning": learning.in_my_learning(user_id, programme_key, session_key) if user_id else False,
    }


def _why_no_access(user_id: int) -> str:
    """The reason recorded on the learner's profile ("example.com is not on our list…"); nothing for an account
    without a profile, which has no reason worth showing."""
    learner = accounts.learner(user_id)
    return learner.eligibility_reason if learner.has_profile else ""
