"""Certificates are issued with their completion; completions from earlier releases can be mended."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from clinlead.certificates.models import Certificate
from clinlead.learning import api as learning
from tests.factories import make_learner, play_everything, signed_in

pytestmark = pytest.mark.django_db


def test_issuecertificates_mends_completions_without_a_certificate_once(loaded_example: Path) -> None:
    first, second = make_learner("first@nhs.net"), make_learner("second@nhs.net")
    play_everything(signed_in(first))
    play_everything(signed_in(second))
    Certificate.objects.filter(user=first).delete()  # as an earlier release could leave it
    out = io.StringIO()
    call_command("issuecertificates", stdout=out)
    assert "1 issued" in out.getvalue()
    completion = learning.session_completion(first.pk, "example", "speaking-up")
    assert completion is not None
    assert Certificate.objects.get(completion_uuid=completion.uuid).learner_name == "Sam Learner"
    call_command("issuecertificates", stdout=out)
    assert "0 issued" in out.getvalue()
    assert Certificate.objects.count() == 2
