"""Certificates are issued with their completion; completions from earlier releases can be mended."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from clinlead.certificates.models import Certificate
from clinlead.learning import api as learning
from tests.factories import answer_key_form, make_learner, play_everything, shape_of, signed_in

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


def test_a_session_completed_through_learnings_api_alone_has_its_certificate(loaded_example: Path) -> None:
    # No view, no player: as an LMS launch or an import of completions would record learning.
    user = make_learner()
    session = catalogue.playable_session("example", "speaking-up", 1)
    shape = shape_of("example", "speaking-up", 1)
    for number in range(1, len(session.pages) + 1):
        learning.record_page_view(user.pk, shape, number)
    assert learning.session_completion(user.pk, "example", "speaking-up") is None
    for exercise in (exercise for page in session.pages for exercise in page.exercises):
        form = {
            name: value if isinstance(value, list) else [value] for name, value in answer_key_form(exercise).items()
        }
        answer = exercise.parse_answer(form)
        learning.record_answer(user.pk, shape, exercise.key, answer, exercise.is_correct(answer))

    completion = learning.session_completion(user.pk, "example", "speaking-up")
    assert completion is not None
    certificate = certificates.for_completion(completion.uuid)
    assert certificate is not None
    assert (certificate.learner_name, certificate.session_title) == ("Sam Learner", "Speaking up in a team")
    assert certificates.verify(certificate.number) is not None
