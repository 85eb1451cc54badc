"""Reads for pages that show several programmes at once (My learning, My activity, transcripts).

Each function makes a fixed number of queries, whatever the number of programmes or sessions.
"""

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Count, Q

from clinlead.content.data import Html

from . import data
from . import models as m


def pathways_of(programme_keys: Collection[str], preferred_pathway_key: str = "") -> dict[str, data.ProgrammePathway]:
    """For each programme: the preferred pathway if it has one by that key, else its first (five queries)."""
    programmes, live_sessions, pathways_by_programme = _programmes_and_pathways(programme_keys)
    chosen = {
        programme_id: next((p for p in pathways if p.key == preferred_pathway_key), pathways[0])
        for programme_id, pathways in pathways_by_programme.items()
    }
    built = _pathway_data(programmes, pathways_by_programme, list(chosen.values()))
    return {
        programmes[programme_id].key: data.ProgrammePathway(built[found.pk], live_sessions[programme_id])
        for programme_id, found in chosen.items()
    }


def every_pathway_of(programme_keys: Collection[str]) -> dict[str, data.ProgrammePathways]:
    """For each programme: every pathway in order, each with its groups of sessions (four queries)."""
    programmes, live_sessions, pathways_by_programme = _programmes_and_pathways(programme_keys)
    every = [p for pathways in pathways_by_programme.values() for p in pathways]
    built = _pathway_data(programmes, pathways_by_programme, every)
    return {
        programmes[programme_id].key: data.ProgrammePathways(
            tuple(built[p.pk] for p in pathways), live_sessions[programme_id]
        )
        for programme_id, pathways in pathways_by_programme.items()
    }


def _programmes_and_pathways(
    programme_keys: Collection[str],
) -> tuple[dict[int, m.Programme], dict[int, int], dict[int, list[m.Pathway]]]:
    """The programmes by id, how many live sessions each has, and their pathways in order (two queries)."""
    rows = m.Programme.objects.filter(key__in=programme_keys).annotate(
        live_sessions=Count("sessions", filter=Q(sessions__retired=False), distinct=True)
    )
    programmes: dict[int, m.Programme] = {}
    live_sessions: dict[int, int] = {}
    for programme in rows:
        programmes[programme.pk] = programme
        live_sessions[programme.pk] = programme.live_sessions
    pathways_by_programme: dict[int, list[m.Pathway]] = defaultdict(list)
    for found in m.Pathway.objects.filter(programme_id__in=programmes).order_by("order", "key"):
        pathways_by_programme[found.programme_id].append(found)
    return programmes, live_sessions, pathways_by_programme


def _pathway_data(
    programmes: dict[int, m.Programme], pathways_by_programme: dict[int, list[m.Pathway]], wanted: list[m.Pathway]
) -> dict[int, data.PathwayData]:
    """The wanted pathways with their groups and sessions, by pathway id (two queries)."""
    wanted_ids = [p.pk for p in wanted]
    groups_by_pathway: dict[int, list[m.PathwayGroup]] = defaultdict(list)
    for group in m.PathwayGroup.objects.filter(pathway_id__in=wanted_ids).select_related("domain"):
        groups_by_pathway[group.pathway_id].append(group)
    cards_by_group: dict[int, list[data.SessionCard]] = defaultdict(list)
    entries = (
        m.PathwayEntry.objects.filter(group__pathway_id__in=wanted_ids, session__retired=False)
        .select_related("session__current_version")
        .order_by("group_id", "position")
    )
    for entry in entries:
        version = entry.session.current_version
        if version is not None:
            cards_by_group[entry.group_id].append(
                data.SessionCard(
                    entry.session.key, version.title, version.summary, version.minutes, version.sample, version.version
                )
            )
    result = {}
    for found in wanted:
        programme = programmes[found.programme_id]
        summary = data.ProgrammeSummary(programme.key, programme.title, programme.summary)
        groups = tuple(
            data.PathwayGroupData(
                group.key,
                group.title,
                Html(group.intro_html),
                group.domain.key if group.domain else "",
                tuple(cards_by_group[group.pk]),
            )
            for group in groups_by_pathway[found.pk]
        )
        pathways = tuple(data.PathwaySummary(p.key, p.title, p.summary) for p in pathways_by_programme[programme.pk])
        result[found.pk] = data.PathwayData(
            summary, found.key, found.title, found.summary, Html(found.intro_html), groups, pathways
        )
    return result


def titles_of(programme_keys: Collection[str]) -> dict[str, data.ProgrammeTitles]:
    """Programme titles and every session's current title, by programme key (two queries)."""
    titles: dict[str, dict[str, str]] = defaultdict(dict)
    rows = m.Session.objects.filter(programme__key__in=programme_keys).values_list(
        "programme__key", "key", "current_version__title"
    )
    for programme_key, session_key, title in rows:
        titles[programme_key][session_key] = title or session_key
    return {
        key: data.ProgrammeTitles(data.ProgrammeSummary(key, title, summary), titles[key])
        for key, title, summary in m.Programme.objects.filter(key__in=programme_keys).values_list(
            "key", "title", "summary"
        )
    }
