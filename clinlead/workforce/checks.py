"""Checking a staff list's rows, a chunk at a time, with one bulk look-up of each kind per chunk.

What a row says is checked on its own (addresses, names, professions, dates, sessions); what needs the database
(organisations, accounts, ESR numbers, where people work already) is looked up for the whole chunk at once, so
the number of queries grows with the number of chunks, never with the number of rows. Duplicates are found across
the whole file: the second row names the first one's row.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from clinlead.accounts import api as accounts
from clinlead.catalogue import api as catalogue
from clinlead.organisations import api as organisations

from .columns import OPTIONAL, REQUIRED, Columns
from .data import Problem, Severity, StaffRow
from .spreadsheets import Cell

# Longest values the commit can store (accounts' User and organisations' Employment).
MAX_LENGTHS = {"email": 254, "esr_number": 30, "job_role": 150, "staff_group": 100}
# ESR number may be blank: GP practices, care homes and hospices do not use the NHS's Electronic Staff Record.
MUST_HAVE_VALUE = ("email", "first_name", "last_name", "job_role", "staff_group", "profession", "organisation_code")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_AHP = "allied health professional: "


@dataclass(frozen=True)
class Programme:
    key: str
    sessions: frozenset[str]  # those a person can be enrolled on
    retired: frozenset[str]  # sessions that were offered once
    modules: dict[str, tuple[str, ...]]  # module key (and "pathway/module") -> its sessions in order


@dataclass
class FileChecks:
    """What holds for the whole file: who is uploading, the catalogue, and what earlier chunks have seen."""

    manager_scope: organisations.Scope
    today: datetime.date
    columns: Columns
    default_programme: str  # the one programme, when there is only one
    professions: dict[str, str]
    programmes: dict[str, Programme | None] = field(default_factory=dict)
    known_organisations: dict[str, organisations.OrganisationData | None] = field(default_factory=dict)
    first_row_of_email: dict[str, int] = field(default_factory=dict)
    first_row_of_esr: dict[str, int] = field(default_factory=dict)
    first_row_of_person: dict[int, tuple[int, str]] = field(default_factory=dict)  # user id -> (row, address)


def file_checks(manager_id: int, columns: Columns, today: datetime.date) -> FileChecks:
    """Everything a file's checks share, looked up once (a fixed number of queries)."""
    programmes = catalogue.list_programmes()
    professions: dict[str, str] = {}
    for key, label in accounts.PROFESSION_CHOICES:
        professions[key] = key
        professions[label.lower()] = key
        if label.lower().startswith(_AHP):
            professions.setdefault(label.lower().removeprefix(_AHP), key)
    return FileChecks(
        manager_scope=organisations.scope(manager_id, organisations.Action.REGISTER_PEOPLE),
        today=today,
        columns=columns,
        default_programme=programmes[0].key if len(programmes) == 1 else "",
        professions=professions,
    )


def _programme(checks: FileChecks, key: str) -> Programme | None:
    """A programme's sessions and modules (the groups of its pathways), read once per file."""
    if key not in checks.programmes:
        titles = catalogue.titles_of([key]).get(key)  # every session, retired ones included
        if titles is None:
            checks.programmes[key] = None
        else:
            modules: dict[str, tuple[str, ...]] = {}
            found = catalogue.every_pathway_of([key]).get(key)  # live sessions only
            for pathway in found.pathways if found else ():
                for group in pathway.groups:
                    sessions = tuple(card.key for card in group.sessions)
                    modules.setdefault(group.key, sessions)
                    modules[f"{pathway.key}/{group.key}"] = sessions
            everything = frozenset(titles.session_titles)
            live = frozenset(k for sessions in modules.values() for k in sessions)
            # When every live session is in a pathway (as in the programme we ship), the others are retired;
            # otherwise the catalogue's doors cannot tell a retired session from one outside every pathway.
            if found and found.session_count == len(live):
                checks.programmes[key] = Programme(key, live, everything - live, modules)
            else:
                checks.programmes[key] = Programme(key, everything, frozenset(), modules)
    return checks.programmes[key]


@dataclass
class _Draft:
    """A row on its way through the checks."""

    row: int
    values: dict[str, str]
    problems: list[Problem]
    profession: str = ""
    programme_key: str = ""
    session_keys: tuple[str, ...] = ()
    due_on: datetime.date | None = None
    first_name: str = ""
    last_name: str = ""

    def error(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message, Severity.ERROR))

    def warn(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message, Severity.WARNING))


def _text(value: Cell) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value.strip()


def check_chunk(checks: FileChecks, chunk: Sequence[tuple[int, list[Cell]]]) -> tuple[list[StaffRow], list[Problem]]:
    """Check these rows (row number, cells); the rows that pass, and every problem found."""
    columns = checks.columns
    fields = [(name, i) for name, i in columns.index.items() if name != "due_date"]
    due_at = columns.index.get("due_date", -1)
    drafts: list[_Draft] = []
    for number, cells in chunk:
        if len(cells) < columns.width:
            cells = cells + [""] * (columns.width - len(cells))
        # Text cells (every cell of a CSV) are the common case, and this loop runs 100,000 times.
        values = {
            name: (cell.strip() if type(cell) is str else _text(cell)) for name, i in fields for cell in (cells[i],)
        }
        draft = _Draft(number, values, [])
        due = cells[due_at] if due_at >= 0 else ""
        if len(cells) > columns.width and any(_text(cell) for cell in cells[columns.width :]):
            # Most often a comma inside a value that is not in quotes, which moves every value after it along: the
            # values are in the wrong columns, so checking them would only add problems that are not there.
            draft.error(
                "",
                f"This row has values in {len(cells)} columns but the header names {columns.width}: put a value "
                "that contains a comma in double quotes, or remove what is beyond the last column.",
            )
            draft.values = dict.fromkeys(values, "")
        else:
            _check_alone(checks, draft, due)
        drafts.append(draft)
    _check_duplicates(checks, drafts)
    return _check_against_records(checks, drafts)


def _column(checks: FileChecks, name: str) -> str:
    return checks.columns.header.get(name) or REQUIRED.get(name) or OPTIONAL[name]


def _check_alone(checks: FileChecks, draft: _Draft, due: Cell) -> None:
    """What a row says, without the database: blanks, lengths, address, names, profession, enrolment."""
    values = draft.values

    def column(name: str) -> str:
        return _column(checks, name)

    for name in MUST_HAVE_VALUE:
        if not values[name] and name not in ("first_name", "last_name"):
            draft.error(column(name), f"{REQUIRED[name].capitalize()} is blank.")
    for name, longest in MAX_LENGTHS.items():
        if len(values[name]) > longest:
            draft.error(column(name), f"This has {len(values[name])} characters; at most {longest} fit.")
    values["email"] = values["email"].lower()
    if values["email"] and len(values["email"]) <= MAX_LENGTHS["email"] and not _is_email(values["email"]):
        draft.error(column("email"), f"“{values['email']}” is not an email address (like name@nhs.net).")
    names = accounts.check_staff_names(values["first_name"], values["last_name"])
    if names.problem:
        part = names.part or "last"
        label = f"{part.capitalize()} name" if names.part else "The first and last name"
        draft.error(column(f"{part}_name"), f"{label} {names.problem}.")
    draft.first_name, draft.last_name = names.first_name, names.last_name
    values["organisation_code"] = values["organisation_code"].upper()
    if values["profession"]:
        draft.profession = checks.professions.get(values["profession"].lower(), "")
        if not draft.profession:
            draft.error(
                column("profession"),
                f"“{values['profession']}” is not a profession we know. Use one of the professions on the "
                "registration form, for example Nurse, Doctor, Physiotherapist or Other.",
            )
    _check_enrolment(checks, draft, due)


# Django's own rule for an address, with its (lazily compiled) pattern for the part before the @ compiled once, and
# each domain checked once per process: a staff list has 100,000 addresses and a handful of domains.
_USER_PART = re.compile(validate_email.user_regex.pattern, validate_email.user_regex.flags)


def _is_email(value: str) -> bool:
    user, at, domain = value.rpartition("@")
    return bool(at and user and _USER_PART.match(user) and _domain_is_valid(domain))


@lru_cache(maxsize=4096)
def _domain_is_valid(domain: str) -> bool:
    try:
        validate_email(f"a@{domain}")
    except ValidationError:
        return False
    return True


def _keys(value: str) -> list[str]:
    return [key.strip().lower() for key in value.split(";") if key.strip()]


def _check_enrolment(checks: FileChecks, draft: _Draft, due: Cell) -> None:
    """The sessions and modules to enrol the person on, with the programme they belong to, and the due date."""
    values = draft.values
    sessions = _keys(values["sessions"]) if values.get("sessions") else []
    modules = _keys(values["modules"]) if values.get("modules") else []
    if sessions or modules:
        key = values.get("programme", "").lower() or checks.default_programme
        where = (
            _column(checks, "programme")
            if checks.columns.has("programme")
            else _column(checks, "sessions" if sessions else "modules")
        )
        programme = _programme(checks, key) if key else None
        if not key:
            draft.error(where, "There is more than one programme: add a programme column naming the programme.")
        elif programme is None:
            draft.error(where, f"There is no programme “{key}”.")
        else:
            draft.programme_key = key
            chosen: list[str] = []
            for name in sessions:
                if name in programme.sessions:
                    chosen.append(name)
                elif name in programme.retired:
                    draft.error(_column(checks, "sessions"), f"The session “{name}” is no longer offered.")
                else:
                    draft.error(_column(checks, "sessions"), f"There is no session “{name}” in {key}.")
            for name in modules:
                if name in programme.modules:
                    chosen.extend(programme.modules[name])
                else:
                    draft.error(_column(checks, "modules"), f"There is no module “{name}” in {key}.")
            draft.session_keys = tuple(dict.fromkeys(chosen))
    draft.due_on = _due_date(checks, draft, due)
    if draft.due_on and not (sessions or modules):
        draft.warn(_column(checks, "due_date"), "A due date with no sessions or modules: there is nothing to be due.")


def _due_date(checks: FileChecks, draft: _Draft, due: Cell) -> datetime.date | None:
    if isinstance(due, datetime.date):
        found: datetime.date | None = due
    elif not due.strip():
        return None
    else:
        found = _parse_date(due.strip())
        if found is None:
            draft.error(
                _column(checks, "due_date"), f"“{due.strip()}” is not a date. Write it as 31/01/2027 or 2027-01-31."
            )
            return None
    if found is not None and found < checks.today:
        draft.error(_column(checks, "due_date"), f"The due date {found:%d/%m/%Y} has passed.")
        return None
    return found


def _parse_date(text: str) -> datetime.date | None:
    try:
        uk = _UK_DATE.match(text)
        if uk:
            return datetime.date(int(uk[3]), int(uk[2]), int(uk[1]))
        return datetime.date.fromisoformat(text[:10]) if len(text) in (10, 19) else None
    except ValueError:
        return None


def _check_duplicates(checks: FileChecks, drafts: list[_Draft]) -> None:
    """The same address or ESR number twice in the file: the second names the first one's row."""
    for draft in drafts:
        email, esr = draft.values["email"], draft.values["esr_number"]
        if email:
            first = checks.first_row_of_email.setdefault(email, draft.row)
            if first != draft.row:
                draft.error(_column(checks, "email"), f"{email} is on row {first} already.")
        if esr:
            first = checks.first_row_of_esr.setdefault(esr, draft.row)
            if first != draft.row:
                draft.error(_column(checks, "esr_number"), f"ESR number {esr} is on row {first} already.")


def _check_against_records(checks: FileChecks, drafts: list[_Draft]) -> tuple[list[StaffRow], list[Problem]]:
    """Organisations, accounts, ESR numbers and current posts, each looked up once for the chunk."""
    unseen = {d.values["organisation_code"] for d in drafts} - set(checks.known_organisations) - {""}
    if unseen:
        found = organisations.organisations_by_code(sorted(unseen))
        checks.known_organisations.update({code: found.get(code) for code in unseen})
    accounts_by_email = accounts.existing_accounts([d.values["email"] for d in drafts if d.values["email"]])
    holders = organisations.esr_number_holders([d.values["esr_number"] for d in drafts])
    user_ids: dict[int, int | None] = {}
    for draft in drafts:
        code, esr = draft.values["organisation_code"], draft.values["esr_number"]
        organisation = checks.known_organisations.get(code)
        if code and organisation is None:
            draft.error(_column(checks, "organisation_code"), f"There is no organisation with the code {code}.")
        elif organisation and not checks.manager_scope.covers(organisation.path):
            draft.error(
                _column(checks, "organisation_code"),
                f"{organisation.name} ({code}) is not one of the organisations you may register people at.",
            )
        user_id = accounts_by_email.get(draft.values["email"])
        holder, held_at = holders.get(esr, (None, ""))
        if holder is not None and user_id is not None and holder != user_id:
            draft.error(_column(checks, "esr_number"), f"ESR number {esr} is held by someone else already.")
        elif holder is not None and held_at != code:
            # One number, one post: the same person's post elsewhere keeps it until that post is changed.
            draft.error(
                _column(checks, "esr_number"),
                f"ESR number {esr} belongs to a post at {held_at} already; each post has its own number.",
            )
        elif holder is not None and user_id is None:
            user_id = holder
            draft.warn(
                _column(checks, "esr_number"),
                f"ESR number {esr} belongs to a person registered with another email address: this row will update "
                "that person, whose address stays as it is.",
            )
        if user_id is not None:
            first, address = checks.first_row_of_person.setdefault(user_id, (draft.row, draft.values["email"]))
            if address != draft.values["email"]:  # the same address twice is named above already
                draft.error(
                    _column(checks, "esr_number"),
                    f"This is the person on row {first} (matched by address or ESR number); list each person once.",
                )
        user_ids[draft.row] = user_id
    working_at = organisations.current_organisations_of([u for u in user_ids.values() if u is not None])
    rows: list[StaffRow] = []
    problems: list[Problem] = []
    for draft in drafts:
        user_id = user_ids[draft.row]
        code = draft.values["organisation_code"]
        elsewhere = [f"{name} ({other})" for other, name in working_at.get(user_id or 0, []) if other != code]
        if elsewhere:
            draft.warn(
                _column(checks, "email"),
                f"{draft.values['email']} works at {', '.join(elsewhere)} already; this adds a post at {code}.",
            )
        problems.extend(draft.problems)
        if any(p.severity == Severity.ERROR for p in draft.problems):
            continue
        organisation = checks.known_organisations[code]
        if organisation is None:  # an unknown code is an error above; this keeps the type checker sure of it
            continue
        rows.append(
            StaffRow(
                row=draft.row,
                email=draft.values["email"],
                first_name=draft.first_name,
                last_name=draft.last_name,
                esr_number=draft.values["esr_number"],
                job_role=draft.values["job_role"],
                staff_group=draft.values["staff_group"],
                profession=draft.profession,
                organisation_id=organisation.id,
                organisation_code=code,
                organisation_name=organisation.name,
                user_id=user_id,
                programme_key=draft.programme_key,
                session_keys=draft.session_keys,
                due_on=draft.due_on,
            )
        )
    return rows, problems
