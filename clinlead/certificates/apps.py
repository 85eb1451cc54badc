from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """Certificates of completion (PDF): issued with the completion, downloadable any time, checked by anyone
    at `/certificates/verify/`; transcripts."""

    name = "clinlead.certificates"

    def ready(self) -> None:
        from clinlead.learning.api import completion_recorded

        from .services import issue_for_event

        # The certificate is written in the transaction that records the completion (learning/events.py).
        completion_recorded.connect(issue_for_event, dispatch_uid="certificates.issue")
