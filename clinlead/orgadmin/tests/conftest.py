"""The sample registry with people in roles at it: each test signs in as one of them."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from clinlead.organisations import api
from clinlead.organisations.testing import employ, grant, load_sample_registry, organisation_id


@dataclass(frozen=True)
class Cast:
    """Who is who: user ids by part, and organisation ids by code."""

    platform: int  # administers the whole service
    administrator: int  # organisation administrator at the trust ZZ1
    manager: int  # organisation manager at the trust ZZ1
    outsider: int  # organisation manager at the unrelated trust ZZ3
    learner: int  # works at the site ZZ101, no role granted
    nobody: int  # an account with no organisation at all
    ids: dict[str, int]


@pytest.fixture
def cast(db: None) -> Cast:
    load_sample_registry()
    # No passwords (tests sign in with force_login): hashing six of them would take seconds per test.
    people = {
        part: get_user_model().objects.create_user(f"{part}@example.nhs.uk", None, first_name=part.title()).pk
        for part in ("platform", "administrator", "manager", "outsider", "learner", "nobody")
    }
    grant(people["platform"], "platform-administrator", None)
    grant(people["administrator"], "administrator", "ZZ1")
    grant(people["manager"], "manager", "ZZ1")
    grant(people["outsider"], "manager", "ZZ3")
    employ(people["learner"], "ZZ101")
    ids = {o.code: o.id for o in api.organisations_in(api.scope(people["platform"], api.Action.VIEW_ORGANISATION))}
    assert ids["ZZ1"] == organisation_id("ZZ1")
    return Cast(**people, ids=ids)


@pytest.fixture
def sign_in(db: None) -> Callable[[int], Client]:
    """A browser signed in as this person."""

    def signed_in(user_id: int) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(pk=user_id))
        return client

    return signed_in
