"""A learner's activity put together with the catalogue and certificates, as rows for My activity and transcripts.

It reads everything it needs in a fixed number of queries, whatever the number of sessions or programmes
(My learning's own rows are in overview.py).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clinlead.catalogue import api as catalogue
from clinlead.certificates import api as certificates
from clinlead.learning import api as learning


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
