"""A trust's staff and their learning, for reports: the registry of samples/organisations.csv, the programme we
ship, people at two sites of the Northshire teaching trust (ZZ1) and one at the trust beside it (ZZ2), with
completions on known dates and assignments, some overdue."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.learning import api as learning
from clinlead.learning.testing import record_completion
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry

PROGRAMME = "leadership-for-clinicians"
MODULE = "knowing-yourself"
INTEGRITY = "acting-with-integrity"  # in MODULE, and in domain 1
AWARENESS = "developing-self-awareness"  # in MODULE
VISION = "developing-a-vision"  # in module senior-leadership, domain 6


def moment(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


@dataclass
class Staff:
    ids: dict[str, int]
    manager: Client
    manager_id: int


def sign_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(loaded_starter: Any) -> Staff:
    load_sample_registry()
    orgs = organisations.organisations_by_code(["ZZ101", "ZZ102", "ZZ201"])
    people = {
        "ada": make_learner("ada@northshire-th.nhs.uk", name="Ada Adams", profession="nurse"),
        "ben": make_learner("ben@northshire-th.nhs.uk", name="Ben Brown", profession="nurse"),
        "cai": make_learner("cai@northshire-th.nhs.uk", name="Cai Carter", profession="other"),
        "dee": make_learner("dee@northshire-cmh.nhs.uk", name="Dee Davies", profession="nurse"),
    }
    ids = {name: int(user.pk) for name, user in people.items()}
    organisations.record_employments(
        [
            organisations.EmploymentRow(ids["ada"], orgs["ZZ101"].id, "Ward sister", "Nursing"),
            organisations.EmploymentRow(ids["ben"], orgs["ZZ102"].id, "Staff nurse", "Nursing"),
            organisations.EmploymentRow(ids["cai"], orgs["ZZ102"].id, "Porter", "Estates"),
            organisations.EmploymentRow(ids["dee"], orgs["ZZ201"].id, "Staff nurse", "Nursing"),
        ]
    )
    record_completion(ids["ada"], PROGRAMME, INTEGRITY, moment(2026, 3, 10), 1200, 80)
    record_completion(ids["ada"], PROGRAMME, AWARENESS, moment(2026, 4, 2), 600, 100)
    record_completion(ids["ben"], PROGRAMME, INTEGRITY, moment(2026, 4, 20), 900, None)
    record_completion(ids["dee"], PROGRAMME, INTEGRITY, moment(2026, 4, 21), 900, 50)
    # Ben and Cai have the module assigned; Cai's is long overdue, Ben's due in the future.
    learning.assign([ids["cai"]], PROGRAMME, [INTEGRITY, AWARENESS], datetime.date(2026, 1, 31), None)
    learning.assign([ids["ben"]], PROGRAMME, [INTEGRITY, AWARENESS], datetime.date(2099, 1, 31), None)
    manager = make_learner("manager@northshire-th.nhs.uk", name="Morgan Manager", profession="other")
    grant(manager.pk, "manager", "ZZ1")
    return Staff(ids, sign_in(manager), int(manager.pk))
