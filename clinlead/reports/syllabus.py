"""What a report can be about: the first programme's sessions, grouped in the modules of its first pathway (as
managers assign them, workforce's enrol page) and in the domains of its competency framework.

Kept in the shared cache (Redis in production) between requests: building it reads the programme, its pathway and
its framework, about 300 ms of a report on a trust of 10,000 staff (docs/decisions/0025), and it changes only when
content is published. Each publish gives the catalogue a new stamp once it commits, so every web process and worker
builds it again after a `loadcontent` run anywhere.
"""

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction

from clinlead.catalogue import api as catalogue

_STAMP = "reports:syllabus-stamp"
_KEPT_FOR = 24 * 60 * 60  # seconds; a stamp outlives its syllabus, so an old one is never read after a publish


@dataclass(frozen=True)
class Group:
    """A module or a domain: a titled set of sessions."""

    key: str
    title: str
    session_keys: tuple[str, ...]


@dataclass(frozen=True)
class Syllabus:
    programme_key: str
    programme_title: str
    session_titles: dict[str, str]  # every session, in the pathway's order where it has one
    modules: tuple[Group, ...]
    domains: tuple[Group, ...]


def syllabus() -> Syllabus | None:
    """The first programme (by title) and its modules and domains; None before any content is loaded."""
    # The stamp is read before building: a publish that commits while this builds gives a new stamp, and what this
    # built is kept under the old one, never read again.
    cache.add(_STAMP, uuid.uuid4().hex, timeout=None)
    key = f"reports:syllabus:{cache.get(_STAMP)}"
    found = cache.get(key)
    if found is None:
        found = _built()
        if found is not None:
            cache.set(key, found, timeout=_KEPT_FOR)
    return found  # type: ignore[no-any-return]


def content_published(sender: Any, **kwargs: Any) -> None:
    """Receiver of `catalogue.api.content_published` (sent inside the publish's transaction)."""
    transaction.on_commit(lambda: cache.set(_STAMP, uuid.uuid4().hex, timeout=None))


def _built() -> Syllabus | None:
    programmes = catalogue.list_programmes()
    if not programmes:
        return None
    programme = programmes[0]
    titles = catalogue.session_titles(programme.key)
    groups = catalogue.first_pathway_groups(programme.key)
    modules = tuple(Group(g.key, g.title, tuple(s.key for s in g.sessions)) for g in groups)
    domains = tuple(
        Group(d.key, d.title, tuple(dict.fromkeys(s.key for e in d.elements for s in e.sessions)))
        for d in catalogue.framework(programme.key).domains
    )
    ordered = [k for m in modules for k in m.session_keys] + sorted(titles, key=lambda k: titles[k])
    return Syllabus(
        programme.key, programme.title, {k: titles[k] for k in dict.fromkeys(ordered) if k in titles}, modules, domains
    )
