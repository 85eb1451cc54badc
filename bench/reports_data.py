"""The national-scale data of the reports bench (bench/reports_scale.py): accounts, profiles, addresses,
organisations, posts, completions and assignments bulk-loaded with COPY into the tables `migrate` made.

Run inside the bench's database by `manage.py shell` (PostgreSQL only). Everything is a function of the scale and
SEED, so two databases of the same scale hold the same rows. The tables' secondary indexes, unique constraints and
foreign keys are dropped for the load and made again afterwards (building an index once over sorted-in-place rows
is many times faster than keeping ten of them up to date row by row), then VACUUM ANALYZE.

Shape: organisation 1 is the trust the bench reports on (code RBT), with three sites (2-4); its staff are
accounts 1..TRUST_STAFF, spread over the trust and its sites. The other 196 organisations (trusts, two of them with
sites) share the other accounts. Completions are spread as evenly as the totals allow (each person completes
distinct sessions), and a third of people have three sessions assigned, some overdue.
"""

import datetime
import io
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

SEED = 12  # issue 12; changing it, or the shape below, changes GENERATOR so old databases are made again
GENERATOR = f"reports-data-v1-seed{SEED}"
ORGANISATIONS = 200
TRUST_STAFF = 10_000
TRUST_CODE = "RBT"
MANAGER_EMAIL = "bench.manager@rbt.nhs.uk"
TABLES = (
    "accounts_user",
    "accounts_profile",
    "account_emailaddress",
    "organisations_employment",
    "learning_completion",
    "learning_enrolment",
)
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
FIRST = ("Aisha", "Ben", "Chloe", "Dev", "Ewa", "Femi", "Grace", "Hamza", "Isla", "Jack", "Kofi", "Lena", "Mo", "Nia")
LAST = ("Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis")
POSTS = (  # (staff group, job role, profession)
    ("Nursing and Midwifery Registered", "Staff nurse", "nurse"),
    ("Nursing and Midwifery Registered", "Midwife", "midwife"),
    ("Medical and Dental", "Consultant", "doctor"),
    ("Allied Health Professionals", "Physiotherapist", "ahp-physiotherapist"),
    ("Additional Clinical Services", "Healthcare assistant", "nursing-associate"),
)


_USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "first_name",
    "last_name",
    "is_staff",
    "is_active",
    "date_joined",
    "uuid",
    "email",
)
_PROFILE_COLUMNS = (
    "id",
    "user_id",
    "name_on_certificates",
    "profession",
    "job_role",
    "place_of_work",
    "registration_body",
    "registration_number",
    "esr_staff_number",
    "eligible_for_free_access",
    "eligibility_reason",
)
_EMPLOYMENT_COLUMNS = (
    "id",
    "user_id",
    "organisation_id",
    "job_role",
    "staff_group",
    "esr_assignment_number",
    "primary",
    "started_on",
)
_COMPLETION_COLUMNS = (
    "id",
    "uuid",
    "user_id",
    "programme_key",
    "session_key",
    "version",
    "completed_at",
    "seconds_spent",
    "score_percent",
)
_ENROLMENT_COLUMNS = ("id", "user_id", "programme_key", "session_key", "enrolled_at", "assigned_at", "due_on",
                      "assigned_for")  # fmt: skip


def _email(u: int) -> str:
    return f"p{u}@org{u % 200}.nhs.uk"


def organisation_rows() -> list[tuple[int, str, str, str, bool, str, int | None]]:
    """(id, code, name, kind, eligible, path, parent id): the bench trust and its sites, then 196 others."""
    rows: list[tuple[int, str, str, str, bool, str, int | None]] = [
        (1, TRUST_CODE, "Northshire Bench NHS Trust", "trust", True, "/1/", None)
    ]
    rows += [(i, f"RBT0{i - 1}", f"Northshire Bench site {i - 1}", "site", True, f"/1/{i}/", 1) for i in (2, 3, 4)]
    for i in range(5, ORGANISATIONS + 1):
        if i in (50, 51, 100, 101):  # a few other trusts with sites
            parent = 49 if i < 100 else 99
            rows.append((i, f"S{i:04d}", f"Site {i}", "site", True, f"/{parent}/{i}/", parent))
        else:
            rows.append((i, f"T{i:04d}", f"Trust {i} NHS Trust", "trust", True, f"/{i}/", None))
    return rows


def organisation_of(user_id: int) -> int:
    if user_id <= TRUST_STAFF:
        return 1 + user_id % 4
    return 5 + user_id % (ORGANISATIONS - 4)


def _text(value: Any) -> str:
    """One COPY text field (tab-separated format); values here never hold tabs, newlines or backslashes."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _copy(cursor: Any, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...] | str]) -> int:
    """COPY rows (tuples, or lines already in COPY's text format) in chunks of text: psycopg's write_row is
    several times slower for tens of millions of rows."""
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for row in rows:
            buffer.write(row if isinstance(row, str) else "\t".join(map(_text, row)) + "\n")
            count += 1
            if count % 50_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def _uuid(kind: int, n: int) -> str:
    """Deterministic and unique per table (kind) and row."""
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


def _sessions_of(user_id: int, how_many: int, sessions: list[str], step: int) -> Iterator[tuple[int, str]]:
    start = (user_id * 31) % len(sessions)
    for j in range(how_many):
        yield j, sessions[(start + j * step) % len(sessions)]


def _step(count: int) -> int:
    """A stride coprime with the number of sessions, so a person's sessions are distinct."""
    import math

    return next(s for s in (7, 11, 13, 17, 19, 23, 1) if math.gcd(s, count) == 1)


def completions_per_person(accounts: int, completions: int) -> Callable[[int], int]:
    base, extra = divmod(completions, accounts)

    def how_many(user_id: int) -> int:
        # Spread the remainder over people by a multiplicative hash, not to the first ids (the bench trust's).
        return base + (1 if (user_id * 7919) % accounts < extra else 0)

    return how_many


def _drop_indexes(cursor: Any) -> list[str]:
    """Drop every foreign key, unique constraint and secondary index of the loaded tables (primary keys stay);
    the statements that make them again, in the order to run them."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
        "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY contype DESC, conname",
        [list(TABLES)],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype <> 'f')",
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    for table, name, _, _ in constraints:  # foreign keys first (ordered 'u' after 'f' by DESC)
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    remake = [definition for _, definition in indexes]
    remake += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "u"]
    remake += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "f"]
    return remake


def _log(step: str, started: float) -> None:
    print(json.dumps({"step": step, "seconds": round(time.perf_counter() - started, 1)}), flush=True)


def generate(accounts: int, completions: int) -> None:
    """Load the database (made by migrate and loadcontent, nothing else in it) with this many accounts and
    completions, then make the bench trust's manager."""
    from django.db import connection

    from clinlead.catalogue import api as catalogue

    if accounts < TRUST_STAFF:
        raise SystemExit(f"BENCH_REPORTS_ACCOUNTS must be at least the trust's {TRUST_STAFF:,} staff")
    programme = catalogue.list_programmes()[0].key
    sessions = sorted(catalogue.session_titles(programme))
    if completions > accounts * len(sessions):
        raise SystemExit(f"at most {len(sessions)} completions per account: {completions:,} is too many")
    step, how_many = _step(len(sessions)), completions_per_person(accounts, completions)
    started = time.perf_counter()
    connection.ensure_connection()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg 3's own, for COPY
        cursor.execute("SET maintenance_work_mem = '1GB'")
        remake = _drop_indexes(cursor)
        _copy(
            cursor,
            "organisations_organisation",
            ("id", "code", "name", "kind", "eligible", "path", "parent_id", "postcode"),
            ((*row, "") for row in organisation_rows()),
        )
        people = range(1, accounts + 1)
        joined, why = NOW - datetime.timedelta(days=800), "employed by an eligible organisation"
        _copy(
            cursor,
            "accounts_user",
            _USER_COLUMNS,
            (
                (
                    u,
                    "!",
                    False,
                    FIRST[u % 14],
                    LAST[u % 12],
                    False,
                    True,
                    joined,
                    _uuid(1, u),
                    f"p{u}@org{u % 200}.nhs.uk",
                )
                for u in people
            ),
        )
        _copy(
            cursor,
            "account_emailaddress",
            ("id", "user_id", "email", "verified", "primary"),
            ((u, u, _email(u), True, True) for u in people),
        )
        _copy(
            cursor,
            "accounts_profile",
            _PROFILE_COLUMNS,
            (
                (u, u, f"{FIRST[u % 14]} {LAST[u % 12]} {u}", *POSTS[u % 5][2:0:-1], "", "", "", "", True, why)
                for u in people
            ),
        )
        _copy(
            cursor,
            "organisations_employment",
            _EMPLOYMENT_COLUMNS,
            (
                (u, u, organisation_of(u), POSTS[u % 5][1], POSTS[u % 5][0], f"{20_000_000 + u}-1", True, joined.date())
                for u in people
            ),
        )
        _log("people", started)
        _copy(
            cursor,
            "learning_completion",
            _COMPLETION_COLUMNS,
            _completions(people, how_many, sessions, step, programme),
        )
        _log("completions", started)
        _copy(cursor, "learning_enrolment", _ENROLMENT_COLUMNS, _assignments(people, sessions, step, programme))
        _log("assignments", started)
        for statement in remake:
            cursor.execute(statement)
        _log("indexes", started)
        for table in (*TABLES, "organisations_organisation"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
    _manager()
    with connection.cursor() as cursor:
        # VACUUM as well: autovacuum does it to a table after inserts (autovacuum_vacuum_insert_threshold), and
        # until then index-only scans read the table anyway; the bench measures that steady state.
        cursor.execute("VACUUM ANALYZE")
    _log("analyze", started)


def _completions(
    people: range, how_many: Callable[[int], int], sessions: list[str], step: int, programme: str
) -> Iterator[str]:
    """Lines of COPY text, made directly: ten million rows through tuples and a datetime each took minutes."""
    n = 0
    minutes = 730 * 1440
    times = [(NOW - datetime.timedelta(minutes=m)).isoformat() for m in range(minutes)]
    no_score = {key for key in sessions if len(key) % 5 == 0}  # some sessions have no exercises
    for u in people:
        for j, key in _sessions_of(u, how_many(u), sessions, step):
            n += 1
            score = "\\N" if key in no_score else 40 + (u * (j + 1)) % 61
            at = times[(u * 2654435761 + j * 40503) % minutes]
            yield f"{n}\t{_uuid(2, n)}\t{u}\t{programme}\t{key}\t1\t{at}\t{300 + (u + j) % 1500}\t{score}\n"


def _assignments(people: range, sessions: list[str], step: int, programme: str) -> Iterator[tuple[Any, ...]]:
    """A third of people have their first three sessions assigned (so some are completed), due a month apart
    around now (so some are overdue)."""
    n = 0
    for u in people:
        if u % 3:
            continue
        for j, key in _sessions_of(u, 3, sessions, step):
            n += 1
            at = NOW - datetime.timedelta(days=90)
            due = (NOW + datetime.timedelta(days=30 * (j - 1) + u % 20)).date()
            yield (n, u, programme, key, at, at, due, "Bench")


def _manager() -> None:
    """The bench trust's manager, made as the tests make one (an account, then a role at the trust)."""
    from clinlead.accounts.testing import account
    from clinlead.organisations.testing import grant

    manager = account(MANAGER_EMAIL, name="Bench Manager").user.pk
    grant(manager, "manager", TRUST_CODE)
