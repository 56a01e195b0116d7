"""Throughput and peak memory of the JSON Lines export, GET /api/export/annotations.jsonl, at 10k, 100k, 1M notes.

What it measures
    For each scale a fresh database is created, migrated and bulk-filled with realistic rows (the same
    synthetic users, pages, notes and tags as bench/api_bench.py: inserted with executemany, not through
    the API), plus one user token. The app then runs under gunicorn (one sync worker, GLOSS_ENV=production,
    --timeout raised so a long stream is not cut off) and the whole export is downloaded over HTTP and
    checked (one JSON object per line, as many lines as notes). It prints notes/s, MB/s, and the
    worker process's peak resident memory (VmHWM in /proc/<pid>/status) before and after the export:
    the export reads keyset batches of 1,000 rows, so the peak must stay flat as the count grows.

    The exit status is 0 whether memory stays flat or not (a benchmark, not a test); 1 if something broke.

How to run (from the repository root; Linux, for /proc)
    .venv/bin/python bench/export_bench.py                          # SQLite in a temp dir, 10k/100k/1M
    .venv/bin/python bench/export_bench.py --scales 10000,100000    # quicker
    .venv/bin/python bench/export_bench.py --database-url postgresql://postgres@127.0.0.1:5432/test

    With a PostgreSQL URL, one temporary database `bench_<random>_<scale>` is created (and dropped) per
    scale on that server; nothing else is touched.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlalchemy import insert, select  # noqa: E402

import api_bench  # noqa: E402  (its synthetic data and database helpers; it puts the repo on sys.path)
from server.accounts.models import ApiToken, User  # noqa: E402
from server.accounts.services import hash_token  # noqa: E402
from server.db import make_engine, new_id  # noqa: E402

REPO_ROOT = api_bench.REPO_ROOT
EXPORT_PATH = "/api/export/annotations.jsonl"
READ_CHUNK = 1 << 16
FLAT_TOLERANCE_MB = 10  # "flat": the largest scale's peak within this of the smallest's


def add_token(url: str) -> str:
    """A bearer token for one of the synthetic users, stored hashed as the app stores them."""
    secret = "gls_" + secrets.token_urlsafe(32)
    engine = make_engine(url)
    with engine.begin() as conn:
        user_id = conn.scalar(select(User.id).limit(1))
        conn.execute(insert(ApiToken.__table__), [{"id": new_id(), "user_id": user_id, "name": "bench",
                                                   "token_hash": hash_token(secret), "prefix": secret[:10],
                                                   "created": api_bench.START}])
    engine.dispose()
    return secret


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/<pid>/status")


@contextmanager
def gunicorn(database_url: str, log_path: Path):
    """Yield (base URL, master pid) of a one-worker gunicorn; SIGTERM it afterwards."""
    port = api_bench.free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "DATABASE_URL": database_url, "PUBLIC_BASE_URL": base, "CORS_ORIGINS": ""}
    command = [str(REPO_ROOT / ".venv/bin/gunicorn"), "-w", "1", "--timeout", "3600", "-b", f"127.0.0.1:{port}",
               "server.wsgi:app"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        api_bench.wait_healthy(base, process, log_path)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def download(base: str, token: str) -> tuple[int, int, float]:
    """Stream the whole export; (lines, bytes, seconds). Every line is parsed to prove it is whole JSON."""
    request = urllib.request.Request(base + EXPORT_PATH, headers={"Authorization": f"Bearer {token}"})
    lines = size = 0
    tail = b""
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=3600) as response:
        if response.status != 200 or not response.headers["Content-Type"].startswith("application/x-ndjson"):
            raise RuntimeError(f"export answered {response.status} {response.headers['Content-Type']}")
        while chunk := response.read(READ_CHUNK):
            size += len(chunk)
            *whole, tail = (tail + chunk).split(b"\n")
            for line in whole:
                if json.loads(line)["type"] != "Annotation":
                    raise RuntimeError(f"not an annotation: {line[:200]!r}")
            lines += len(whole)
    if tail:
        raise RuntimeError("the export ended in the middle of a line")
    return lines, size, time.perf_counter() - started


def bench_scale(scale: int, databases, workdir: Path) -> dict:
    url = databases.create(scale)
    try:
        started = time.monotonic()
        api_bench.load(url, scale)
        token = add_token(url)
        print(f"\n[{scale:,} notes] loaded in {time.monotonic() - started:.0f} s, "
              f"database {databases.size(url) / 1e6:.0f} MB", flush=True)
        with gunicorn(url, workdir / f"gunicorn_{scale}.log") as (base, master):
            api_bench.get(base + "/api/health")
            worker = worker_pid(master)
            before = peak_rss_mb(worker)
            lines, size, seconds = download(base, token)
            after = peak_rss_mb(worker)
        if lines != scale:
            raise RuntimeError(f"exported {lines} notes, expected {scale}")
        result = {"scale": scale, "seconds": seconds, "rate": lines / seconds, "mb_s": size / 1e6 / seconds,
                  "bytes": size, "rss_before": before, "rss_after": after}
        print(f"    {lines:,} notes, {size / 1e6:.0f} MB in {seconds:.1f} s: {result['rate']:,.0f} notes/s, "
              f"{result['mb_s']:.1f} MB/s; worker peak RSS {before:.1f} MB before, {after:.1f} MB after", flush=True)
        return result
    finally:
        databases.drop(url)


def report(results: list[dict]) -> None:
    print("\n  notes       seconds   notes/s    MB/s   worker peak RSS (VmHWM)")
    for r in results:
        print(f"  {r['scale']:>9,}  {r['seconds']:8.1f}  {r['rate']:8,.0f}  {r['mb_s']:6.1f}   "
              f"{r['rss_after']:6.1f} MB")
    if len(results) > 1:
        growth = results[-1]["rss_after"] - results[0]["rss_after"]
        verdict = "flat" if growth <= FLAT_TOLERANCE_MB else "NOT flat"
        print(f"  peak memory from {results[0]['scale']:,} to {results[-1]['scale']:,} notes: "
              f"{growth:+.1f} MB ({verdict}; tolerance {FLAT_TOLERANCE_MB} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgresql://… (temporary databases) or sqlite:///… (default: SQLite)")
    parser.add_argument("--scales", default="10000,100000,1000000", help="comma-separated note counts")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    databases = api_bench.databases_for(args.database_url)
    print(f"export benchmark: {databases.describe()}; scales {', '.join(f'{s:,}' for s in scales)}")
    workdir = Path(tempfile.mkdtemp(prefix="gloss-export-bench-"))
    try:
        results = [bench_scale(scale, databases, workdir) for scale in scales]
    except Exception as err:  # a benchmark that broke says so and exits 1
        print(f"\nFAILED: {err}", file=sys.stderr)
        return 1
    finally:
        databases.close()
        shutil.rmtree(workdir, ignore_errors=True)
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
