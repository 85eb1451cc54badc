"""`accounts.api.verified_emails`: only the addresses a person has confirmed, lower-cased."""

import pytest
from allauth.account.models import EmailAddress

from clinlead.accounts import api as accounts
from clinlead.accounts.testing import account

pytestmark = pytest.mark.django_db


def test_only_confirmed_addresses_count() -> None:
    user = account("Pat.Supervisor@Deanery.nhs.uk").user
    EmailAddress.objects.create(user=user, email="pat@elsewhere.nhs.uk", verified=False)
    assert accounts.verified_emails(user.pk) == frozenset({"pat.supervisor@deanery.nhs.uk"})
    assert accounts.verified_emails(account("new@nhs.net", verified=False).user.pk) == frozenset()
