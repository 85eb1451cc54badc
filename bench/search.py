"""`make bench-search`: the search page served as in production (gunicorn, DEBUG off) on SQLite and PostgreSQL,
with the programme we ship loaded (and so indexed, by loadcontent).

Three readings per query: under 64 concurrent clients (requests per second as a ratio to the bare view of
bench/run.py measured against the same server in the same run, and latency); one client at a time (latency
with no queue: what one visitor waits for the whole page, header and filters included); and the search alone,
`search.api.search` in one process with no HTTP and no template (the goal: results in under 50 ms at p95).
Results: one JSON line each, and var/bench/search.json. Uses its own port and databases, so it can run while
`make bench` does.
"""

import json
import os
import signal
import statistics
import time
import urllib.parse
from http.client import HTTPConnection

from bench import run

run.PORT = 8766  # read by run.start_server and run.measure's clients (forked after this is set)
DATABASES = {
    "sqlite": f"sqlite:///{run.OUT / 'bench-search.sqlite3'}",
    "postgres": os.environ.get("BENCH_SEARCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/clinlead_bench_search"),
}
QUERIES = {
    "many results (24), a page of 10": "/search/?q=feedback+conversations",
    "one word, every filter": "/search/?q=team&type=session&type=article&domain=2&domain=3&length=11-to-15",
    "a long query, cut at 200 characters": "/search/?" + urllib.parse.urlencode({"q": "leading change " * 70}),
    "no results": "/search/?q=walrus",
}
SERIAL_REQUESTS = 200
GOAL_P95_MS = 50
# Run by `manage.py shell` in the bench's database (a module function, so the import contracts see it).
API_LATENCY = "from bench.search import api_latency; api_latency()"


def prepare(name: str, url: str) -> dict[str, str]:
    env = run.server_env(url)
    env["CLINLEAD_VAR_DIR"] = str(run.OUT / "var-search")
    run.recreate_database(name, url)
    run.manage(env, "migrate", "--no-input", "-v0")
    run.manage(env, "loadcontent", "content/")
    run.manage(env, "collectstatic", "--no-input", "-v0")
    return env


def serial(path: str) -> dict[str, float]:
    """Latency of one client at a time, after a few requests to warm the workers."""
    connection = HTTPConnection("127.0.0.1", run.PORT, timeout=30)
    latencies = []
    for index in range(SERIAL_REQUESTS + 10):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        if index >= 10:
            latencies.append(time.perf_counter() - started)
    latencies.sort()
    return {
        "p50_ms": round(1000 * statistics.median(latencies), 2),
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95) - 1], 2),
    }


def warm_up() -> None:
    """Every worker compiles the templates and fills its caches on its first requests: not what is measured."""
    seconds, run.SECONDS = run.SECONDS, 2.0
    try:
        for path in QUERIES.values():
            run.measure("GET", path, {})
    finally:
        run.SECONDS = seconds


def api_latency() -> None:
    """Prints, as one JSON object, p50 and p95 of `search.api.search` for each query (run inside Django)."""
    from clinlead.search import api as search

    figures = {}
    for label, path in QUERIES.items():
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
        criteria = search.criteria_from(query)
        for _ in range(10):
            search.search(criteria)
        latencies = []
        for _ in range(SERIAL_REQUESTS):
            started = time.perf_counter()
            search.search(criteria)
            latencies.append(time.perf_counter() - started)
        latencies.sort()
        figures[label] = {
            "p50_ms": round(1000 * statistics.median(latencies), 2),
            "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95) - 1], 2),
        }
    print(json.dumps(figures))


def main() -> None:
    run.OUT.mkdir(parents=True, exist_ok=True)
    results = []

    def report(row: dict[str, object]) -> None:
        print(json.dumps(row), flush=True)
        results.append(row)

    for name, url in DATABASES.items():
        env = prepare(name, url)
        alone_in_process = json.loads(run.manage(env, "shell", "-c", API_LATENCY).strip().splitlines()[-1])
        server = run.start_server(env)
        try:
            warm_up()
            baseline = run.measure("GET", "/bench/ok", {})
            baseline_serial = serial("/bench/ok")
            report({"database": name, "measurement": "baseline: bare view", **baseline, "serial": baseline_serial})
            for label, path in QUERIES.items():
                loaded = run.measure("GET", path, {})
                alone = serial(path)
                report(
                    {
                        "database": name,
                        "measurement": f"search: {label}",
                        **loaded,
                        "ratio": round(loaded["rps"] / baseline["rps"], 3) if baseline["rps"] else None,
                        "ratio_to": "baseline",
                        "clients": run.CLIENTS,
                        "serial": alone,
                        "serial_p95_ratio": round(alone["p95_ms"] / baseline_serial["p95_ms"], 1),
                        "search_api": alone_in_process[label],
                        "goal_search_api_p95_ms": GOAL_P95_MS,
                    }
                )
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    (run.OUT / "search.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
