"""Free access by employment: at an eligible organisation or anywhere below one, for as long as the post lasts."""

import datetime

import pytest
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api
from clinlead.organisations.testing import employ, make_organisation, organisation_id


@pytest.mark.django_db
def test_eligibility_passes_down_the_tree_and_ends_with_the_employment() -> None:
    make_organisation("T1", "Riverside Trust", eligible=True)
    make_organisation("T1S", "Riverside Eye Unit", parent_code="T1")
    make_organisation("T1SD", "Retina Clinic", parent_code="T1S")
    make_organisation("X1", "Another Company")
    here, below, elsewhere = make_learner("a@example.com"), make_learner("b@example.com"), make_learner("c@x.example")
    employ(here.pk, "T1")
    employ(below.pk, "T1SD")
    employ(elsewhere.pk, "X1")

    assert api.free_access_by_employment(here.pk) == "You work at Riverside Trust, whose staff have free access."
    assert api.free_access_by_employment(below.pk) == (
        "You work at Retina Clinic, part of Riverside Trust, whose staff have free access."
    )
    assert api.free_access_by_employment(elsewhere.pk) is None

    api.end_employment(below.pk, organisation_id("T1SD"), timezone.localdate() - datetime.timedelta(days=1))
    assert api.free_access_by_employment(below.pk) is None


@pytest.mark.django_db
def test_an_employment_ending_today_still_counts_until_tomorrow() -> None:
    make_organisation("T1", "Riverside Trust", eligible=True)
    person = make_learner("a@example.com")
    employ(person.pk, "T1")
    api.end_employment(person.pk, organisation_id("T1"), timezone.localdate())
    assert api.free_access_by_employment(person.pk) is not None


@pytest.mark.django_db
def test_free_access_by_employment_takes_two_queries_at_any_depth(django_assert_max_num_queries):
    make_organisation("L0", "Level 0", eligible=True)
    for depth in range(1, 8):
        make_organisation(f"L{depth}", f"Level {depth}", parent_code=f"L{depth - 1}")
    person = make_learner("a@example.com")
    employ(person.pk, "L7")
    employ(person.pk, "L3")
    with django_assert_max_num_queries(2):
        assert (
            api.free_access_by_employment(person.pk)
            == "You work at Level 3, part of Level 0, whose staff have free access."
        )
