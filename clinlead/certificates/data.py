"""Plain data out of `certificates`."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateData:
    """A certificate of completion: what it states, as it was issued. Its PDF is drawn from this alone
    (with the site's address to check it at), so the same data always gives the same bytes."""

    number: str
    completion_uuid: str
    learner_name: str
    programme_key: str
    programme_title: str
    session_key: str
    session_title: str
    domains: tuple[str, ...]
    elements: tuple[str, ...]
    minutes_spent: int
    score_percent: int | None
    completed_on: datetime.date


# Smaller than CertificateData on purpose: the public check shows strangers only these fields (0009).
@dataclass(frozen=True)
class Verification:
    """All a stranger holding a certificate may learn: that it is genuine, whose, for what, when.

    `learner_name` is empty when the learner has deleted their account (docs/decisions/0016).
    """

    number: str
    learner_name: str
    session_title: str
    programme_title: str
    completed_on: datetime.date
