from django.apps import AppConfig


class EsrConfig(AppConfig):
    """Completions for the Electronic Staff Record (`/esr/`, `/api/esr/v1/`): a trust's learning team downloads
    its completions keyed on ESR assignment numbers, complete or since a cursor, its integration engine reads
    them with a token of the trust's own, and a reconciliation report shows who ESR cannot match."""

    name = "clinlead.esr"
