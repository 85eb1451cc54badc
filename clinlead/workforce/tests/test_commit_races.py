"""Two staff lists sharing people, committed at the same instant on PostgreSQL (threads on a barrier, each with
its own connection): both land, each person has one account, one profile and one invitation, and nobody sees a
deadlock or a duplicate-key error. SQLite runs writers one at a time, so the race exists only on PostgreSQL."""

import pytest
from django.db import connection

from clinlead.accounts import api as accounts
from clinlead.accounts.testing import account
from clinlead.learning.testing import released_together
from clinlead.organisations.testing import grant, load_sample_registry
from clinlead.workforce.testing import check_now, commit_now

HEADER = "email,first name,last name,ESR number,job role,staff group,profession,organisation code\n"


def _list(numbers: list[int]) -> bytes:
    rows = [
        f"shared{n:04d}@northshire-th.nhs.uk,Person,Number {n},,Staff nurse,Nursing,nurse,ZZ10{1 + n % 3}\n"
        for n in numbers
    ]
    return (HEADER + "".join(rows)).encode()


@pytest.mark.django_db(transaction=True)
def test_two_lists_sharing_people_committed_at_once_both_land_with_one_account_each() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time, so two commits cannot overlap there; PostgreSQL can")
    load_sample_registry()
    first, second = (
        account("first.manager@northshire-th.nhs.uk").user.pk,
        account("second@northshire-th.nhs.uk").user.pk,
    )
    grant(first, "manager", "ZZ1")
    grant(second, "manager", "ZZ1")
    # 600 people in common, listed in opposite orders; each list has 200 of its own.
    shared = list(range(600))
    one, _ = check_now(first, _list(shared + list(range(1000, 1200))))
    two, _ = check_now(second, _list(list(reversed(shared)) + list(range(2000, 2200))))
    results = released_together(lambda: commit_now(one), lambda: commit_now(two))
    assert not [r for r in results if isinstance(r, BaseException)], results
    new = [r["new_people"] for r in results if isinstance(r, dict)]
    assert sum(new) == 1000  # 600 shared, made once by whichever got there first, and 200 + 200 of their own
    everyone = [f"shared{n:04d}@northshire-th.nhs.uk" for n in [*shared, *range(1000, 1200), *range(2000, 2200)]]
    ids = accounts.existing_accounts(everyone)
    assert len(ids) == 1000
    assert len(accounts.invitation_states(list(ids.values()))) == 1000  # one invitation each
