from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    """Certificates of completion: issued once per completion, downloadable any time, verifiable by anyone."""

    name = "clinlead.certificates"
