"""The one place that writes the catalogue: publishing programmes (read from files by `authoring`).

Everything is matched by key and only what differs is written, so loading the same
content twice changes nothing. Session content is versioned: a changed session must
carry a higher version, and earlier versions are kept for the learners inside them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from clinlead.content import data
from clinlead.content.api import pages_to_stored, video_files_to_stored

from . import models as m
from .events import content_published

ModelT = TypeVar("ModelT", bound=models.Model)


class LoadError(Exception):
    """Content that reads well on its own but cannot be loaded over what is already there."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    new_versions: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted or self.new_versions)


def publish(programmes: Iterable[data.Programme]) -> LoadReport:
    """Publish all programmes in one transaction: all of it lands or none of it does."""
    programmes = tuple(programmes)
    report = LoadReport()
    problems: list[str] = []
    with transaction.atomic():
        for programme in programmes:
            _ProgrammeLoader(programme, report, problems).load()
        if problems:
            # Raising inside atomic() rolls back every write made so far.
            raise LoadError(problems)
        # Inside the transaction: a receiver that fails (the search index) rolls the publish back (events.py).
        content_published.send(sender=publish, programmes=programmes)
    return report


def _sync(
    model: type[ModelT],
    existing: Iterable[ModelT],
    desired: Mapping[str, dict[str, Any]],
    report: LoadReport,
    key_field: str = "key",
    parent: dict[str, Any] | None = None,
) -> dict[str, ModelT]:
    """Make the rows match `desired` (key -> field values): create, update what differs, delete the rest."""
    by_key = {getattr(row, key_field): row for row in existing}
    result: dict[str, ModelT] = {}
    for key, values in desired.items():
        row = by_key.pop(key, None)
        if row is None:
            row = model._default_manager.create(**(parent or {}), **{key_field: key}, **values)
            report.created += 1
        else:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                row.save(update_fields=changed)
                report.updated += 1
        result[key] = row
    for row in by_key.values():
        row.delete()
        report.deleted += 1
    return result


def _set_many(manager: Any, wanted: Iterable[models.Model], report: LoadReport) -> None:
    wanted_ids = {obj.pk for obj in wanted}
    if set(manager.values_list("pk", flat=True)) != wanted_ids:
        manager.set(wanted_ids)
        report.updated += 1


class _ProgrammeLoader:
    def __init__(self, source: data.Programme, report: LoadReport, problems: list[str]) -> None:
        self.source = source
        self.report = report
        self.problems = problems

    def load(self) -> None:
        source = self.source
        framework = source.framework
        programmes = _sync(
            m.Programme,
            m.Programme.objects.filter(key=source.key),
            {
                source.key: {
                    "title": source.title,
                    "summary": source.summary,
                    "intro_html": source.intro_html,
                    "framework_key": framework.key,
                    "framework_title": framework.title,
                    "framework_summary": framework.summary,
                    "framework_intro_html": framework.intro_html,
                }
            },
            self.report,
        )
        self.programme = programmes[source.key]
        self._load_site_pages()
        domains, elements = self._load_framework()
        sessions = self._load_sessions(elements)
        self._load_pathways(domains, sessions)
        self._load_library(domains)

    def _load_site_pages(self) -> None:
        desired = {
            page.slug: {"title": page.title, "summary": page.summary, "order": page.order, "html": page.html}
            for page in self.source.pages
        }
        _sync(m.SitePage, self.programme.site_pages.all(), desired, self.report, "slug", {"programme": self.programme})

    def _load_framework(self) -> tuple[dict[str, m.Domain], dict[str, m.Element]]:
        parent = {"programme": self.programme}
        desired = {
            domain.key: {"title": domain.title, "summary": domain.summary, "senior": domain.senior, "position": index}
            for index, domain in enumerate(self.source.framework.domains)
        }
        domains = _sync(m.Domain, self.programme.domains.all(), desired, self.report, parent=parent)
        elements: dict[str, m.Element] = {}
        existing = m.Element.objects.filter(domain__programme=self.programme)
        existing_by_domain: dict[int, list[m.Element]] = {}
        for element in existing:
            existing_by_domain.setdefault(element.domain_id, []).append(element)
        for source_domain in self.source.framework.domains:
            domain = domains[source_domain.key]
            desired_elements = {
                element.key: {"title": element.title, "summary": element.summary, "position": index}
                for index, element in enumerate(source_domain.elements)
            }
            elements |= _sync(
                m.Element,
                existing_by_domain.get(domain.pk, []),
                desired_elements,
                self.report,
                parent={"domain": domain},
            )
        return domains, elements

    def _load_sessions(self, elements: dict[str, m.Element]) -> dict[str, m.Session]:
        existing = {
            session.key: session
            for session in self.programme.sessions.select_related("current_version").prefetch_related("elements")
        }
        sessions: dict[str, m.Session] = {}
        for source in sorted(self.source.sessions, key=lambda s: s.key):
            session = existing.pop(source.key, None)
            if session is None:
                session = m.Session.objects.create(programme=self.programme, key=source.key)
                self.report.created += 1
            self._load_version(session, source)
            if session.retired:
                session.retired = False
                session.save(update_fields=["retired"])
                self.report.updated += 1
            _set_many(session.elements, (elements[key] for key in source.element_keys), self.report)
            sessions[source.key] = session
        for session in existing.values():
            # Kept, not deleted: learners' records and certificates point at it.
            if not session.retired:
                session.retired = True
                session.save(update_fields=["retired"])
                self.report.updated += 1
        return sessions

    def _load_version(self, session: m.Session, source: data.Session) -> None:
        current = session.current_version
        if current is not None and current.source_hash == source.source_hash:
            return
        if current is not None and source.version <= current.version:
            self.problems.append(
                f"{Path(source.source_path).name}: session '{source.key}' has changed since version "
                f"{current.version} was loaded; raise 'version' to {current.version + 1} so learners "
                f"inside version {current.version} are not disturbed"
            )
            return
        version = m.SessionVersion.objects.create(
            session=session,
            version=source.version,
            title=source.title,
            summary=source.summary,
            minutes=source.minutes,
            sample=source.sample,
            objectives=list(source.objectives),
            element_keys=list(source.element_keys),
            pages=pages_to_stored(source.pages),
            page_count=len(source.pages),
            pass_mark=source.pass_mark,
            esr_competence=source.esr_competence,
            esr_expiry_months=source.esr_expiry_months,
            source_hash=source.source_hash,
        )
        session.current_version = version
        session.save(update_fields=["current_version"])
        self.report.new_versions.append(f"{source.key} v{source.version}")

    def _load_pathways(self, domains: dict[str, m.Domain], sessions: dict[str, m.Session]) -> None:
        desired = {
            pathway.key: {
                "title": pathway.title,
                "summary": pathway.summary,
                "order": pathway.order,
                "intro_html": pathway.intro_html,
            }
            for pathway in self.source.pathways
        }
        pathways = _sync(
            m.Pathway, self.programme.pathways.all(), desired, self.report, parent={"programme": self.programme}
        )
        existing_groups = (
            m.PathwayGroup.objects.filter(pathway__programme=self.programme)
            .select_related("domain")
            .prefetch_related("entries__session")
            .order_by("pathway_id", "position")
        )
        current: dict[int, list[tuple[Any, ...]]] = {}
        for group in existing_groups:
            current.setdefault(group.pathway_id, []).append(_group_signature(group))
        for source in self.source.pathways:
            pathway = pathways[source.key]
            wanted = [
                (g.key, g.title, g.intro_html, g.domain_key or None, tuple(g.session_keys)) for g in source.groups
            ]
            if current.get(pathway.pk, []) == wanted:
                continue
            # A pathway's grouping changed: rebuild its groups; sessions and learners' records are untouched.
            pathway.groups.all().delete()
            for position, group_source in enumerate(source.groups):
                group = m.PathwayGroup.objects.create(
                    pathway=pathway,
                    key=group_source.key,
                    title=group_source.title,
                    intro_html=group_source.intro_html,
                    domain=domains.get(group_source.domain_key),
                    position=position,
                )
                m.PathwayEntry.objects.bulk_create(
                    m.PathwayEntry(group=group, session=sessions[key], position=index)
                    for index, key in enumerate(group_source.session_keys)
                )
            self.report.updated += 1

    def _load_library(self, domains: dict[str, m.Domain]) -> None:
        desired = {
            item.key: {
                "title": item.title,
                "kind": item.kind,
                "summary": item.summary,
                "minutes": item.minutes,
                "html": item.html,
                "video": video_files_to_stored(item.video) if item.video else {},
            }
            for item in self.source.library
        }
        items = _sync(
            m.LibraryItem,
            self.programme.library_items.prefetch_related("domains"),
            desired,
            self.report,
            parent={"programme": self.programme},
        )
        for source in self.source.library:
            _set_many(items[source.key].domains, (domains[key] for key in source.domain_keys), self.report)


def _group_signature(group: m.PathwayGroup) -> tuple[Any, ...]:
    return (
        group.key,
        group.title,
        group.intro_html,
        group.domain.key if group.domain else None,
        tuple(entry.session.key for entry in group.entries.all()),
    )
