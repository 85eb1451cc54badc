"""The one door into `certificates`: issue, list, render and verify certificates of completion."""

import itertools

from django.conf import settings
from django.urls import reverse

from clinlead.learning import api as learning

from . import pdf, services
from .data import CertificateData, Verification
from .models import Certificate
from .numbers import normalise
from .pdf import TranscriptRow, render_transcript

__all__ = [
    "CertificateData",
    "TranscriptRow",
    "Verification",
    "certificate_pdf",
    "for_completion",
    "for_learner",
    "forget_learner",
    "issue_missing",
    "render_certificate",
    "render_transcript",
    "verify",
    "verify_url",
]


def _data(certificate: Certificate) -> CertificateData:
    """The one way a stored certificate becomes CertificateData."""
    return CertificateData(
        number=certificate.number,
        completion_uuid=str(certificate.completion_uuid),
        learner_name=certificate.learner_name,
        programme_key=certificate.programme_key,
        programme_title=certificate.programme_title,
        session_key=certificate.session_key,
        session_title=certificate.session_title,
        domains=tuple(certificate.domains),
        elements=tuple(certificate.elements),
        minutes_spent=certificate.minutes_spent,
        score_percent=certificate.score_percent,
        completed_on=certificate.completed_on,
    )


def for_learner(user_id: int) -> dict[str, CertificateData]:
    """The learner's certificates by completion uuid (one query, no writes)."""
    return {str(c.completion_uuid): _data(c) for c in Certificate.objects.filter(user_id=user_id)}


def for_completion(completion_uuid: str) -> CertificateData | None:
    """The certificate of one completion; every completion has one from the moment it is recorded."""
    found = Certificate.objects.filter(completion_uuid=completion_uuid).first()
    return _data(found) if found else None


def issue_missing() -> int:
    """Issue the certificate of every completion without one (left by releases before 0010); the count issued."""
    issued = 0
    completions = learning.completions_of_learners()
    while batch := list(itertools.islice(completions, 1000)):
        have = {
            str(u)
            for u in Certificate.objects.filter(completion_uuid__in=[c.uuid for c in batch]).values_list(
                "completion_uuid", flat=True
            )
        }
        for completion in batch:
            if completion.uuid not in have:
                services.issue(completion)
                issued += 1
    return issued


def verify_url(number: str) -> str:
    """Where anyone can check a certificate number: this site's public check (SITE_URL), number filled in."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('certificates:verify')}?number={number}"


def render_certificate(certificate: CertificateData) -> bytes:
    """A certificate's PDF (A4 landscape, with the address and QR code to check it at): the same bytes
    every time for the same certificate on the same site, so it is regenerated on every download."""
    return pdf.render_certificate(certificate, verify_url(certificate.number))


def certificate_pdf(user_id: int, number: str) -> bytes | None:
    """The learner's own certificate as PDF, regenerated from what was issued; None if not theirs."""
    certificate = Certificate.objects.filter(user_id=user_id, number=number).first()
    return None if certificate is None else render_certificate(_data(certificate))


def verify(typed_number: str) -> Verification | None:
    """What anyone may know about a certificate number: only a genuine, exact number finds anything."""
    number = normalise(typed_number)
    if number is None:
        return None
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None:
        return None
    return Verification(
        number=certificate.number,
        learner_name=certificate.learner_name,
        session_title=certificate.session_title,
        programme_title=certificate.programme_title,
        completed_on=certificate.completed_on,
    )


def forget_learner(user_id: int) -> None:
    """Before an account is deleted: its certificates keep checking as genuine, without the name."""
    services.forget_learner(user_id)
