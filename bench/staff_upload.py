"""`make bench` (staff lists): a 100,000-row staff list checked and committed on SQLite and PostgreSQL, beside a
raw bulk insert of the same people and posts in the same database and run.

Issue 10's goals: commit in 30 s or less on SQLite, and at least 0.3x the raw insert's speed (the raw insert's
seconds divided by the commit's). The raw insert is one INSERT of every account and one of every post, by
executemany in one transaction, rolled back afterwards: what the database can do with no checks, no matching of
existing people and no profiles. The commit (workforce/committing.py) checks the list again first, as it does in
production; the times are reported separately. Results: one JSON line per database, and
var/bench/staff_upload.json.
"""

import json
import os
import subprocess
import sys
import time
import uuid

from bench import run

ROWS = 100_000
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


def _raw_insert(rows: int) -> float:
    """Seconds to insert the same people and posts with no checks: executemany in one transaction, rolled back."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from clinlead.organisations import api as organisations

    sites = organisations.organisations_by_code(list(SITES))
    now, today = timezone.now(), timezone.localdate()
    users = [
        (
            "!",
            False,
            "Person",
            f"Number {n}",
            False,
            True,
            now,
            str(uuid.uuid4()),
            f"person{n:06d}@northshire-th.nhs.uk",
        )
        for n in range(rows)
    ]
    # Table names from the models' own metadata, quoted: nothing here comes from outside (hence noqa: S608).
    user_table = connection.ops.quote_name(get_user_model()._meta.db_table)
    # Looked up by name, not imported: the benchmark writes the table directly, as the baseline must.
    employment_table = connection.ops.quote_name(apps.get_model("organisations", "Employment")._meta.db_table)
    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {user_table} (password, is_superuser, first_name, last_name, is_staff, is_active,"  # noqa: S608
                " date_joined, uuid, email) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                users,
            )
            cursor.execute(f"SELECT id, email FROM {user_table} WHERE email LIKE 'person%%'")  # noqa: S608
            ids = dict((name, pk) for pk, name in cursor.fetchall())
            cursor.executemany(
                f"INSERT INTO {employment_table} (user_id, organisation_id, job_role, staff_group,"  # noqa: S608
                ' esr_assignment_number, "primary", started_on) VALUES (%s, %s, %s, %s, %s, %s, %s)',
                [
                    (
                        ids[f"person{n:06d}@northshire-th.nhs.uk"],
                        sites[SITES[n % 3]].id,
                        "Staff nurse",
                        "Nursing",
                        f"{30_000_000 + n}-1",
                        True,
                        today,
                    )
                    for n in range(rows)
                ],
            )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def measure() -> None:
    """In the bench's database: the raw insert, then the check and the commit of the same list (one JSON line)."""
    from clinlead.accounts.testing import account
    from clinlead.organisations.testing import grant, load_sample_registry
    from clinlead.workforce.testing import check_now, commit_now

    load_sample_registry()
    manager = account("bench.manager@northshire-th.nhs.uk").user.pk
    grant(manager, "manager", "ZZ1")
    content = staff_list(ROWS)
    raw = _raw_insert(ROWS)
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
