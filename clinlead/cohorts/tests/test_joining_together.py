"""Joins that arrive together, as they do in a room where everyone types the code at once: each learner is a
member once, nobody gets an error, and each is assigned the cohort's sessions once. Requests go through the real
views in threads released at the same instant; it matters on PostgreSQL (row locks, deadlock detection)."""

import functools
from typing import Any

import pytest
from django.db.models import Count
from django.test import Client

from clinlead.cohorts.models import Cohort, Membership
from clinlead.learning import api as learning
from clinlead.learning.testing import released_together

from .helpers import create, learner, world

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 10


@pytest.fixture
def cohort(example_content: Any) -> tuple[int, str]:
    from clinlead.authoring import api as authoring

    authoring.load_content(example_content)
    w = world()
    cohort_id = create(w["trainer_client"], w["zz1"])
    posted = w["trainer_client"].post("/cohorts/assign/", {"cohort": str(cohort_id), "sessions": ["speaking-up"]})
    assert posted.status_code == 302
    return cohort_id, Cohort.objects.get(pk=cohort_id).join_code


def _join(client: Client, code: str) -> int:
    return client.post("/cohorts/join/", {"code": code}).status_code


def test_two_learners_joining_with_the_same_code_at_once_both_join_once(cohort: tuple[int, str]) -> None:
    cohort_id, code = cohort
    for n in range(ROUNDS):
        (a, a_client), (b, b_client) = learner(f"a{n}@nhs.net", "A"), learner(f"b{n}@nhs.net", "B")
        results = released_together(*(functools.partial(_join, c, code) for c in (a_client, b_client)))
        assert results == [302, 302], results
        for user in (a, b):
            assert [x.session_key for x in learning.assignments(user.pk)] == ["speaking-up"]
    counts = Membership.objects.filter(cohort_id=cohort_id).values("user").annotate(n=Count("pk"))
    assert len(counts) == 2 * ROUNDS
    assert {c["n"] for c in counts} == {1}


def test_the_same_learner_sending_the_join_form_twice_at_once_joins_once(cohort: tuple[int, str]) -> None:
    cohort_id, code = cohort
    for n in range(ROUNDS):
        user, client = learner(f"twice{n}@nhs.net", "Twice")
        tab = Client()
        tab.cookies = client.cookies
        results = released_together(*(functools.partial(_join, c, code) for c in (client, tab)))
        assert results == [302, 302], results
        assert Membership.objects.filter(cohort_id=cohort_id, user=user).count() == 1
        assert len(learning.assignments(user.pk)) == 1
