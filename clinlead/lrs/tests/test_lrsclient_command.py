"""`manage.py lrsclient create`: prints a key and secret that work once, keeps only the secret's hash."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinlead.lrs.models import Client

from .conftest import Xapi

pytestmark = pytest.mark.django_db


def test_create_prints_a_key_and_secret_that_read_statements() -> None:
    out = StringIO()
    call_command("lrsclient", "create", "Northshire reader", "--scope", "statements/read", stdout=out)
    key = re.search(r"key:\s+(\S+)", out.getvalue())
    secret = re.search(r"secret:\s+(\S+)", out.getvalue())
    assert key
    assert secret
    stored = Client.objects.get(key=key.group(1))
    assert stored.name == "Northshire reader"
    assert stored.scopes == "statements/read"
    assert secret.group(1) not in stored.secret_hash  # only its hash is kept
    assert Xapi(key.group(1), secret.group(1)).get().status_code == 200
    assert Xapi(key.group(1), secret.group(1) + "x").get().status_code == 401


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--scope", "statements/delete"], "scope must be one or more of .*; not statements/delete"),
        ([], "scope must be one or more of .*; not none"),
        (["--scope", "all", "--organisation", "999999"], "no organisation 999999"),
    ],
)
def test_create_refuses_unknown_scopes_and_organisations(arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("lrsclient", "create", "A client", *arguments, stdout=StringIO())
    assert not Client.objects.exists()
