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
