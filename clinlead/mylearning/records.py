"""Putting a learner's records together with the catalogue and certificates, as rows for the pages."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import PathwaySummary
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning


@dataclass(frozen=True)
class SessionRow:
    key: str
    title: str
    minutes: int
    status: str  # "not-started", "in-progress" or "completed"
    percent: int
    seconds_spent: int
    score_percent: int | None
    completed_on: datetime.date | None
    certificate_number: str


@dataclass(frozen=True)
class GroupRows:
    title: str
    sessions: tuple[SessionRow, ...]


@dataclass(frozen=True)
class ProgrammeRecord:
    key: str
    title: str
    pathway_key: str
    pathways: tuple[PathwaySummary, ...]
    groups: tuple[GroupRows, ...]
    completed: int
    total: int
    seconds_spent: int


def programme_record(user_id: int, programme_key: str, pathway_key: str) -> ProgrammeRecord:
    overview = catalogue.programme_overview(programme_key)
    keys = [p.key for p in overview.pathways]
    chosen = pathway_key if pathway_key in keys else keys[0]
    pathway = catalogue.pathway(programme_key, chosen)
    progress = learning.programme_progress(user_id, programme_key)
    completions = [c for c in learning.completions(user_id) if c.programme_key == programme_key]
    by_session = {c.session_key: c for c in completions}
    certs = certificates.for_learner(user_id, completions)
    groups = []
    for group in pathway.groups:
        rows = []
        for card in group.sessions:
            p = progress.get(card.key)
            done = by_session.get(card.key)
            cert = certs.get(done.uuid) if done else None
            rows.append(
                SessionRow(
                    key=card.key,
                    title=card.title,
                    minutes=card.minutes,
                    status="completed" if done else (p.status if p else "not-started"),
                    percent=p.percent if p else 0,
                    seconds_spent=p.seconds_spent if p else 0,
                    score_percent=p.score_percent if p else None,
                    completed_on=timezone.localdate(done.completed_at) if done else None,
                    certificate_number=cert.number if cert else "",
                )
            )
        groups.append(GroupRows(group.title, tuple(rows)))
    return ProgrammeRecord(
        key=programme_key,
        title=overview.programme.title,
        pathway_key=chosen,
        pathways=tuple(overview.pathways),
        groups=tuple(groups),
        completed=len(by_session),
        total=overview.session_count,
        seconds_spent=sum(p.seconds_spent for p in progress.values()),
    )


@dataclass(frozen=True)
class ActivityRow:
    programme_title: str
    session_title: str
    started: datetime.date
    last_active: datetime.date
    seconds_spent: int
    score_percent: int | None
    status: str
    completed_on: datetime.date | None
    certificate_number: str


def activity_rows(user_id: int) -> list[ActivityRow]:
    activity = learning.activity(user_id)
    completions = learning.completions(user_id)
    certs = certificates.for_learner(user_id, completions)
    completion_by_session = {(c.programme_key, c.session_key): c for c in completions}
    titles: dict[str, dict[str, str]] = {}
    programme_titles: dict[str, str] = {}
    rows = []
    for p in activity:
        if p.programme_key not in titles:
            titles[p.programme_key] = catalogue.session_titles(p.programme_key)
            programme_titles[p.programme_key] = catalogue.programme_overview(p.programme_key).programme.title
        done = completion_by_session.get((p.programme_key, p.session_key))
        cert = certs.get(done.uuid) if done else None
        rows.append(
            ActivityRow(
                programme_title=programme_titles[p.programme_key],
                session_title=titles[p.programme_key].get(p.session_key, p.session_key),
                started=timezone.localdate(p.started_at),
                last_active=timezone.localdate(p.last_activity_at),
                seconds_spent=p.seconds_spent,
                score_percent=p.score_percent,
                status="completed" if done else p.status,
                completed_on=timezone.localdate(done.completed_at) if done else None,
                certificate_number=cert.number if cert else "",
            )
        )
    return rows
