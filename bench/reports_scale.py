"""`make bench-reports` (and part of `make bench`): managers' reports at national scale (issue 12), PostgreSQL.

Two databases hold the same trust of 10,000 staff (bench/reports_data.py makes them): the big one among 1.5 million
accounts and 10 million completions, the small one alone with 10,000 completions in total. In each, signed in as
the trust's manager through Django's test Client (production settings, DEBUG off), each page is requested WARM_UP
times, then REQUESTS times measured: the report by person (the page a manager opens first), by session, and the
by-person CSV export read to its end. One JSON line per page and database, then one per page with the ratio
big/small of the p95 beside the goals (ratio <= 2, p95 < 500 ms at the big scale); var/bench/reports_scale.json.

Smaller scales for a quick try: BENCH_REPORTS_ACCOUNTS, BENCH_REPORTS_COMPLETIONS (the big database's),
BENCH_REPORTS_REQUESTS. A database is made again only when needed: each records, in a table of its own
(bench_reports_scale), its scale and generator and the migrations applied when it was made. When those match and
every migration it has applied is still in the code, it is reused and `migrate` brings it up to date (applying a
new index, say) instead of spending minutes loading it again; otherwise it is dropped and made again.
"""

import json
import os
import subprocess
import sys
import time
import urllib.parse
from typing import Any

from bench import run

ACCOUNTS = int(os.environ.get("BENCH_REPORTS_ACCOUNTS", "1500000"))
COMPLETIONS = int(os.environ.get("BENCH_REPORTS_COMPLETIONS", "10000000"))
REQUESTS = int(os.environ.get("BENCH_REPORTS_REQUESTS", "50"))
WARM_UP = 5
SMALL = (10_000, 10_000)
BASE = os.environ.get("BENCH_REPORTS_POSTGRES", "postgres://postgres@127.0.0.1:5432/")
DATABASES = {"big": "clinlead_bench_reports", "small": "clinlead_bench_reports_small"}
GOAL_RATIO = 2.0
GOAL_P95_MS = 500.0
# name: (path, requests as a share of REQUESTS: by session and the export send every person, seconds each, so fewer)
PAGES = {
    "by-person": ("/reports/", 1.0),
    "by-person-filtered": ("/reports/?staff_group=Medical+and+Dental&assigned=assigned", 1.0),
    "by-session": ("/reports/session/?session={session}", 0.4),
    "person-csv": ("/reports/person.csv", 0.2),
}


def _env(database: str) -> dict[str, str]:
    env = run.server_env(BASE + database)
    env["CLINLEAD_VAR_DIR"] = str(run.OUT / "var-reports")
    return env


def _shell(env: dict[str, str], code: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=run.REPO, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip


def _psql(database: str, sql: str) -> str:
    parts = urllib.parse.urlparse(BASE)
    command = ["psql", "-h", parts.hostname or "127.0.0.1", "-U", parts.username or "postgres", "-d", database]
    done = subprocess.run([*command, "-Atqc", sql], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def recorded(env: dict[str, str]) -> dict[str, Any] | None:
    """What the database says it was made with, or None (no such database, or no record: an unfinished load)."""
    code = "from bench.reports_scale import read_record; read_record()"
    try:
        return json.loads(_shell(env, code).strip().splitlines()[-1]) or None
    except (subprocess.CalledProcessError, IndexError, json.JSONDecodeError):
        return None


def read_record() -> None:
    """(In the bench database) the record as JSON, with whether every migration applied is still in the code."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_reports_scale') IS NOT NULL")
        if not cursor.fetchone()[0]:
            print("null")
            return
        cursor.execute("SELECT record FROM bench_reports_scale")
        row = cursor.fetchone()
    loader = MigrationLoader(connection)
    record = json.loads(row[0]) if row else {}
    record["migrations_known"] = set(loader.applied_migrations) <= set(loader.disk_migrations)
    print(json.dumps(record))


def write_record(accounts: int, completions: int) -> None:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from bench.reports_data import GENERATOR

    applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())
    record = {"accounts": accounts, "completions": completions, "generator": GENERATOR, "migrations": applied}
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_reports_scale (record text NOT NULL)")
        cursor.execute("DELETE FROM bench_reports_scale")
        cursor.execute("INSERT INTO bench_reports_scale (record) VALUES (%s)", [json.dumps(record)])


def ensure(database: str, accounts: int, completions: int) -> dict[str, Any]:
    """The database at this scale: reused (and migrated) when its record matches, made again otherwise."""
    from bench.reports_data import GENERATOR

    env = _env(database)
    found = recorded(env)
    same = found and (found["accounts"], found["completions"], found["generator"]) == (accounts, completions, GENERATOR)
    started = time.perf_counter()
    if same and found and found["migrations_known"]:
        run.manage(env, "migrate", "--no-input", "-v0")
        _psql(database, "VACUUM ANALYZE")  # as after a load: a migration may have added an index or a column
        _shell(env, f"from bench.reports_scale import write_record; write_record({accounts}, {completions})")
        return {"database": database, "reused": True, "seconds": round(time.perf_counter() - started, 1)}
    run.recreate_database("postgres", BASE + database)
    run.manage(env, "migrate", "--no-input", "-v0")
    run.manage(env, "loadcontent", "content/")
    out = _shell(env, f"from bench.reports_data import generate; generate({accounts}, {completions})")
    _shell(env, f"from bench.reports_scale import write_record; write_record({accounts}, {completions})")
    steps = [json.loads(line) for line in out.splitlines() if line.startswith('{"step"')]
    return {"database": database, "reused": False, "seconds": round(time.perf_counter() - started, 1), "steps": steps}


def _percentile(sorted_ms: list[float], share: float) -> float:
    return round(sorted_ms[min(len(sorted_ms) - 1, int(share * len(sorted_ms)))], 1)


def measure(requests: int) -> None:
    """(In the bench database) each page, as the trust's manager: one JSON line per page."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.reports_data import MANAGER_EMAIL
    from clinlead.catalogue import api as catalogue

    programme = catalogue.list_programmes()[0].key
    session = sorted(catalogue.session_titles(programme))[0]
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(email=MANAGER_EMAIL))
    for page, (path, share) in PAGES.items():
        path = path.format(session=session)
        times = []
        for n in range(WARM_UP + max(3, round(requests * share))):
            started = time.perf_counter()
            response = client.get(path, secure=True)
            size = len(b"".join(response.streaming_content) if response.streaming else response.content)  # type: ignore[attr-defined]
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            if n >= WARM_UP:
                times.append(elapsed)
        times.sort()
        reading = {"page": page, "path": path, "requests": len(times), "bytes": size, "p50_ms": _percentile(times, 0.5)}
        reading |= {"p95_ms": _percentile(times, 0.95), "p99_ms": _percentile(times, 0.99)}
        print(json.dumps(reading), flush=True)


def main() -> None:
    run.OUT.mkdir(parents=True, exist_ok=True)
    scales = {"big": (ACCOUNTS, COMPLETIONS), "small": SMALL}
    results: dict[str, Any] = {"scales": {}, "pages": {}}
    for size, (accounts, completions) in scales.items():
        made = ensure(DATABASES[size], accounts, completions)
        print(json.dumps({"size": size, "accounts": accounts, "completions": completions} | made), flush=True)
        results["scales"][size] = {"accounts": accounts, "completions": completions} | made
    for size in scales:
        out = _shell(_env(DATABASES[size]), f"from bench.reports_scale import measure; measure({REQUESTS})")
        for line in out.splitlines():
            if line.startswith('{"page"'):
                reading = json.loads(line) | {"size": size} | results["scales"][size]
                reading.pop("steps", None)
                print(json.dumps(reading), flush=True)
                results["pages"].setdefault(reading["page"], {})[size] = reading
    for page, sizes in results["pages"].items():
        big, small = sizes["big"]["p95_ms"], sizes["small"]["p95_ms"]
        ratio = round(big / small, 2) if small else None
        verdict = {
            "page": page,
            "p95_big_ms": big,
            "p95_small_ms": small,
            "ratio": ratio,
            "goals": [
                f"ratio <= {GOAL_RATIO}: {'met' if ratio is not None and ratio <= GOAL_RATIO else 'NOT met'}",
                f"p95 < {GOAL_P95_MS:.0f} ms: {'met' if big < GOAL_P95_MS else 'NOT met'}",
            ],
        }
        print(json.dumps(verdict), flush=True)
        sizes["verdict"] = verdict
    (run.OUT / "reports_scale.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
