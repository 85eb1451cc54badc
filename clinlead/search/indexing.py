"""The one place that writes the search index: when the catalogue publishes, in the same transaction.

Rows are matched by (programme, kind, key) and only what differs is written, so loading the same content
twice writes nothing; an item no longer published is removed. The full-text structures follow the rows by
themselves (FTS5 triggers on SQLite, a generated column on PostgreSQL; migration 0001).
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from clinlead.content.data import Programme

from .documents import Document, documents_of
from .models import SearchEntry, SearchEntryDomain

_FIELDS = ("programme_title", "title", "summary", "body", "minutes")


def index_published(sender: object, programmes: tuple[Programme, ...], **kwargs: Any) -> None:
    """Receiver of `catalogue.api.content_published`."""
    reindex(programmes)


def reindex(programmes: Iterable[Programme]) -> int:
    """Make the index match these programmes, as published; programmes not named are left alone.

    Returns how many entries were created, changed or removed.
    """
    written = 0
    with transaction.atomic():
        for programme in programmes:
            written += _sync(programme.key, documents_of(programme))
    return written


def _sync(programme_key: str, documents: list[Document]) -> int:
    existing = {
        (entry.kind, entry.key): entry
        for entry in SearchEntry.objects.filter(programme_key=programme_key).prefetch_related("domains")
    }
    written = 0
    new: list[tuple[SearchEntry, Document]] = []
    for document in documents:
        entry = existing.pop((document.kind, document.key), None)
        if entry is None:
            entry = SearchEntry(
                programme_key=programme_key,
                kind=document.kind,
                key=document.key,
                **{name: getattr(document, name) for name in _FIELDS},
            )
            new.append((entry, document))
            continue
        changed = [name for name in _FIELDS if getattr(entry, name) != getattr(document, name)]
        if changed:
            for name in changed:
                setattr(entry, name, getattr(document, name))
            entry.save(update_fields=changed)
        if tuple((d.key, d.title, d.position) for d in entry.domains.all()) != document.domains:
            entry.domains.all().delete()
            _add_domains([(entry, document)])
            changed.append("domains")
        written += bool(changed)
    if new:
        SearchEntry.objects.bulk_create([entry for entry, _ in new])
        _add_domains(new)
        written += len(new)
    if existing:
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in existing.values()]).delete()
        written += len(existing)
    return written


def _add_domains(pairs: list[tuple[SearchEntry, Document]]) -> None:
    SearchEntryDomain.objects.bulk_create(
        SearchEntryDomain(entry=entry, key=key, title=title, position=position)
        for entry, document in pairs
        for key, title, position in document.domains
    )
