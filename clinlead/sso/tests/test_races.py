"""Two sign-ins of the same person at the same instant on PostgreSQL (double-clicked, or two devices): each records
the same posts and roles, and neither fails on a duplicate or on two primary posts. SQLite runs writers one at a
time, so the race exists only on PostgreSQL."""

import pytest
from django.db import connection

from clinlead.accounts.testing import make_learner
from clinlead.learning.testing import released_together
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import load_sample_registry, organisation_id
from clinlead.sso.testing import vouch


@pytest.mark.django_db(transaction=True)
def test_two_sign_ins_at_once_record_one_post_each_and_one_primary() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time, so two sign-ins cannot overlap there; PostgreSQL can")
    load_sample_registry()
    for attempt in range(5):
        person = make_learner(f"race{attempt}@example.com").pk
        places = [organisation_id("ZZ101"), organisation_id("ZZ201")]
        roles = [("manager", organisation_id("ZZ101"))]
        results = released_together(*(lambda p=person, o=places, r=roles: vouch(p, o, r) for _ in range(4)))
        assert [r for r in results if isinstance(r, BaseException)] == []
        posts = organisations.current_organisations_of([person])[person]
        assert sorted(code for code, _ in posts) == ["ZZ101", "ZZ201"]
        assert organisations.can(person, organisations.Action.VIEW_PEOPLE, organisation_id("ZZ101"))
