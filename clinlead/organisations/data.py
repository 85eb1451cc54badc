"""Plain data in and out of `organisations`."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class OrganisationData:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    eligible: bool
    parent_id: int | None
    depth: int  # 0 at the top of the tree
    postcode: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    email_domains: tuple[str, ...]
    path: str = ""  # its place in the tree (tree.py), for Scope.covers


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation as a registry file gives it; `line` is where it is in the file (for messages)."""

    line: int
    code: str
    name: str
    parent_code: str
    postcode: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    kind: str
    eligible: bool
    email_domains: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """What is wrong with an input, and where: the line (or row) and column a person can find it at."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the file"
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


# The organisation pages (orgpages): a page of the registry, and who holds which role.
@dataclass(frozen=True)
class OrganisationsPage:
    """One page of the organisations in a person's scope, in tree order (each under its parent)."""

    items: tuple[OrganisationData, ...]
    total: int  # in scope and matching the search, on every page
    page: int  # from 1
    pages: int
    query: str
    top_depth: int  # the depth of the highest organisation in scope, so the list indents from there


@dataclass(frozen=True)
class RoleHolder:
    """A role someone holds at an organisation: granted there, or above it (inherited), or everywhere."""

    grant_id: int
    user_id: int
    role: str
    role_label: str
    organisation_id: int | None  # None: a platform administrator's role, over the whole service
    organisation_code: str
    organisation_name: str
    inherited: bool  # granted at an organisation above the one being looked at
    granted_at: datetime.datetime


@dataclass(frozen=True)
class Granted:
    """The outcome of granting a role: who to, and whether they held it already."""

    user_id: int
    role_label: str
    already_held: bool


# Licences, seats and free access by employment (licences.py, access.py; docs/decisions/0022).


@dataclass(frozen=True)
class LicenceData:
    id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    organisation_path: str
    programme_keys: tuple[str, ...]
    seats: int
    seats_in_use: int
    starts_on: datetime.date
    ends_on: datetime.date
    reference: str

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_in_use, 0)

    def status(self, today: datetime.date) -> str:
        """ "current", "expired" or "not started" on that day."""
        if today > self.ends_on:
            return "expired"
        return "not started" if today < self.starts_on else "current"


@dataclass(frozen=True)
class LicenceAccess:
    """What a person's organisations' licences give them for a programme, today.

    `state` is one of HELD (they hold a seat on a current licence), FREE (a seat is free on one), FULL (current
    licences cover it and every seat is taken), EXPIRED (a licence covered it and ended on `ended_on`), NONE."""

    HELD = "held"
    FREE = "free"
    FULL = "full"
    EXPIRED = "expired"
    NONE = "none"

    state: str
    licence_id: int | None = None  # the licence held, or with a seat free
    organisation_name: str = ""  # whose licence it is (or was)
    ended_on: datetime.date | None = None  # for EXPIRED

    @property
    def allowed(self) -> bool:
        return self.state in (self.HELD, self.FREE)


@dataclass(frozen=True)
class SeatsTaken:
    """What taking seats for people did: all of them, or none (`enough` False) with what a manager can do."""

    enough: bool
    taken: int  # seats taken now
    already_held: int  # people who held a seat already
    seats_left: int  # free seats after this (before it, when nothing was taken)
    message: str  # for the manager


class LicenceProblems(Exception):
    """A licence that cannot be saved as given: a message for each field (organisation_code, programme_keys,
    seats, starts_on, ends_on, reference)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors
