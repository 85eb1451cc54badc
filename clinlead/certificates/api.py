"""The one door into `certificates`: issue, list, render and verify certificates of completion."""

from django.conf import settings
from django.urls import reverse

from clinlead.learning.api import CompletionData

from . import services
from .data import CertificateData, Verification
from .models import Certificate
from .numbers import normalise
from .pdf import CertificateContent, TranscriptRow, render_certificate, render_transcript

__all__ = [
    "CertificateData",
    "TranscriptRow",
    "Verification",
    "certificate_pdf",
    "delete_for_learner",
    "for_learner",
    "issue",
    "render_transcript",
    "verify",
]


def _data(certificate: Certificate) -> CertificateData:
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


def issue(completion: CompletionData) -> CertificateData:
    """Issue the certificate for a completion (idempotent: one certificate per completion, ever)."""
    return _data(services.issue(completion))


def for_learner(user_id: int, completions: list[CompletionData]) -> dict[str, CertificateData]:
    """Certificates by completion uuid; any completion without one gets it now, so none can go missing."""
    found = {str(c.completion_uuid): c for c in Certificate.objects.filter(user_id=user_id)}
    for completion in completions:
        if completion.uuid not in found:
            found[completion.uuid] = services.issue(completion)
    return {key: _data(value) for key, value in found.items()}


def verify_url(number: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('certificates:verify')}?number={number}"


def certificate_pdf(user_id: int, number: str) -> bytes | None:
    """The learner's own certificate as PDF, regenerated from what was issued; None if not theirs."""
    certificate = Certificate.objects.filter(user_id=user_id, number=number).first()
    if certificate is None:
        return None
    return render_certificate(
        CertificateContent(
            number=certificate.number,
            learner_name=certificate.learner_name,
            session_title=certificate.session_title,
            programme_title=certificate.programme_title,
            domains=tuple(certificate.domains),
            elements=tuple(certificate.elements),
            minutes_spent=certificate.minutes_spent,
            completed_on=certificate.completed_on,
            verify_url=verify_url(certificate.number),
        )
    )


def verify(typed_number: str) -> Verification | None:
    """What anyone may know about a certificate number: only a genuine, exact number finds anything."""
    number = normalise(typed_number)
    if number is None:
        return None
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None:
        return None
    return Verification(
        certificate.number,
        certificate.learner_name,
        certificate.session_title,
        certificate.programme_title,
        certificate.completed_on,
    )


def delete_for_learner(user_id: int) -> None:
    services.delete_for_learner(user_id)
