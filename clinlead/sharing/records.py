"""A learner's record as a grantee or a share link shows it, read through learning, certificates, catalogue and
accounts in a fixed number of queries whatever its length."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning


@dataclass(frozen=True)
class CompletedSession:
    programme_title: str
    session_title: str
    completed_on: datetime.date
    minutes_spent: int | None  # as the certificate states it
    score_percent: int | None
    certificate_number: str
    certificate_url: str  # the public check of the certificate


@dataclass(frozen=True)
class SharedReflection:
    programme_title: str
    session_title: str
    written_on: datetime.date
    text: str


@dataclass(frozen=True)
class SharedRecord:
    learner_name: str
    completed: list[CompletedSession]
    seconds_spent: int  # in every session opened, completed or not
    sessions_started: int
    reflections: list[SharedReflection] | None  # None: not shared


def shared_record(learner_id: int, include_reflections: bool) -> SharedRecord:
    activity = learning.activity(learner_id)
    done = learning.completions(learner_id)
    certs = certificates.for_learner(learner_id)
    thoughts = learning.reflections(learner_id) if include_reflections else []
    keys = {p.programme_key for p in activity} | {c.programme_key for c in done} | {r.programme_key for r in thoughts}
    titles = catalogue.titles_of(keys)

    def named(programme_key: str, session_key: str) -> tuple[str, str]:
        found = titles.get(programme_key)
        if found is None:
            return programme_key, session_key
        return found.programme.title, found.session_titles.get(session_key, session_key)

    completed = []
    for c in done:
        cert = certs.get(c.uuid)
        programme_title, session_title = named(c.programme_key, c.session_key)
        completed.append(
            CompletedSession(
                programme_title,
                session_title,
                timezone.localdate(c.completed_at),
                cert.minutes_spent if cert else None,
                cert.score_percent if cert else c.score_percent,
                cert.number if cert else "",
                certificates.verify_url(cert.number) if cert else "",
            )
        )
    reflections = None
    if include_reflections:
        reflections = [
            SharedReflection(*named(r.programme_key, r.session_key), timezone.localdate(r.answered_at), r.text)
            for r in thoughts
        ]
    return SharedRecord(
        learner_name=accounts.learner(learner_id).name_on_certificates,
        completed=completed,
        seconds_spent=sum(p.seconds_spent for p in activity),
        sessions_started=len(activity),
        reflections=reflections,
    )
