"""A report as plain data: who is in it (organisations, accounts), what they have done (learning), summed up and
paged. Each step is one api call of a fixed number of queries, so a report costs the same number of queries for
one person as for thousands (docs/decisions/0025)."""

import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.learning import api as learning
from clinlead.organisations import api as organisations

from .filters import ReportForm
from .syllabus import Syllabus

PAGE_SIZE = 50
CHUNK = 2000  # people per round of queries when a whole report is exported


@dataclass(frozen=True)
class Population:
    """The people a report is about, by name, and what it is about."""

    user_ids: list[int]  # sorted by name
    people: dict[int, accounts.PersonData]
    posts: dict[int, int]  # where each works (organisation id)
    organisations: dict[int, organisations.OrganisationData]
    assignments: dict[int, learning.AssignmentCounts]
    programme_key: str
    session_keys: list[str]
    session_titles: dict[str, str]
    since: datetime.date | None
    until: datetime.date | None


def population(
    manager_id: int, form: ReportForm, syllabus: Syllabus, choices: list[organisations.OrganisationData]
) -> Population:
    """Everyone working in the manager's scope who meets the filters of a valid form."""
    where = organisations.scope(manager_id, organisations.Action.VIEW_REPORTS)
    data = form.cleaned_data
    posts = organisations.staff_posts_in(where, form.organisation_id(), data["staff_group"], data["job_role"])
    ids = list(posts)
    if data["profession"]:
        ids = sorted(accounts.with_profession(ids, data["profession"]))
    sessions = form.session_keys()
    counts = learning.assignment_counts(ids, syllabus.programme_key, sessions)
    if data["assigned"] == "assigned":
        ids = [i for i in ids if i in counts]
    elif data["assigned"] == "not-assigned":
        ids = [i for i in ids if i not in counts]
    if data["due"] in ("due", "overdue"):
        ids = [i for i in ids if i in counts and getattr(counts[i], data["due"]) > 0]
    people = accounts.people(ids)
    ordered = sorted((i for i in ids if i in people), key=lambda i: (people[i].name.lower(), i))
    since, until = form.period()
    return Population(
        ordered,
        people,
        posts,
        {o.id: o for o in choices},
        counts,
        syllabus.programme_key,
        sessions,
        syllabus.session_titles,
        since,
        until,
    )


@dataclass(frozen=True)
class Summary:
    people: int
    completions: int
    completion_rate: int | None  # percent of (person, session) pairs completed; None when there are none
    overdue: int  # assignments past their due date and not completed


@dataclass(frozen=True)
class Figures:
    summary: Summary
    by_month: list[tuple[str, int]]  # ("March 2026", completions)
    by_module: list[tuple[str, int]]  # (title, percent)
    by_domain: list[tuple[str, int]]
    overdue_by_site: list[tuple[str, int]]  # (organisation name, overdue assignments)


def _percent(done: int, possible: int) -> int | None:
    return round(100 * done / possible) if possible else None


def figures(found: Population, syllabus: Syllabus) -> Figures:
    """The summary and the charts' data, from one aggregate query over everyone in the report."""
    counts = learning.completion_counts(
        found.user_ids, found.programme_key, found.session_keys, found.since, found.until
    )
    by_session: Counter[str] = Counter()
    by_month: Counter[datetime.date] = Counter()
    for key, month, n in counts:
        by_session[key] += n
        by_month[month] += n
    people = len(found.user_ids)
    in_report = set(found.session_keys)

    def rates(groups: Sequence[object]) -> list[tuple[str, int]]:
        out = []
        for group in groups:
            keys = [k for k in group.session_keys if k in in_report]  # type: ignore[attr-defined]
            rate = _percent(sum(by_session[k] for k in keys), people * len(keys))
            if rate is not None:
                out.append((group.title, rate))  # type: ignore[attr-defined]
        return out

    overdue: Counter[str] = Counter()
    for user_id in found.user_ids:
        late = found.assignments.get(user_id)
        if late and late.overdue:
            where = found.organisations.get(found.posts.get(user_id, 0))
            overdue[where.name if where else "Elsewhere"] += late.overdue
    total = sum(by_session.values())
    return Figures(
        Summary(people, total, _percent(total, people * len(found.session_keys)), sum(overdue.values())),
        [(m.strftime("%B %Y"), n) for m, n in sorted(by_month.items())],
        rates(syllabus.modules),
        rates(syllabus.domains),
        sorted(overdue.items(), key=lambda kv: (-kv[1], kv[0])),
    )


@dataclass(frozen=True)
class PersonRow:
    user_id: int
    name: str
    email: str
    organisation_code: str
    organisation: str
    completed: list[tuple[str, datetime.datetime]]  # (session title, completed at)
    seconds_spent: int
    average_score: int | None
    assigned: int
    due: int
    overdue: int


def person_rows(found: Population, user_ids: Sequence[int]) -> list[PersonRow]:
    """What each of these people (a page of the report) has done: one query."""
    done = learning.completions_of(user_ids, found.programme_key, found.session_keys, found.since, found.until)
    rows = []
    for user_id in user_ids:
        person = found.people[user_id]
        where = found.organisations.get(found.posts.get(user_id, 0))
        mine = done.get(user_id, [])
        scores = [c.score_percent for c in mine if c.score_percent is not None]
        counts = found.assignments.get(user_id, learning.AssignmentCounts(0, 0, 0))
        rows.append(
            PersonRow(
                user_id,
                person.name,
                person.email,
                where.code if where else "",
                where.name if where else "",
                [(found.session_titles.get(c.session_key, c.session_key), c.completed_at) for c in mine],
                sum(c.seconds_spent for c in mine),
                round(sum(scores) / len(scores)) if scores else None,
                counts.assigned,
                counts.due,
                counts.overdue,
            )
        )
    return rows


def all_person_rows(found: Population) -> Iterator[PersonRow]:
    """Everyone in the report, CHUNK people per query, for an export that streams."""
    for start in range(0, len(found.user_ids), CHUNK):
        yield from person_rows(found, found.user_ids[start : start + CHUNK])


@dataclass(frozen=True)
class SessionRow:
    name: str
    email: str
    organisation: str
    completed_at: datetime.datetime | None
    seconds_spent: int | None
    score_percent: int | None
    assigned: bool
    due_on: datetime.date | None

    @property
    def overdue(self) -> bool:
        return self.completed_at is None and self.due_on is not None and self.due_on < timezone.localdate()


def session_rows(found: Population, session_key: str) -> list[SessionRow]:
    """Everyone in the report and whether they completed one session (in the period): two queries."""
    done = learning.completions_of(found.user_ids, found.programme_key, [session_key], found.since, found.until)
    assigned = learning.assignments_of(found.user_ids, found.programme_key, session_key)
    rows = []
    for user_id in found.user_ids:
        person = found.people[user_id]
        where = found.organisations.get(found.posts.get(user_id, 0))
        mine = done.get(user_id)
        completion = mine[0] if mine else None
        rows.append(
            SessionRow(
                person.name,
                person.email,
                where.name if where else "",
                completion.completed_at if completion else None,
                completion.seconds_spent if completion else None,
                completion.score_percent if completion else None,
                user_id in assigned,
                assigned.get(user_id),
            )
        )
    return rows
