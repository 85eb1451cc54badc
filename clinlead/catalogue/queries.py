"""Reads for the website and the player. Each function makes a fixed number of queries,
whatever the number of sessions, and returns plain data (see data.py)."""

from collections import defaultdict
from functools import lru_cache

from django.db.models import Count, Q, QuerySet

from clinlead.content.api import pages_from_stored, video_files_from_stored
from clinlead.content.data import Html, Page

from . import data
from . import models as m
from .batches import pathways_of


class NotFound(Exception):
    """Nothing by that key: the website and player answer 404."""


def _programme(key: str) -> m.Programme:
    try:
        return m.Programme.objects.get(key=key)
    except m.Programme.DoesNotExist as error:
        raise NotFound(f"no programme '{key}'") from error


def _summary(programme: m.Programme) -> data.ProgrammeSummary:
    return data.ProgrammeSummary(programme.key, programme.title, programme.summary)


def _live_sessions(programme: m.Programme) -> QuerySet[m.Session]:
    return m.Session.objects.filter(programme=programme, retired=False, current_version__isnull=False)


def _card(version: m.SessionVersion, key: str) -> data.SessionCard:
    return data.SessionCard(key, version.title, version.summary, version.minutes, version.sample, version.version)


def _site_page_summaries(programme: m.Programme) -> tuple[data.SitePageSummary, ...]:
    rows = programme.site_pages.values_list("slug", "title", "summary")
    return tuple(data.SitePageSummary(*row) for row in rows)


def _pathway_summaries(programme: m.Programme) -> tuple[data.PathwaySummary, ...]:
    return tuple(data.PathwaySummary(*row) for row in programme.pathways.values_list("key", "title", "summary"))


def list_programmes() -> list[data.ProgrammeSummary]:
    """Every programme, by title."""
    return [
        data.ProgrammeSummary(*row)
        for row in m.Programme.objects.order_by("title").values_list("key", "title", "summary")
    ]


def programme_overview(key: str) -> data.ProgrammeOverview:
    """A programme's landing page: its introduction, framework, site pages, pathways, samples and counts."""
    programme = _programme(key)
    counts = m.Programme.objects.filter(pk=programme.pk).aggregate(
        sessions=Count("sessions", filter=Q(sessions__retired=False), distinct=True),
        library=Count("library_items", distinct=True),
    )
    samples = (
        _live_sessions(programme)
        .filter(current_version__sample=True)
        .select_related("current_version")
        .order_by("current_version__title")
    )
    return data.ProgrammeOverview(
        programme=_summary(programme),
        intro_html=Html(programme.intro_html),
        framework_title=programme.framework_title,
        framework_summary=programme.framework_summary,
        domains=tuple(programme.domains.values_list("key", "title", "senior")),
        pages=_site_page_summaries(programme),
        pathways=_pathway_summaries(programme),
        samples=tuple(_card(_current_version(session), session.key) for session in samples),
        session_count=counts["sessions"],
        library_count=counts["library"],
    )


def site_page(programme_key: str, slug: str) -> data.SitePageData:
    """One of the programme's site pages (about, FAQ...), with the list of all of them; NotFound if none."""
    programme = _programme(programme_key)
    try:
        page = programme.site_pages.get(slug=slug)
    except m.SitePage.DoesNotExist as error:
        raise NotFound(f"no page '{slug}'") from error
    return data.SitePageData(
        _summary(programme), page.slug, page.title, page.summary, Html(page.html), _site_page_summaries(programme)
    )


def framework(programme_key: str) -> data.FrameworkData:
    """The competency framework: its domains and elements, each element with the sessions that cover it."""
    programme = _programme(programme_key)
    coverage: dict[int, list[data.SessionCard]] = defaultdict(list)
    links = (
        m.Session.elements.through.objects.filter(
            session__programme=programme, session__retired=False, session__current_version__isnull=False
        )
        .select_related("session__current_version")
        .order_by("session__current_version__title")
    )
    for link in links:
        coverage[link.element_id].append(_card(_current_version(link.session), link.session.key))
    domains = []
    for domain in programme.domains.prefetch_related("elements"):
        elements = tuple(
            data.ElementData(e.key, e.title, e.summary, tuple(coverage[e.pk])) for e in domain.elements.all()
        )
        domains.append(data.DomainData(domain.key, domain.title, domain.summary, domain.senior, elements))
    return data.FrameworkData(
        _summary(programme),
        programme.framework_key,
        programme.framework_title,
        programme.framework_summary,
        Html(programme.framework_intro_html),
        tuple(domains),
    )


def first_pathway_groups(programme_key: str) -> tuple[data.PathwayGroupData, ...]:
    """The groups (modules) of the programme's first pathway, each with its sessions in order: what managers and
    reports offer as modules. Empty when the programme has no pathway or does not exist."""
    found = pathways_of([programme_key]).get(programme_key)
    return found.pathway.groups if found is not None else ()


def pathway(programme_key: str, pathway_key: str) -> data.PathwayData:
    """One pathway: its groups of sessions in order, and the other pathways to switch to; NotFound if none."""
    found = pathways_of([programme_key], pathway_key).get(programme_key)
    if found is None:
        _programme(programme_key)  # raises NotFound when there is no such programme
        raise NotFound(f"no pathway '{pathway_key}'")
    if found.pathway.key != pathway_key:  # pathways_of falls back to the first pathway; a page must not
        raise NotFound(f"no pathway '{pathway_key}'")
    return found.pathway


def _session(programme: m.Programme, session_key: str) -> m.Session:
    try:
        return _live_sessions(programme).select_related("current_version").get(key=session_key)
    except m.Session.DoesNotExist as error:
        raise NotFound(f"no session '{session_key}'") from error


def _current_version(session: m.Session) -> m.SessionVersion:
    if session.current_version is None:  # excluded by _live_sessions; kept for the type checker
        raise NotFound(f"session '{session.key}' has no published version")
    return session.current_version


def session_overview(programme_key: str, session_key: str) -> data.SessionOverview:
    """What the current version of a live session covers: objectives, framework elements and page titles."""
    programme = _programme(programme_key)
    session = _session(programme, session_key)
    version = _current_version(session)
    elements = session.elements.select_related("domain").order_by("domain__position", "position")
    return data.SessionOverview(
        programme=_summary(programme),
        key=session.key,
        title=version.title,
        summary=version.summary,
        minutes=version.minutes,
        sample=version.sample,
        version=version.version,
        objectives=tuple(version.objectives),
        elements=tuple(data.ElementRef(e.key, e.title, e.domain.key, e.domain.title) for e in elements),
        page_titles=tuple(page["title"] for page in version.pages),
    )


def playable_session(programme_key: str, session_key: str, version_number: int | None) -> data.PlayableSession:
    """A given version of a session (or the current one), even if a newer version has been published since."""
    programme = _programme(programme_key)
    try:
        session = (
            _live_sessions(programme)
            .select_related("current_version")
            .defer("current_version__pages")
            .get(key=session_key)
        )
    except m.Session.DoesNotExist as error:
        raise NotFound(f"no session '{session_key}'") from error
    current = _current_version(session)
    version = current
    if version_number is not None and version_number != current.version:
        version = session.versions.defer("pages").filter(version=version_number).first()  # type: ignore[assignment]
        if version is None:
            raise NotFound(f"no version {version_number} of '{session_key}'")
    return data.PlayableSession(
        _summary(programme),
        session.key,
        version.title,
        version.sample,
        version.version,
        current.version,
        _pages_of_version(version.pk, version.source_hash, programme.key),
        version.pass_mark,
    )


@lru_cache(maxsize=512)
def _pages_of_version(version_id: int, source_hash: str, programme_key: str) -> tuple[Page, ...]:
    """A version's pages, decoded once per process: versions are never changed once written (0005).

    The source hash and programme are part of the key so that a row id reused after a database is
    recreated (as test databases are) can never return another version's pages.
    """
    return pages_from_stored(m.SessionVersion.objects.values_list("pages", flat=True).get(pk=version_id))


def library(programme_key: str, domain_key: str = "") -> data.LibraryData:
    """The open library, all of it or the items of one framework domain."""
    programme = _programme(programme_key)
    domains = tuple(programme.domains.values_list("key", "title"))
    items = programme.library_items.prefetch_related("domains")
    if domain_key:
        items = items.filter(domains__key=domain_key)
    return data.LibraryData(
        _summary(programme),
        domains,
        domain_key if domain_key in dict(domains) else "",
        tuple(_library_card(item) for item in items),
    )


def _library_card(item: m.LibraryItem) -> data.LibraryItemCard:
    return data.LibraryItemCard(
        item.key, item.title, item.kind, item.summary, item.minutes, tuple(d.key for d in item.domains.all())
    )


def library_item(programme_key: str, item_key: str) -> data.LibraryItemData:
    """One library item: an e-article, or a video with its captions and transcript; NotFound if none."""
    programme = _programme(programme_key)
    try:
        item = programme.library_items.prefetch_related("domains").get(key=item_key)
    except m.LibraryItem.DoesNotExist as error:
        raise NotFound(f"no library item '{item_key}'") from error
    return data.LibraryItemData(
        _summary(programme),
        _library_card(item),
        tuple(d.title for d in item.domains.all()),  # by name, as people know them ("Working with Others")
        Html(item.html),
        video_files_from_stored(item.video) if item.video else None,
    )


def version_details(programme_key: str, session_key: str, version_number: int) -> data.VersionDetails:
    """Title and framework elements of one version of a session, for records and certificates."""
    programme = _programme(programme_key)
    version = (
        m.SessionVersion.objects.filter(session__programme=programme, session__key=session_key, version=version_number)
        .only("title", "minutes", "element_keys")
        .first()
    )
    if version is None:
        raise NotFound(f"no version {version_number} of '{session_key}'")
    elements = {
        e.key: e
        for e in m.Element.objects.filter(domain__programme=programme, key__in=version.element_keys).select_related(
            "domain"
        )
    }
    refs = tuple(
        data.ElementRef(key, elements[key].title, elements[key].domain.key, elements[key].domain.title)
        for key in version.element_keys
        if key in elements
    )
    return data.VersionDetails(_summary(programme), session_key, version_number, version.title, version.minutes, refs)


def session_titles(programme_key: str) -> dict[str, str]:
    """Current title of every session in a programme, retired ones included (records may name them)."""
    rows = m.Session.objects.filter(programme__key=programme_key).values_list("key", "current_version__title")
    return {key: title or key for key, title in rows}
