"""Plain data the sharing pages show."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class GrantData:
    id: int  # inside the site only: addresses carry the uuid
    uuid: str
    learner_id: int
    grantee_email: str
    include_reflections: bool
    created_at: datetime.datetime
    ends_on: datetime.date
    revoked_at: datetime.datetime | None
    active: bool  # neither revoked nor past its end date


@dataclass(frozen=True)
class LinkData:
    id: int
    uuid: str
    learner_id: int
    label: str
    include_reflections: bool
    created_at: datetime.datetime
    ends_on: datetime.date
    revoked_at: datetime.datetime | None
    active: bool


@dataclass(frozen=True)
class ReadData:
    viewed_at: datetime.datetime
    when: str  # "3 December 2026 at 16:40", in the site's time zone
    route: str  # "grant" or "link"
    who: str  # the address granted, or the link's label
    what: str


@dataclass(frozen=True)
class SharedWithMe:
    """A record shared with the signed-in person, for their list."""

    grant_uuid: str
    learner_name: str
    ends_on: datetime.date
    include_reflections: bool
