from django.apps import AppConfig


class EsrConfig(AppConfig):
    """Completions for the Electronic Staff Record (`/esr/`, `/api/esr/v1/`): a trust's learning team downloads
    its completions keyed on ESR assignment numbers, complete or since a cursor, its integration engine reads
    them with a token of the trust's own, and a reconciliation report shows who ESR cannot match."""

    name = "clinlead.esr"

    def ready(self) -> None:
        # The export's ledger is written in the transaction of the completion or the post that adds to it
        # (ledger.py, docs/decisions/0028): events, since learning and organisations sit below us.
        from clinlead.learning.api import completion_recorded
        from clinlead.organisations.api import posts_recorded

        from .ledger import on_completion, on_posts

        completion_recorded.connect(on_completion, dispatch_uid="esr.ledger.completion")
        posts_recorded.connect(on_posts, dispatch_uid="esr.ledger.posts")
