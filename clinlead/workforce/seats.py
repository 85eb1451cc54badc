"""Licence seats for people being enrolled (issue 10: "seats are taken when a person is enrolled").

Nobody who learns free takes a seat: not by their address (an NHS domain), not by where they work (an eligible
organisation or one below it). Everyone else being enrolled takes a seat on a licence covering their
organisation, all or none, inside the caller's transaction: if any organisation is short, NotEnoughSeats
carries the licence's own message (how many are left and what to do) and the caller rolls everything back.
"""

from collections import defaultdict
from collections.abc import Iterable

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations


class NotEnoughSeats(Exception):
    """An organisation being enrolled has too few seats (or no licence); the message is for the manager."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def take_for(people: Iterable[tuple[int, int, str]], programme_key: str) -> int:
    """Seats for (user id, organisation id, address) being enrolled on the programme; how many were taken."""
    by_organisation: dict[int, dict[int, str]] = defaultdict(dict)
    for user_id, organisation_id, email in people:
        by_organisation[organisation_id][user_id] = email
    free_here = organisations.free_access_at(list(by_organisation))
    taken = 0
    for organisation_id, emails in sorted(by_organisation.items()):
        if organisation_id in free_here:
            continue
        need = [user_id for user_id, email in emails.items() if not accounts.eligible_by_email(email)]
        if not need:
            continue
        outcome = organisations.take_seats(organisation_id, programme_key, need)
        if not outcome.enough:
            raise NotEnoughSeats(outcome.message)
        taken += outcome.taken
    return taken
