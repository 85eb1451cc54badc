"""`make bench`: the app served as in production (gunicorn, DEBUG off), on SQLite and on PostgreSQL.

Each measurement runs against the same server in the same run, and is reported as a ratio to a
reference measured alongside it: a bare view returning "ok" (the baseline), and a bare view that
inserts one row (the reference for writes). Results: one JSON line each, and var/bench/latest.json.
"""

import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "bench"
PORT = 8765
CLIENTS = 64  # concurrent connections, as the goal asks: no errors under 64 clients
PROCESSES = 2
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
PROGRAMME, SESSION = "leadership-for-clinicians", "working-within-teams"
DATABASES = {
    "sqlite": f"sqlite:///{OUT / 'bench.sqlite3'}",
    "postgres": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/clinlead_bench"),
}


def server_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clinlead.settings.production",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://bench.example",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "CLINLEAD_BENCH_ENDPOINTS": "1",
        "CLINLEAD_VAR_DIR": str(OUT / "var"),
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(name: str, url: str) -> None:
    """An empty database for a benchmark: PostgreSQL's dropped and created again, SQLite's file removed."""
    parts = urllib.parse.urlparse(url)
    if name == "postgres":
        db = parts.path.lstrip("/")
        base = ["psql", "-h", parts.hostname or "127.0.0.1", "-U", parts.username or "postgres", "-d", "postgres"]
        subprocess.run([*base, "-qc", f'DROP DATABASE IF EXISTS "{db}"'], check=True, capture_output=True)
        subprocess.run([*base, "-qc", f'CREATE DATABASE "{db}"'], check=True, capture_output=True)
    else:
        Path(parts.path).unlink(missing_ok=True)


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, capture_output=True, text=True
    ).stdout


def prepare(name: str, url: str) -> dict[str, str]:
    env = server_env(url)
    if name == "postgres":
        admin = urllib.parse.urlparse(url)
        db = admin.path.lstrip("/")
        base = ["psql", "-h", admin.hostname or "127.0.0.1", "-U", admin.username or "postgres", "-d", "postgres"]
        subprocess.run([*base, "-qc", f'DROP DATABASE IF EXISTS "{db}"'], check=True, capture_output=True)
        subprocess.run([*base, "-qc", f'CREATE DATABASE "{db}"'], check=True, capture_output=True)
    else:
        (OUT / "bench.sqlite3").unlink(missing_ok=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "loadcontent", "content/")
    manage(env, "collectstatic", "--no-input", "-v0")
    serial = "SERIAL" if name == "postgres" else "INTEGER"
    create = f"CREATE TABLE IF NOT EXISTS bench_row (id {serial} PRIMARY KEY, note TEXT)"
    manage(env, "shell", "-c", f"from django.db import connection; connection.cursor().execute('{create}')")
    cookie = manage(env, "shell", "-c", SIGNED_IN).strip().splitlines()[-1]
    return {"env": json.dumps(env), "cookie": cookie}


# bench/signed_in.py, run in the bench's database (a module, so that the import contracts see what it uses).
SIGNED_IN = "from bench.signed_in import session_cookie; print(session_cookie())"


def start_server(env: dict[str, str]) -> subprocess.Popen[bytes]:
    workers = str(2 * (os.cpu_count() or 1) + 1)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "clinlead.wsgi",
            "-w",
            workers,
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            connection = HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/bench/ok")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _client_process(args: tuple[str, str, dict[str, str], float, int]) -> tuple[list[float], int]:
    method, path, headers, seconds, threads = args
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def loop() -> None:
        connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine: list[float] = []
        while time.monotonic() < deadline:
            body = headers.get("_body")
            request_headers = {k: v for k, v in headers.items() if k != "_body"}
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=request_headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    with lock:
                        errors[0] += 1
            except OSError:
                with lock:
                    errors[0] += 1
                connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return latencies, errors[0]


def measure(method: str, path: str, headers: dict[str, str]) -> dict[str, float]:
    with Pool(PROCESSES) as pool:
        results = pool.map(_client_process, [(method, path, headers, SECONDS, CLIENTS // PROCESSES)] * PROCESSES)
    latencies = sorted(latency for part, _ in results for latency in part)
    errors = sum(error for _, error in results)
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / SECONDS, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 2) if latencies else 0.0,
        "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99) - 1], 2) if latencies else 0.0,
        "errors": errors,
    }


def csrf_for(cookie: str, path: str) -> tuple[str, str]:
    connection = HTTPConnection("127.0.0.1", PORT, timeout=10)
    connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
    response = connection.getresponse()
    html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    set_cookie = response.getheader("Set-Cookie") or ""
    csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    if not token or not csrf_cookie:
        raise RuntimeError(f"no CSRF token on {path} ({response.status})")
    return token.group(1), csrf_cookie.group(1)


def certificates_per_second() -> float:
    sys.path.insert(0, str(REPO))
    import datetime

    import django

    # As the server is configured: the verify URL is the bench site's, and dates are written by Django.
    os.environ.update(server_env(DATABASES["sqlite"]))
    django.setup()
    from clinlead.certificates import api as certificates

    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        certificates.render_certificate(
            certificates.CertificateData(
                number=f"CL-BNCH-{count:04d}-0000-0000-0000",
                completion_uuid=f"00000000-0000-4000-8000-{count:012d}",
                learner_name="Amara Okafor",
                programme_key=PROGRAMME,
                programme_title="Leadership for Clinicians",
                session_key=SESSION,
                session_title="Working within teams",
                domains=("2 Working with Others",),
                elements=("2.4 Working within Teams", "2.2 Building and Maintaining Relationships"),
                minutes_spent=14,
                score_percent=80,
                completed_on=datetime.date(2026, 11, 25),
            )
        )
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    results = []

    def report(row: dict[str, object]) -> None:
        print(json.dumps(row), flush=True)
        results.append(row)

    for name, url in DATABASES.items():
        prepared = prepare(name, url)
        env, cookie = json.loads(prepared["env"]), prepared["cookie"]
        server = start_server(env)
        try:
            auth = {"Cookie": f"sessionid={cookie}"}
            page = f"/programmes/{PROGRAMME}/sessions/{SESSION}/v2/1/"
            token, csrf_cookie = csrf_for(cookie, page)
            post_headers = {
                "Cookie": f"sessionid={cookie}; csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "_body": urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": token, "exercise": "real-team-features", "choice": "a"}
                ),
            }
            baseline = measure("GET", "/bench/ok", {})
            insert = measure("POST", "/bench/insert", {"Content-Type": "text/plain", "_body": ""})
            player = measure("GET", page, auth)
            save = measure("POST", page, post_headers)
            rows = [
                ("baseline: bare view", baseline, baseline, None),
                ("reference: bare view inserting one row", insert, baseline, None),
                ("signed-in player page", player, baseline, 0.5),
                ("progress save (answer POST, 303 to next)", save, insert, 0.5),
            ]
            for label, figures, reference, goal in rows:
                report(
                    {
                        "database": name,
                        "measurement": label,
                        **figures,
                        "ratio": round(figures["rps"] / reference["rps"], 3) if reference["rps"] else None,
                        "ratio_to": "baseline" if reference is baseline else "insert reference",
                        "goal_ratio": goal,
                        "clients": CLIENTS,
                    }
                )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    report(
        {
            "measurement": "certificate PDFs per second, one core",
            "rps": round(certificates_per_second(), 1),
            "goal": 200,
        }
    )
    (OUT / "latest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
