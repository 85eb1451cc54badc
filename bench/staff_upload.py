"""`make bench` (staff lists): a 100,000-row staff list checked and committed on SQLite and PostgreSQL, beside a
raw bulk insert of the same rows in the same database and run.

Issue 10's goals: commit in 30 s or less on SQLite, and at least 0.3x the raw insert's speed (the raw insert's
seconds divided by the commit's). The raw insert writes every row the commit writes for a new person (account,
address, profile, invitation, post), each table by one executemany, in one transaction rolled back afterwards:
what the database can do with no checks and no matching of existing people. The commit (workforce/committing.py)
checks the list again first, as it does in production, and that check is inside its time. The first measurement
(docs/decisions/0020) used a narrower baseline, accounts and posts only; it is still reported beside the other,
as raw_people_and_posts_s, so the two can be compared. Results: one JSON line per database, and
var/bench/staff_upload.json.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

from bench import run

# BENCH_STAFF_ROWS: a smaller list for a quick try (the goals are for 100,000).
ROWS = int(os.environ.get("BENCH_STAFF_ROWS", "100000"))
DATABASES = {
    "sqlite": f"sqlite:///{run.OUT / 'bench-staff.sqlite3'}",
    "postgres": os.environ.get("BENCH_STAFF_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/clinlead_bench_staff"),
}
GOAL_COMMIT_SECONDS_SQLITE = 30
GOAL_RATIO = 0.3
MEASURE = "from bench.staff_upload import measure; measure()"
SITES = ("ZZ101", "ZZ102", "ZZ103")


def staff_list(rows: int) -> bytes:
    lines = ["email,first name,last name,ESR number,job role,staff group,profession,organisation code\n"]
    lines += [
        f"person{n:06d}@northshire-th.nhs.uk,Person,Number {n},{30_000_000 + n}-1,Staff nurse,Nursing,nurse,"
        f"{SITES[n % 3]}\n"
        for n in range(rows)
    ]
    return "".join(lines).encode()


def _insert(cursor: Any, model: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """executemany of one INSERT. Table and column names are the models' own, quoted: nothing here comes from
    outside (hence noqa: S608). Models are looked up by name: the baseline writes the tables directly."""
    from django.db import connection

    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    cursor.executemany(
        f"INSERT INTO {_table(model)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})",  # noqa: S608
        rows,
    )


def _table(model: str) -> str:
    from django.apps import apps
    from django.db import connection

    return connection.ops.quote_name(apps.get_model(model)._meta.db_table)


def _raw_insert(rows: int, every_row: bool) -> float:
    """Seconds to insert the same people and posts with no checks: executemany in one transaction, rolled back.
    every_row: also each person's address, profile and invitation, which the commit writes too."""
    from django.db import connection, transaction
    from django.utils import timezone

    from clinlead.organisations import api as organisations

    sites = organisations.organisations_by_code(list(SITES))
    now, today = timezone.now(), timezone.localdate()
    people = range(rows)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        user_columns = ("password", "is_superuser", "first_name", "last_name", "is_staff", "is_active")
        _insert(
            cursor,
            "accounts.User",
            (*user_columns, "date_joined", "uuid", "email"),
            [("!", False, "Person", f"Number {n}", False, True, now, uuid.uuid4().hex, _email(n)) for n in people],
        )
        cursor.execute(f"SELECT id, email FROM {_table('accounts.User')} WHERE email LIKE 'person%%'")  # noqa: S608
        ids = dict((email, pk) for pk, email in cursor.fetchall())
        if every_row:
            _insert(
                cursor,
                "account.EmailAddress",
                ("user_id", "email", "verified", "primary"),
                [(ids[_email(n)], _email(n), False, True) for n in people],
            )
            profile_columns = ("user_id", "name_on_certificates", "profession", "job_role", "place_of_work")
            _insert(
                cursor,
                "accounts.Profile",
                (
                    *profile_columns,
                    "registration_body",
                    "registration_number",
                    "esr_staff_number",
                    "accepted_terms_at",
                    "eligible_for_free_access",
                    "eligibility_reason",
                ),
                [
                    (
                        ids[_email(n)],
                        f"Person Number {n}",
                        "nurse",
                        "Staff nurse",
                        "Northshire",
                        "",
                        "",
                        "",
                        None,
                        False,
                        "your email address is not confirmed yet",
                    )
                    for n in people
                ],
            )
            _insert(
                cursor,
                "accounts.Invitation",
                ("user_id", "organisation_name", "first_sent_at", "last_sent_at", "times_sent", "accepted_at"),
                [(ids[_email(n)], "Northshire", None, None, 0, None) for n in people],
            )
        _insert(
            cursor,
            "organisations.Employment",
            ("user_id", "organisation_id", "job_role", "staff_group", "esr_assignment_number", "primary", "started_on"),
            [
                (ids[_email(n)], sites[SITES[n % 3]].id, "Staff nurse", "Nursing", f"{30_000_000 + n}-1", True, today)
                for n in people
            ],
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def _email(n: int) -> str:
    return f"person{n:06d}@northshire-th.nhs.uk"


def measure() -> None:
    """In the bench's database: the raw insert, then the check and the commit of the same list (one JSON line)."""
    from clinlead.accounts.testing import account
    from clinlead.organisations.testing import grant, load_sample_registry
    from clinlead.workforce.testing import check_now, commit_now

    load_sample_registry()
    manager = account("bench.manager@northshire-th.nhs.uk").user.pk
    grant(manager, "manager", "ZZ1")
    content = staff_list(ROWS)
    raw = _raw_insert(ROWS, every_row=True)
    raw_people_and_posts = _raw_insert(ROWS, every_row=False)
    started = time.perf_counter()
    upload_id, summary = check_now(manager, content)
    checked = time.perf_counter() - started
    if summary.get("errors"):
        raise SystemExit(f"the bench's list has errors: {summary}")
    started = time.perf_counter()
    result = commit_now(upload_id)
    committed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": ROWS,
                "check_s": round(checked, 2),
                "commit_s": round(committed, 2),
                "raw_insert_s": round(raw, 2),
                "commit_vs_raw": round(raw / committed, 3),
                # The narrower baseline of the first measurement (accounts and posts only), for comparison with it.
                "raw_people_and_posts_s": round(raw_people_and_posts, 2),
                "commit_vs_raw_people_and_posts": round(raw_people_and_posts / committed, 3),
                "new_people": result.get("new_people"),
            }
        )
    )


def prepare(name: str, url: str) -> dict[str, str]:
    env = run.server_env(url)
    env["CLINLEAD_VAR_DIR"] = str(run.OUT / "var-staff")
    run.recreate_database(name, url)
    run.manage(env, "migrate", "--no-input", "-v0")
    return env


def main() -> None:
    run.OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for name, url in DATABASES.items():
        env = prepare(name, url)
        out = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", MEASURE],
            cwd=run.REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        reading = json.loads(out.strip().splitlines()[-1])
        reading["database"] = name
        goals = [f"commit_vs_raw >= {GOAL_RATIO}: {'met' if reading['commit_vs_raw'] >= GOAL_RATIO else 'NOT met'}"]
        if name == "sqlite":
            met = reading["commit_s"] <= GOAL_COMMIT_SECONDS_SQLITE
            goals.append(f"commit <= {GOAL_COMMIT_SECONDS_SQLITE} s: {'met' if met else 'NOT met'}")
        reading["goals"] = goals
        print(json.dumps(reading), flush=True)
        results[name] = reading
    (run.OUT / "staff_upload.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
