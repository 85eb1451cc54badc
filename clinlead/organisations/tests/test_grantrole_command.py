"""The first platform administrator, and any role, from the command line; mistakes named, nothing granted."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinlead.accounts.testing import make_learner
from clinlead.organisations import api
from clinlead.organisations.testing import load_sample_registry


@pytest.mark.django_db
def test_roles_are_granted_once_and_mistakes_are_named() -> None:
    load_sample_registry()
    person = make_learner("lead@nhs.net")
    out = StringIO()
    call_command("grantrole", "LEAD@nhs.net", "platform-administrator", stdout=out)
    call_command("grantrole", "lead@nhs.net", "platform-administrator", stdout=out)
    assert "now holds" in out.getvalue()
    assert "already held" in out.getvalue()
    assert api.is_platform_administrator(person.pk)
    call_command("grantrole", "lead@nhs.net", "manager", "zz1", stdout=out)
    assert api.can(person.pk, api.Action.REGISTER_PEOPLE, api.organisations_by_code(["ZZ101"])["ZZ101"].id)
    for args, message in (
        (("nobody@nhs.net", "manager", "ZZ1"), "Nobody has an account"),
        (("lead@nhs.net", "manager"), "Say where"),
        (("lead@nhs.net", "manager", "ZZ999"), "No organisation has the code ZZ999"),
        (("lead@nhs.net", "platform-administrator", "ZZ1"), "covers the whole service"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("grantrole", *args)
