"""People registered by their organisation, many at once (a staff list of up to 100,000 rows).

Bulk writes, a fixed number of queries per thousand people, and no passwords: each new person gets an account
with an unusable password, an unconfirmed address and a profile without accepted terms, and sets their password
from their invitation (invitations.py), which also confirms the address. An account that exists already is
matched by its address and kept as it is: the staff list never renames a person who has signed in, nor
changes what they told us about themselves (docs/decisions/0020).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from clinlead.bulk_insert import insert_rows
from clinlead.many_values import Among

from .models import Invitation, Profile, User
from .names import clean_name

# Small enough for SQLite's limit on query parameters, large enough that 100,000 people take 50 round trips.
BATCH = 2000


@dataclass(frozen=True)
class StaffMember:
    email: str
    first_name: str
    last_name: str
    profession: str = ""  # a key of PROFESSIONS, or empty
    job_role: str = ""
    organisation_name: str = ""  # named in their invitation


@dataclass(frozen=True)
class Registered:
    user_ids: dict[str, int]  # by lower-case email, every person in the list
    created: frozenset[int]  # those who had no account before
    renamed: int  # people not yet signed in whose names the list changed


def _batches(items: Sequence[str]) -> list[Sequence[str]]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


def existing_accounts(emails: Sequence[str]) -> dict[str, int]:
    """Account ids by lower-case address, for the addresses that have one."""
    lowered = sorted({email.strip().lower() for email in emails})
    return dict(
        User.objects.annotate(lower_email=Lower("email"))
        .filter(Among(Lower("email"), lowered))
        .values_list("lower_email", "pk")
    )


def register_staff(
    people: Sequence[StaffMember],
    progress: Callable[[int, int], None] | None = None,
    known_accounts: dict[str, int] | None = None,
) -> Registered:
    """Make accounts for the people who have none; match the others by address. Call inside the caller's
    transaction for all or nothing (the staff-list commit is one). known_accounts: what existing_accounts
    answered for these addresses, if the caller has asked already."""
    by_email = {person.email.strip().lower(): person for person in people}
    if known_accounts is None:
        known_accounts = existing_accounts(list(by_email))
    known = {email: known_accounts[email] for email in by_email if email in known_accounts}
    # In address order, so two lists committed at once insert shared people in the same order (no deadlock).
    new = sorted(email for email in by_email if email not in known)
    unusable = make_password(None)  # one unusable hash is enough: it can never match a password
    joined = timezone.now()
    created: dict[str, int] = {}
    with transaction.atomic():
        for done, batch in enumerate(_batches(new), start=1):
            # Conflicts skipped: a list committed at the same moment may register some of the same people. This
            # insert then waits for it and skips them; what comes back is only the accounts this list made.
            written = insert_rows(
                User,
                ("email", "first_name", "last_name", "password", "date_joined"),
                (
                    (email, by_email[email].first_name[:150], by_email[email].last_name[:150], unusable, joined)
                    for email in batch
                ),
                skip_conflicts=True,
                returning=("email", "id"),
            )
            created |= dict(written)
            if progress:
                progress(done * BATCH, len(new))
        # The other list's people, registered by it: matched, with neither a second profile nor a second invitation.
        known |= existing_accounts([email for email in new if email not in created])
        _add_details(by_email, created)
        renamed = _rename_not_yet_signed_in(by_email, known)
    return Registered(known | created, frozenset(created.values()), renamed)


def _add_details(by_email: dict[str, StaffMember], created: dict[str, int]) -> None:
    """The address (unconfirmed), profile and invitation of each new account."""
    emails = list(created)
    # insert_rows, not bulk_create: for a whole staff list, bulk_create's per-value preparation was most of the
    # commit's time (clinlead/bulk_insert.py).
    insert_rows(EmailAddress, ("user", "email", "verified", "primary"), ((created[e], e, False, True) for e in emails))
    insert_rows(
        Profile,
        (
            "user",
            "name_on_certificates",
            "profession",
            "job_role",
            "place_of_work",
            "accepted_terms_at",
            "eligibility_reason",
        ),
        (
            (
                created[e],
                clean_name(f"{by_email[e].first_name} {by_email[e].last_name}")[:150],
                by_email[e].profession,
                by_email[e].job_role[:150],
                by_email[e].organisation_name[:200],
                None,
                "your email address is not confirmed yet",
            )
            for e in emails
        ),
    )
    insert_rows(
        Invitation, ("user", "organisation_name"), ((created[e], by_email[e].organisation_name[:200]) for e in emails)
    )


def _rename_not_yet_signed_in(by_email: dict[str, StaffMember], known: dict[str, int]) -> int:
    """A changed name in the list updates a person who has not taken up their invitation yet, and no one else."""
    renamed = 0
    for batch in _batches(list(known)):
        changed = []
        for user in User.objects.filter(
            Among(F("pk"), [known[e] for e in batch]), last_login__isnull=True, invitation__accepted_at__isnull=True
        ).only("pk", "email", "first_name", "last_name"):
            person = by_email[user.email.lower()]
            if (user.first_name, user.last_name) != (person.first_name[:150], person.last_name[:150]):
                user.first_name, user.last_name = person.first_name[:150], person.last_name[:150]
                changed.append(user)
        User.objects.bulk_update(changed, ["first_name", "last_name"])
        profiles = list(Profile.objects.filter(user__in=changed, accepted_terms_at__isnull=True).select_related("user"))
        for profile in profiles:
            profile.name_on_certificates = clean_name(f"{profile.user.first_name} {profile.user.last_name}")[:150]
        Profile.objects.bulk_update(profiles, ["name_on_certificates"])
        renamed += len(changed)
    return renamed
