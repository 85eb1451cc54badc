"""A registry (samples/organisations.csv) and a manager of the Northshire teaching trust (ZZ1) and its sites."""

import pytest

from clinlead.accounts.testing import make_learner
from clinlead.organisations.testing import grant, load_sample_registry


@pytest.fixture
def manager_id(db: None) -> int:
    load_sample_registry()
    manager = make_learner("manager@northshire-th.nhs.uk", name="Morgan Manager", profession="other")
    grant(manager.pk, "manager", "ZZ1")
    return int(manager.pk)
