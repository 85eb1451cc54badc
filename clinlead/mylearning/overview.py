"""What My learning shows: where to carry on, progress per pathway group, and every session with its status.

It is read in a fixed number of queries, whatever the number of sessions, programmes or enrolments: each
app is asked once for everything about the learner, and the rows are put together here.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clinlead.catalogue import api as catalogue
from clinlead.catalogue.data import ProgrammePathways, SessionCard
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning
from clinlead.learning.data import CompletionData, EnrolmentData, ProgressData

from .assigned import AssignedRow, assigned_rows

SessionKey = tuple[str, str]  # (programme key, session key): session keys are unique only in a programme


@dataclass(frozen=True)
class SessionRow:
    key: str
    title: str
    minutes: int
    status: str  # "not-started", "in-progress" or "completed"
    percent: int
    completed_on: datetime.date | None
    certificate_number: str


@dataclass(frozen=True)
class GroupProgress:
    """One group of a pathway (a module theme, a framework domain) and the learner's sessions in it."""

    key: str
    title: str
    sessions: tuple[SessionRow, ...]

    @property
    def completed(self) -> int:
        return sum(1 for s in self.sessions if s.status == "completed")

    @property
    def in_progress(self) -> bool:
        return any(s.status == "in-progress" for s in self.sessions)


@dataclass(frozen=True)
class PathwayProgress:
    key: str
    title: str
    groups: tuple[GroupProgress, ...]


@dataclass(frozen=True)
class ProgrammeRecord:
    """A programme in My learning: added whole (every pathway, every session) or only some of its sessions."""

    key: str
    title: str
    whole: bool
    pathways: tuple[PathwayProgress, ...]  # every pathway, when the whole programme is added
    shown_pathway_key: str  # the pathway that groups the list of sessions
    added: tuple[SessionRow, ...]  # when it is not: the sessions the learner added or opened, in pathway order
    session_count: int  # sessions in the programme
    completed: int  # of the sessions shown
    seconds_spent: int
    certificates: tuple[SessionRow, ...]

    @property
    def shown_pathway(self) -> PathwayProgress | None:
        return next((p for p in self.pathways if p.key == self.shown_pathway_key), None)


@dataclass(frozen=True)
class ContinueAt:
    """The session the learner was last in and has not completed, and the page they were on."""

    programme_key: str
    programme_title: str
    session_key: str
    title: str
    version: int
    page: int
    page_count: int


@dataclass(frozen=True)
class MyLearning:
    continue_at: ContinueAt | None
    programmes: tuple[ProgrammeRecord, ...]
    assigned: tuple[AssignedRow, ...] = ()  # "Assigned to you" (assigned.py)


def _programme_order(enrolments: list[EnrolmentData], activity: list[ProgressData]) -> list[str]:
    """Programmes added whole first, in the order added, then those the learner has only some sessions of."""
    whole = [e.programme_key for e in enrolments if e.whole_programme]
    partly = [e.programme_key for e in enrolments if not e.whole_programme] + [p.programme_key for p in activity]
    return list(dict.fromkeys(whole + partly))


class _Rows:
    """Builds a session's row from the learner's records, read once for the whole page."""

    def __init__(self, user_id: int, activity: list[ProgressData]) -> None:
        self.progress = {(p.programme_key, p.session_key): p for p in activity}
        self.completions: dict[SessionKey, CompletionData] = {
            (c.programme_key, c.session_key): c for c in learning.completions(user_id)
        }
        self.certificates = certificates.for_learner(user_id)

    def status_of(self) -> dict[SessionKey, tuple[str, int]]:
        """(status, percent) of every session the learner has records of."""
        status = {key: (p.status, p.percent) for key, p in self.progress.items()}
        return status | {key: ("completed", 100) for key in self.completions}

    def row(self, programme_key: str, card: SessionCard) -> SessionRow:
        p = self.progress.get((programme_key, card.key))
        done = self.completions.get((programme_key, card.key))
        cert = self.certificates.get(done.uuid) if done else None
        return SessionRow(
            key=card.key,
            title=card.title,
            minutes=card.minutes,
            status="completed" if done else (p.status if p else "not-started"),
            percent=p.percent if p else 0,
            completed_on=timezone.localdate(done.completed_at) if done else None,
            certificate_number=cert.number if cert else "",
        )


def _cards(found: ProgrammePathways) -> dict[str, SessionCard]:
    """Every session of a programme by key, in the order of its first pathway."""
    cards: dict[str, SessionCard] = {}
    for pathway in found.pathways:
        for group in pathway.groups:
            for card in group.sessions:
                cards.setdefault(card.key, card)
    return cards


def _record(
    programme_key: str, found: ProgrammePathways, whole: bool, chosen: set[str], rows: _Rows, pathway_key: str
) -> ProgrammeRecord:
    cards = _cards(found)
    pathways: tuple[PathwayProgress, ...] = ()
    if whole:
        pathways = tuple(
            PathwayProgress(
                pathway.key,
                pathway.title,
                tuple(
                    GroupProgress(g.key, g.title, tuple(rows.row(programme_key, c) for c in g.sessions))
                    for g in pathway.groups
                ),
            )
            for pathway in found.pathways
        )
        shown = [rows.row(programme_key, card) for card in cards.values()]
    else:
        shown = [rows.row(programme_key, card) for key, card in cards.items() if key in chosen]
    keys = {p.key for p in found.pathways}
    return ProgrammeRecord(
        key=programme_key,
        title=found.pathways[0].programme.title,
        whole=whole,
        pathways=pathways,
        shown_pathway_key=pathway_key if pathway_key in keys else found.pathways[0].key,
        added=() if whole else tuple(shown),
        session_count=found.session_count,
        completed=sum(1 for row in shown if row.status == "completed"),
        seconds_spent=sum(p.seconds_spent for (pk, _), p in rows.progress.items() if pk == programme_key),
        certificates=tuple(row for row in shown if row.certificate_number),
    )


def my_learning(user_id: int, pathway_key: str = "") -> MyLearning:
    """Everything My learning shows for a learner, the list of sessions grouped by the pathway asked for."""
    enrolments = learning.enrolments(user_id)
    activity = learning.activity(user_id)  # most recent first
    rows = _Rows(user_id, activity)
    order = _programme_order(enrolments, activity)
    found_by_key = catalogue.every_pathway_of(order)
    whole = {e.programme_key for e in enrolments if e.whole_programme}
    chosen = {(e.programme_key, e.session_key) for e in enrolments} | set(rows.progress) | set(rows.completions)
    records = []
    for programme_key in order:
        found = found_by_key.get(programme_key)
        if found is None or not found.pathways:  # a programme no longer published: nothing to show it with
            continue
        mine = {session_key for pk, session_key in chosen if pk == programme_key}
        records.append(_record(programme_key, found, programme_key in whole, mine, rows, pathway_key))
    assigned = assigned_rows(enrolments, _published_cards(found_by_key), rows.status_of())
    return MyLearning(_continue_at(activity, found_by_key), tuple(records), assigned)


def _published_cards(
    found_by_key: dict[str, ProgrammePathways],
) -> dict[str, tuple[ProgrammePathways, dict[str, SessionCard]]]:
    return {key: (found, _cards(found)) for key, found in found_by_key.items() if found.pathways}


def _continue_at(activity: list[ProgressData], found_by_key: dict[str, ProgrammePathways]) -> ContinueAt | None:
    for p in activity:
        found = found_by_key.get(p.programme_key)
        if p.status != "in-progress" or found is None or not found.pathways:
            continue
        card = _cards(found).get(p.session_key)
        if card is None:  # retired since: the learner cannot carry on in it from here
            continue
        return ContinueAt(
            p.programme_key,
            found.pathways[0].programme.title,
            p.session_key,
            card.title,
            p.version,
            p.current_page,
            p.page_count,
        )
    return None
