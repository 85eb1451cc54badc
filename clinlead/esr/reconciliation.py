"""What ESR could not match: completions of people with no assignment number here, people with no ESR number,
and ESR staff numbers that more than one person gave.

Assignment numbers cannot be duplicated here: the database holds each one once (organisations.Employment's
constraint, and staff uploads say which row has a number taken), so the duplicates ESR would trip over are staff
numbers, which people type on their own profiles.
"""

from dataclasses import dataclass

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.organisations import api as organisations

from .exporting import ExportRow, export_page

KINDS = {
    "unmatched-completions": "Completions with no ESR assignment number",
    "no-esr-number": "People with no ESR assignment number",
    "duplicate-staff-numbers": "ESR staff numbers given by more than one person",
}


@dataclass(frozen=True)
class PersonRow:
    organisation_code: str
    person_name: str
    email: str
    esr_staff_number: str


@dataclass(frozen=True)
class DuplicateRow:
    esr_staff_number: str
    person_name: str
    email: str
    organisation_codes: str  # where this person works in the organisation's tree, space-separated


@dataclass(frozen=True)
class Reconciliation:
    unmatched_completions: tuple[ExportRow, ...]
    no_esr_number: tuple[PersonRow, ...]
    duplicate_staff_numbers: tuple[DuplicateRow, ...]


def reconcile(organisation_id: int) -> Reconciliation:
    """The three lists for the organisation and everything below it."""
    posts = organisations.esr_posts_in(organisation_id)
    unmatched = tuple(row for row in export_page(organisation_id).rows if not row.esr_assignment_number)
    today = timezone.localdate()
    current = [p for p in posts if p.ended_on is None or p.ended_on >= today]
    user_ids = sorted({p.user_id for p in current})
    staff_numbers = accounts.esr_staff_numbers(user_ids)
    holders = accounts.esr_staff_number_holders(list(staff_numbers.values()))
    shared = {number: ids for number, ids in holders.items() if len(ids) > 1}
    people = accounts.people(user_ids)  # never the names of holders elsewhere: not this organisation's to see
    codes_of: dict[int, list[str]] = {}
    for post in current:
        codes_of.setdefault(post.user_id, []).append(post.organisation_code)

    def named(user_id: int) -> tuple[str, str]:
        person = people.get(user_id)
        return (person.name, person.email) if person else ("Someone at another organisation", "")

    no_number = tuple(
        PersonRow(p.organisation_code, *named(p.user_id), staff_numbers.get(p.user_id, ""))
        for p in current
        if not p.esr_assignment_number
    )
    duplicates = tuple(
        DuplicateRow(number, *named(user_id), " ".join(codes_of.get(user_id, [])))
        for number, ids in sorted(shared.items())
        for user_id in ids
    )
    return Reconciliation(unmatched, no_number, duplicates)
