"""Who may play a session, and why, in words a learner can read (docs/decisions/0022).

Three routes give access: a confirmed health and care email address (the profile's eligibility), a current
employment at an eligible organisation or under one, and a seat on a licence of the organisation someone works
at. The first two are free and take no seat. A seat is taken on a first launch (`launching`), so looking at a
session's page never uses one up. Samples are open to everyone.
"""

import datetime
from dataclasses import dataclass

from clinlead.organisations import api as organisations
from clinlead.wording import date_in_words

from .models import Profile

HOW_TO_GET_ACCESS = (
    "Sessions other than the samples are free for staff of health and care organisations: by a confirmed work "
    "email address, or because your organisation registered you. Other organisations can buy a licence."
)


@dataclass(frozen=True)
class PlayAccess:
    """Whether a person may play a programme's sessions, and why (or why not), for the page to say.

    `route` is sample, email, employment or licence when allowed; signed-out, expired, full or not-eligible when
    not. `ended_on` is when the licence ended, for expired."""

    allowed: bool
    route: str
    reason: str
    ended_on: datetime.date | None = None


def access_to_play(user_id: int | None, programme_key: str, *, launching: bool = False) -> PlayAccess:
    if user_id is None:
        return PlayAccess(False, "signed-out", "Sign in, or create an account, to start this session.")
    profile = Profile.objects.filter(user_id=user_id).values_list("eligible_for_free_access", "eligibility_reason")
    eligible, email_reason = profile.first() or (False, "")
    if eligible:
        return PlayAccess(True, "email", f"You have free access: {email_reason}.")
    by_employment = organisations.free_access_by_employment(user_id)
    if by_employment:
        return PlayAccess(True, "employment", by_employment)
    if programme_key:
        licence = (
            organisations.take_seat(user_id, programme_key)
            if launching
            else organisations.licence_access(user_id, programme_key)
        )
        match licence.state:
            case organisations.LicenceAccess.HELD:
                return PlayAccess(True, "licence", f"You hold a seat on {licence.organisation_name}'s licence.")
            case organisations.LicenceAccess.FREE:
                return PlayAccess(
                    True,
                    "licence",
                    f"{licence.organisation_name}'s licence has a seat for you: it is yours when you start a session.",
                )
            case organisations.LicenceAccess.EXPIRED:
                ended = date_in_words(licence.ended_on) if licence.ended_on else ""
                return PlayAccess(
                    False,
                    "expired",
                    f"{licence.organisation_name}'s licence for this programme ended on {ended}. Your learning "
                    "records and certificates are kept in My learning, but you cannot start or go on with a session "
                    "until your organisation renews the licence.",
                    licence.ended_on,
                )
            case organisations.LicenceAccess.FULL:
                return PlayAccess(
                    False,
                    "full",
                    f"Every seat on {licence.organisation_name}'s licence for this programme is taken. Ask your "
                    "organisation's administrator for a seat: one is freed when someone leaves, or they can add seats.",
                )
    why = f"Your account does not have free access because {email_reason}." if email_reason else ""
    return PlayAccess(False, "not-eligible", f"{why} {HOW_TO_GET_ACCESS}".strip())
