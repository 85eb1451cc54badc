"""The search index: one row per session (its current version) or library item, with its text flattened.

The full-text structures live beside these tables and are made by migration 0001 for the database in use:
an FTS5 table kept in step by triggers on SQLite, a generated `tsvector` column with a GIN index on PostgreSQL.
Rows are written only by `indexing.py`, when the catalogue publishes.
"""

from django.db import models

# What a result is, as the filter and the page name it.
KIND_SESSION = "session"
KIND_ARTICLE = "article"
KIND_VIDEO = "video"
KINDS = (KIND_SESSION, KIND_ARTICLE, KIND_VIDEO)


class SearchEntry(models.Model):
    id = models.BigAutoField(primary_key=True)
    programme_key = models.CharField(max_length=100)
    programme_title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=[(kind, kind) for kind in KINDS])
    key = models.CharField(max_length=100)
    title = models.CharField(max_length=300)
    summary = models.TextField()
    body = models.TextField()  # every page's words, transcripts included, as plain text
    minutes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme_key", "kind", "key"], name="search_entry_unique_item"),
        ]
        indexes = [models.Index(fields=["kind", "minutes"], name="search_entry_kind_minutes")]

    def __str__(self) -> str:
        return f"{self.kind} {self.programme_key}/{self.key}"


class SearchEntryDomain(models.Model):
    """A framework domain an entry belongs to (a session's through its elements), for the filter and the page."""

    id = models.BigAutoField(primary_key=True)
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="domains")
    key = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    position = models.PositiveIntegerField()  # the framework's order

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="search_entry_domain_unique")]
        indexes = [models.Index(fields=["key", "entry"], name="search_domain_key_entry")]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"
