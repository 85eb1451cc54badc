"""Putting a learner's records together with the catalogue and certificates, as rows for the pages.

Each function reads everything it needs in a fixed number of queries, whatever the number of
sessions or enrolled programmes.
"""

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


SessionKey = tuple[str, str]  # (programme key, session key): session keys are unique only in a programme


def programme_records(user_id: int, pathway_key: str) -> list[ProgrammeRecord]:
    """The learner's record in every programme they are enrolled in, in the order they enrolled."""
    enrolled = learning.enrolled_programmes(user_id)
    catalogue_rows = catalogue.pathways_of(enrolled, pathway_key)
    progress = {(p.programme_key, p.session_key): p for p in learning.activity(user_id)}
    completions = {(c.programme_key, c.session_key): c for c in learning.completions(user_id)}
    certs = certificates.for_learner(user_id)
    records = []
    for programme_key in enrolled:
        found = catalogue_rows.get(programme_key)
        if found is None:  # a programme no longer published: nothing to show it with
            continue
        groups = []
        for group in found.pathway.groups:
            rows = []
            for card in group.sessions:
                p = progress.get((programme_key, card.key))
                done = completions.get((programme_key, card.key))
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
        records.append(
            ProgrammeRecord(
                key=programme_key,
                title=found.pathway.programme.title,
                pathway_key=found.pathway.key,
                pathways=found.pathway.pathways,
                groups=tuple(groups),
                completed=sum(1 for key in completions if key[0] == programme_key),
                total=found.session_count,
                seconds_spent=sum(p.seconds_spent for key, p in progress.items() if key[0] == programme_key),
            )
        )
    return records


@dataclass(frozen=True)
class ActivityRow:
    programme_title: str
    session_title: str
    started: datetime.date
    last_active: datetime.date
    seconds_spent: int  # all the time spent in the session so far, revisits included
    score_percent: int | None
    status: str
    completed_on: datetime.date | None
    certificate_number: str
    # What the certificate says (time and score when the session was completed): transcripts print
    # these, so that a transcript and the certificates it lists always agree.
    certified_minutes: int | None
    certified_score_percent: int | None


def activity_rows(user_id: int) -> list[ActivityRow]:
    activity = learning.activity(user_id)
    completions = {(c.programme_key, c.session_key): c for c in learning.completions(user_id)}
    certs = certificates.for_learner(user_id)
    titles = catalogue.titles_of({p.programme_key for p in activity})
    rows = []
    for p in activity:
        done = completions.get((p.programme_key, p.session_key))
        cert = certs.get(done.uuid) if done else None
        found = titles.get(p.programme_key)
        rows.append(
            ActivityRow(
                programme_title=found.programme.title if found else p.programme_key,
                session_title=found.session_titles.get(p.session_key, p.session_key) if found else p.session_key,
                started=timezone.localdate(p.started_at),
                last_active=timezone.localdate(p.last_activity_at),
                seconds_spent=p.seconds_spent,
                score_percent=p.score_percent,
                status="completed" if done else p.status,
                completed_on=timezone.localdate(done.completed_at) if done else None,
                certificate_number=cert.number if cert else "",
                certified_minutes=cert.minutes_spent if cert else None,
                certified_score_percent=cert.score_percent if cert else None,
            )
        )
    return rows
