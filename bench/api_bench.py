"""Throughput and latency of GET /api/annotations?url=… against a trivial endpoint, at several scales.

What it measures
    For each scale (number of annotations; documents = annotations / 10, so a page lists ~10 notes):
    a fresh database is created and migrated (server.migrate.upgrade), filled with synthetic users,
    documents, document URLs, annotations and one tag per annotation, and ANALYZEd.  The app is then
    started under gunicorn (2 sync workers, GLOSS_ENV=production) and `wrk` measures, in the same
    run and alternately, the trivial `GET /api/health` (one `SELECT 1`) and the listing
    `GET /api/annotations?url=<random existing page>&limit=50`.  It prints requests/s and p50/p99
    latency of both, the listing/health throughput ratio (target: >= 0.50) and how much the
    listing's p99 grows from 10,000 to 1,000,000 annotations (target: <= 2x, "index, not scan").
    It also prints the query plans of the SQL one listing request runs.

    The exit status is 0 whether the targets pass or fail (a benchmark, not a test); 1 if
    something broke, 2 if `wrk` is missing.

How to run (from the repository root)
    .venv/bin/python bench/api_bench.py                      # SQLite in a temp dir, 10k/100k/1M
    .venv/bin/python bench/api_bench.py --quick              # 10k/100k, 3 s per measurement
    .venv/bin/python bench/api_bench.py --database-url postgresql://postgres@127.0.0.1:5432/test

    With a PostgreSQL URL, the named database is only used to CREATE (and at the end DROP) one
    temporary database `bench_<random>_<scale>` per scale; no existing table is touched.  With a
    SQLite URL, fresh files are made in a temporary directory next to the named file.
    Needs `wrk` (Debian/Ubuntu: `apt-get install wrk`).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from server import migrate  # noqa: E402
from server.accounts.models import User  # noqa: E402
from server.annotations.models import Annotation, AnnotationTag  # noqa: E402
from server.config import normalize_database_url  # noqa: E402
from server.db import make_engine, new_id  # noqa: E402
from server.documents.models import Document, DocumentUrl  # noqa: E402
from server.documents.urls import document_key, normalize_url  # noqa: E402

USERS = 100
NOTES_PER_DOCUMENT = 10
BATCH = 50_000
LUA_URLS = 2_000
WRK_THREADS = 2
RATIO_TARGET = 0.50
P99_GROWTH_TARGET = 2.0
START = datetime(2026, 1, 1, tzinfo=UTC)
SPREAD = timedelta(days=330)  # annotations' created times, oldest first
TAGS = ("politics", "science", "health", "economy", "climate", "sport", "culture", "tech")
QUOTES = ("the minister said on Tuesday", "according to figures released", "rose by 12 percent",
          "experts warned that", "the study of 4,000 patients", "was not immediately available")


@dataclass
class Measurement:
    scale: int
    endpoint: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int


# ---------------------------------------------------------------- databases (one fresh per scale)

class SqliteDatabases:
    """A new SQLite file per scale, in one temporary directory removed at the end."""

    def __init__(self, url: str | None):
        parent = None
        if url:
            path = make_url(url).database
            if path and path != ":memory:":
                parent = Path(path).resolve().parent
        self.dir = Path(tempfile.mkdtemp(prefix="gloss-bench-", dir=parent))

    def describe(self) -> str:
        return f"SQLite, fresh files in {self.dir}"

    def create(self, scale: int) -> str:
        return f"sqlite:///{self.dir / f'bench_{scale}.db'}"

    def size(self, url: str) -> int:
        return Path(make_url(url).database).stat().st_size

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(make_url(url).database + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresDatabases:
    """CREATE DATABASE bench_<random>_<scale> on the given server; DROP it when the scale is done."""

    def __init__(self, url: str):
        self.server_url = make_url(normalize_database_url(url))
        self.admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        self.prefix = f"bench_{secrets.token_hex(4)}"
        self.created: list[str] = []

    def describe(self) -> str:
        return (f"PostgreSQL at {self.server_url.host}:{self.server_url.port or 5432}, "
                f"temporary databases {self.prefix}_<scale>")

    def create(self, scale: int) -> str:
        name = f"{self.prefix}_{scale}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def size(self, url: str) -> int:
        with self.admin.connect() as conn:
            return conn.scalar(text("SELECT pg_database_size(:n)"), {"n": make_url(url).database})

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def databases_for(url: str | None):
    if url and url.startswith(("postgres://", "postgresql")):
        return PostgresDatabases(url)
    if url and not url.startswith("sqlite"):
        sys.exit(f"--database-url must be sqlite:///… or postgresql://…, got {url!r}")
    return SqliteDatabases(url)


# ---------------------------------------------------------------- synthetic data

def page_url(n: int) -> str:
    return f"https://news{n % 50}.example.com/2026/11/story-{n}"


def user_rows() -> list[dict]:
    fake_hash = "$argon2id$v=19$m=65536,t=3,p=4$" + "A" * 22 + "$" + "B" * 43
    return [{"id": new_id(), "username": f"reader{i}", "email": f"reader{i}@example.org",
             "password_hash": fake_hash, "role": "contributor", "suspended": False,
             "created": START - timedelta(days=30)} for i in range(USERS)]


def document_rows(count: int) -> tuple[list[dict], list[dict]]:
    documents, urls = [], []
    created = START - timedelta(days=1)
    for n in range(count):
        doc_id, url = new_id(), page_url(n)
        documents.append({"id": doc_id, "canonical_url": normalize_url(url), "title": f"Story {n}",
                          "created": created})
        urls.append({"id": new_id(), "document_id": doc_id, "url_key": document_key(url),
                     "created": created})
    return documents, urls


def annotation_batches(count: int, documents: list[dict], user_ids: list[str], rng: random.Random):
    """Yield (annotations, tags) batches: created times ascending, pages interleaved as in real life."""
    pages = [i % len(documents) for i in range(count)]
    rng.shuffle(pages)  # each page gets exactly NOTES_PER_DOCUMENT notes, spread over the table
    step = SPREAD / count
    for start in range(0, count, BATCH):
        notes, tags = [], []
        for i in range(start, min(start + BATCH, count)):
            doc = documents[pages[i]]
            tag = TAGS[i % len(TAGS)]
            created = START + step * i
            quote_exact = QUOTES[i % len(QUOTES)]
            notes.append({
                "id": (note_id := new_id()), "document_id": doc["id"], "author_id": user_ids[i % USERS],
                "target_source": doc["canonical_url"], "motivation": "commenting",
                "body_text": f"Note {i}: the article leaves out that this figure was revised a week later.",
                "body_language": "en", "quote_exact": quote_exact,
                "quote_prefix": "In a statement, ", "quote_suffix": ", the report found.",
                "position_start": 100 + i % 900, "position_end": 100 + i % 900 + len(quote_exact),
                "created": created, "modified": created, "version": 1, "deleted": None,
                # Rated helpful, as the notes readers are shown by default are.
                "status": "helpful", "moderation_state": "visible", "tag_list": [tag]})
            tags.append({"annotation_id": note_id, "tag": tag, "position": 0})
        yield notes, tags


def load(url: str, annotations: int) -> list[str]:
    """Migrate, bulk-insert in one transaction, ANALYZE. Returns the pages' URLs."""
    migrate.upgrade(url)
    engine = make_engine(url)
    if url.startswith("sqlite"):
        # A big page cache keeps the random-order index inserts off the disk during the load.
        event.listen(engine, "connect", lambda conn, _r: conn.execute("PRAGMA cache_size=-524288"))
    rng = random.Random(annotations)
    users = user_rows()
    documents, doc_urls = document_rows(annotations // NOTES_PER_DOCUMENT)
    with engine.begin() as conn:
        conn.execute(insert(User.__table__), users)
        for start in range(0, len(documents), BATCH):
            conn.execute(insert(Document.__table__), documents[start:start + BATCH])
            conn.execute(insert(DocumentUrl.__table__), doc_urls[start:start + BATCH])
        for notes, tags in annotation_batches(annotations, documents, [u["id"] for u in users], rng):
            conn.execute(insert(Annotation.__table__), notes)
            conn.execute(insert(AnnotationTag.__table__), tags)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return [d["canonical_url"] for d in documents]


# ---------------------------------------------------------------- query plans of one listing request

def explain_listing(url: str, page: str) -> list[str]:
    """Run one listing in-process, capture its SQL, and return each statement's plan, condensed."""
    from server import create_app
    from server.db import db
    app = create_app({"GLOSS_ENV": "test", "DATABASE_URL": url, "PUBLIC_BASE_URL": "", "CORS_ORIGINS": ""})
    statements = []
    with app.app_context():
        listener = lambda _c, _cur, sql, params, _ctx, _many: statements.append((sql, params))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        response = app.test_client().get(f"/api/annotations?url={quote(page, safe='')}&limit=50")
        event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200, response.data
        lines = []
        with db.engine.connect() as conn:
            for sql, params in statements:
                if not sql.lstrip().upper().startswith("SELECT") or sql.strip() == "SELECT 1":
                    continue
                prefix = "EXPLAIN QUERY PLAN " if url.startswith("sqlite") else "EXPLAIN "
                plan = conn.exec_driver_sql(prefix + sql, params).all()
                steps = [step if len(step) <= 150 else step[:150] + "…" for step in (row[-1] for row in plan)]
                lines.append(f"{' '.join(sql.split())[:110]}…\n        -> " + "\n        -> ".join(steps))
        db.engine.dispose()
    return lines


# ---------------------------------------------------------------- gunicorn

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@contextmanager
def gunicorn(database_url: str, workers: int, log_path: Path):
    """Yield the base URL of a running gunicorn; SIGTERM it afterwards, whatever happened."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "DATABASE_URL": database_url, "PUBLIC_BASE_URL": base, "CORS_ORIGINS": "",
           # wrk sends thousands of requests a second from one address: measure serving, not 429s.
           "GLOSS_RATE_ANON_READS": "1000000000/minute"}
    command = [str(REPO_ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "server.wsgi:app"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_healthy(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_healthy(base: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if get(base + "/api/health")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /api/health within {timeout}s:\n{log_path.read_text()[-3000:]}")


def check_listing(base: str, pages: list[str]) -> None:
    """Never time error responses: the listing must answer 200 with the page's notes."""
    for page in pages[:3]:
        status, body = get(f"{base}/api/annotations?url={quote(page, safe='')}&limit=50")
        if status != 200:
            raise RuntimeError(f"listing answered {status}: {body[:500]!r}")
        payload = json.loads(body)
        if len(payload["items"]) != NOTES_PER_DOCUMENT or payload["total"] != NOTES_PER_DOCUMENT:
            raise RuntimeError(f"listing returned {len(payload['items'])} items (total {payload['total']}), "
                               f"expected {NOTES_PER_DOCUMENT}")


# ---------------------------------------------------------------- wrk

def write_lua(pages: list[str], directory: Path, rng: random.Random) -> Path:
    chosen = rng.sample(pages, min(LUA_URLS, len(pages)))
    paths = ",\n".join(f'  "/api/annotations?url={quote(p, safe="")}&limit=50"' for p in chosen)
    script = directory / "listing.lua"
    script.write_text(
        "local paths = {\n" + paths + "\n}\n"
        "function init(args)\n"
        # Each wrk thread has its own Lua state; seed each differently (table addresses differ).
        '  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)\n'
        "end\n"
        "function request()\n"
        "  return wrk.format(\"GET\", paths[math.random(#paths)])\n"
        "end\n")
    return script


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def run_wrk(url: str, duration: int, connections: int, script: Path | None = None) -> str:
    command = ["wrk", "--latency", "-t", str(WRK_THREADS), "-c", str(connections), "-d", f"{duration}s",
               "--timeout", "10s"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run(command + [url], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def parse_wrk(output: str, scale: int, endpoint: str) -> Measurement:
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{endpoint}: wrk saw error responses, refusing to report them:\n{output}")
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors and re.search(r"timeout [1-9]", socket_errors.group(1)):
        raise RuntimeError(f"{endpoint}: requests timed out, latencies would be understated:\n{output}")

    def latency(percent: str) -> float:
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        if not match:
            raise RuntimeError(f"cannot find the {percent}% latency in wrk's output:\n{output}")
        return float(match.group(1)) * UNITS_MS[match.group(2)]

    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    count = re.search(r"^\s*(\d+) requests in", output, re.M)
    if not rps or not count or int(count.group(1)) == 0:
        raise RuntimeError(f"{endpoint}: no completed requests:\n{output}")
    return Measurement(scale, endpoint, float(rps.group(1)), latency("50"), latency("99"), int(count.group(1)))


# ---------------------------------------------------------------- one scale, then the report

def bench_scale(scale: int, args, databases, workdir: Path) -> list[Measurement]:
    url = databases.create(scale)
    try:
        started = time.monotonic()
        pages = load(url, scale)
        print(f"\n[{scale:,} annotations / {len(pages):,} documents] loaded in {time.monotonic() - started:.0f} s, "
              f"database {databases.size(url) / 1e6:.0f} MB", flush=True)
        for line in explain_listing(url, pages[len(pages) // 2]):
            print("    " + line)
        script = write_lua(pages, workdir, random.Random(scale))
        with gunicorn(url, args.workers, workdir / f"gunicorn_{scale}.log") as base:
            check_listing(base, random.Random(1).sample(pages, 3))
            health_url, listing_url = base + "/api/health", base + "/api/annotations"
            warm = min(2, args.duration)
            run_wrk(health_url, warm, args.connections)
            run_wrk(listing_url, warm, args.connections, script)
            results = []
            for _round in range(args.rounds):  # alternate, so machine noise hits both endpoints
                results.append(parse_wrk(run_wrk(health_url, args.duration, args.connections), scale, "health"))
                results.append(parse_wrk(run_wrk(listing_url, args.duration, args.connections, script),
                                         scale, "listing"))
            for m in results:
                print(f"    {m.endpoint:<8} {m.rps:9.1f} req/s  p50 {m.p50_ms:8.2f} ms  p99 {m.p99_ms:8.2f} ms",
                      flush=True)
            return results
    finally:
        databases.drop(url)


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def summarize(results: list[Measurement]) -> dict[tuple[int, str], Measurement]:
    """One row per (scale, endpoint): the median of the rounds (identity with --rounds 1)."""
    rows = {}
    for key in dict.fromkeys((m.scale, m.endpoint) for m in results):
        ms = [m for m in results if (m.scale, m.endpoint) == key]
        rows[key] = Measurement(key[0], key[1], median([m.rps for m in ms]), median([m.p50_ms for m in ms]),
                                median([m.p99_ms for m in ms]), sum(m.requests for m in ms))
    return rows


def report(results: list[Measurement], scales: list[int]) -> None:
    rows = summarize(results)
    print("\n" + "=" * 66)
    print(f"{'annotations':>12}  {'endpoint':<8} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'requests':>9}")
    for m in rows.values():
        print(f"{m.scale:>12,}  {m.endpoint:<8} {m.rps:9.1f} {m.p50_ms:9.2f} {m.p99_ms:9.2f} {m.requests:9,}")
    print(f"\nlisting/health throughput (target >= {RATIO_TARGET:.2f}):")
    for scale in scales:
        ratio = rows[scale, "listing"].rps / rows[scale, "health"].rps
        print(f"{scale:>12,}  {ratio:5.2f}  {'PASS' if ratio >= RATIO_TARGET else 'FAIL'}")
    low, high = min(scales), max(scales)
    growth = rows[high, "listing"].p99_ms / rows[low, "listing"].p99_ms
    print(f"\nlisting p99 growth (target <= {P99_GROWTH_TARGET:.1f}x from 10,000 to 1,000,000):")
    if low == 10_000 and high == 1_000_000:
        verdict = "PASS" if growth <= P99_GROWTH_TARGET else "FAIL"
        print(f"  {rows[high, 'listing'].p99_ms:.2f} ms / {rows[low, 'listing'].p99_ms:.2f} ms = "
              f"{growth:.2f}x  {verdict}")
    else:
        print(f"  not measured (needs scales 10000 and 1000000); "
              f"{high:,} vs {low:,} for information: {growth:.2f}x")


# ---------------------------------------------------------------- command line

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or None,
                        help="sqlite:///… or postgresql://… (default: $DATABASE_URL, else SQLite in a temp dir)")
    parser.add_argument("--scales", help="comma-separated annotation counts (default 10000,100000,1000000)")
    parser.add_argument("--duration", type=int, help="seconds per measurement (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternating health/listing rounds per scale; the table shows medians (default 1)")
    parser.add_argument("--quick", action="store_true", help="smoke run: scales 10000,100000 and 3 s each")
    args = parser.parse_args(argv)
    args.scales = [int(s.replace("_", "")) for s in
                   (args.scales or ("10000,100000" if args.quick else "10000,100000,1000000")).split(",")]
    args.duration = args.duration or (3 if args.quick else 10)
    if any(s < NOTES_PER_DOCUMENT for s in args.scales):
        parser.error(f"each scale must be at least {NOTES_PER_DOCUMENT} annotations")
    return args


def main(argv: list[str] | None = None) -> int:
    print("$ " + shlex.join(sys.orig_argv), flush=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # create_app() turns INFO logging on
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("This benchmark needs the HTTP load generator `wrk`: install it with `apt-get install wrk` "
              "(or `brew install wrk`).", file=sys.stderr)
        return 2
    databases = databases_for(args.database_url)
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"database: {databases.describe()}\nscales: {args.scales}; {args.duration:g} s per measurement, "
          f"{args.rounds} round(s); wrk: {WRK_THREADS} threads, {args.connections} connections "
          f"({wrk_version.split(' Copyright')[0]}); "
          f"gunicorn: {args.workers} sync workers; {os.cpu_count()} CPUs", flush=True)
    results = []
    try:
        with tempfile.TemporaryDirectory(prefix="gloss-bench-run-") as workdir:
            for scale in args.scales:
                results += bench_scale(scale, args, databases, Path(workdir))
    except Exception as err:  # noqa: BLE001 - report what broke, in one readable line plus detail
        if not isinstance(err, RuntimeError):
            traceback.print_exc()
        print(f"\nBENCHMARK BROKE: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    finally:
        databases.close()
    report(results, args.scales)
    return 0


if __name__ == "__main__":
    sys.exit(main())
