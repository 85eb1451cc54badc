"""A learner with a completion, a certificate and a reflection, and the people who may or may not read it."""

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from clinlead.accounts.testing import account
from clinlead.sharing import services
from tests.factories import S, play_everything, signed_in

REFLECTION = "Next time I will ask the quiet person first."


@dataclass
class People:
    learner: Client
    learner_id: int
    grantee: Client  # signs in with the address the grant names, confirmed
    grantee_id: int
    other: Client  # another account, no grant
    grant_uuid: str


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def people(loaded_example: Path) -> People:
    learner = account("learner@nhs.net", name="Sam Learner").user
    grantee = account("supervisor@deanery.nhs.uk", name="Dr Supervisor").user
    other = account("someone.else@nhs.net", name="Someone Else").user
    learner_client = signed_in(learner)
    play_everything(learner_client)
    assert learner_client.post(f"{S}/v1/3/", {"exercise": "reflect", "text": REFLECTION}).status_code == 303
    grant_uuid = services.share_record(learner.pk, "Supervisor@Deanery.nhs.uk", in_days(30), include_reflections=False)
    return People(learner_client, learner.pk, signed_in(grantee), grantee.pk, signed_in(other), grant_uuid)
