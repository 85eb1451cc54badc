"""A manager's staff as a CSV file to open in a spreadsheet: the people in their scope, a page of the database at
a time, every cell neutralised so that nothing in it runs as a formula (issue 10: `=`, `+`, `-`, `@`)."""

import csv
from collections.abc import Iterator

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from .spreadsheets import neutralise

HEADER = ["email", "name", "organisation code", "organisation", "job role", "staff group", "ESR number", "account"]
PAGE = 2000


class _Line:
    """csv.writer writes to this and gets the line back, so the file streams instead of building in memory
    (Django's documented way of streaming a CSV)."""

    def write(self, value: str) -> str:
        return value


def staff_csv(manager_id: int, organisation_id: int | None) -> Iterator[str]:
    """The lines of the file, the header first, with a byte-order mark so that Excel reads it as UTF-8."""
    where = organisations.scope(manager_id, organisations.Action.VIEW_PEOPLE)
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(HEADER)
    offset = 0
    while True:
        _, employments = organisations.staff_in(where, organisation_id, offset, PAGE)
        if not employments:
            return
        user_ids = [e.user_id for e in employments]
        people = accounts.people(user_ids)
        invitations = accounts.invitation_states(user_ids)
        for e in employments:
            person = people.get(e.user_id)
            if person is None:
                continue
            state = invitations.get(e.user_id)
            account = "registered themselves" if state is None else "signed up" if state.accepted_at else "invited"
            cells = [person.email, person.name, e.organisation_code, e.organisation_name, e.job_role, e.staff_group]
            yield writer.writerow([neutralise(c) for c in [*cells, e.esr_assignment_number, account]])
        offset += PAGE
