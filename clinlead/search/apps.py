from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search across sessions and library items (`/search/`): ranked, highlighted results with filters, from a
    full-text index (SQLite FTS5 or PostgreSQL) kept in step with what the catalogue publishes."""

    name = "clinlead.search"

    def ready(self) -> None:
        """Index what is published, in the transaction that publishes it.

        The catalogue announces a publish (`catalogue.api.content_published`) and search subscribes, rather than
        `authoring` calling search after publishing: `authoring` and `search` are both doors to the outside world
        (layer 2 of docs/decisions/0017) and independent, and the catalogue, below both, must not import upward.
        Receiving the signal inside `publish`'s transaction makes a reload all or nothing: the index rows are
        replaced with the catalogue's, or neither changes (docs/decisions/0018).
        """
        from clinlead.catalogue.api import content_published

        from .indexing import index_published

        content_published.connect(index_published, dispatch_uid="search.index")
