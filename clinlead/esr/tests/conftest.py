"""Two trusts of samples/organisations.csv with their people, and the format guide's example programme loaded.

ZZ1 (Northshire teaching trust) has Amara at its site ZZ101 with an ESR assignment number and Ben at its site ZZ102
without one; ZZ2, a trust beside it, has Cara. Each trust has a manager; ZZ1 has an administrator too.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from clinlead.accounts.testing import make_learner
from clinlead.esr.testing import completion_announced
from clinlead.learning.testing import write_completion
from clinlead.organisations import api as organisations
from clinlead.organisations.testing import grant, load_sample_registry, organisation_id

SESSION = ("example", "speaking-up")  # esr_competence and esr_expiry_months: 36 in the guide's example


@dataclass
class Trusts:
    amara: int
    ben: int
    cara: int
    manager: int
    administrator: int
    other_manager: int
    zz1: int
    zz2: int

    def complete(self, user_id: int, when: datetime.datetime | None = None, session: str = SESSION[1]) -> int:
        """A completion of the example session (or another, by key: one completion per person and session), with
        the ledger entries learning's event would write."""
        completion_id = write_completion(user_id, SESSION[0], session, when or timezone.now())
        completion_announced(user_id, completion_id)
        return completion_id


def signed_in(user_id: int) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    return client


@pytest.fixture
def trusts(db: None, loaded_example: Path) -> Trusts:
    load_sample_registry()
    people = {}
    for name, email in [
        ("Amara Okafor", "amara@northshire-th.nhs.uk"),
        ("Ben Hughes", "ben@northshire-th.nhs.uk"),
        ("Cara Lewis", "cara@southvale.nhs.uk"),
        ("Morgan Manager", "morgan@northshire-th.nhs.uk"),
        ("Ada Administrator", "ada@northshire-th.nhs.uk"),
        ("Oli Other", "oli@southvale.nhs.uk"),
    ]:
        people[name.split()[0].lower()] = int(make_learner(email, name=name, profession="other").pk)
    organisations.record_employments(
        [
            organisations.EmploymentRow(people["amara"], organisation_id("ZZ101"), esr_assignment_number="20000001-01"),
            organisations.EmploymentRow(people["ben"], organisation_id("ZZ102")),
            organisations.EmploymentRow(people["cara"], organisation_id("ZZ2"), esr_assignment_number="30000001-01"),
        ]
    )
    grant(people["morgan"], "manager", "ZZ1")
    grant(people["ada"], "administrator", "ZZ1")
    grant(people["oli"], "manager", "ZZ2")
    return Trusts(
        people["amara"],
        people["ben"],
        people["cara"],
        people["morgan"],
        people["ada"],
        people["oli"],
        organisation_id("ZZ1"),
        organisation_id("ZZ2"),
    )
