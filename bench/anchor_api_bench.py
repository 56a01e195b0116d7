"""POST /api/anchor's own cost: a 100 KB page with 50 notes under gunicorn, against anchoring alone.

What it measures
    One edited news page of about 100 KB (bench/anchor_pages.py: 80% of its notes unchanged, 15%
    lightly edited, 5% deleted) with 50 notes, stored in a fresh migrated SQLite database (or the
    PostgreSQL at --database-url). Two timings of the same work, each the median of its runs:
      anchoring   PageIndex(text).anchor_all(notes) in this process: the matcher alone;
      API         POST /api/anchor to gunicorn (gunicorn.conf.py, --workers sync workers) over a kept-alive
                  connection, sequential requests, the body the extension sends (extraction 2, the
                  page's block breaks and link ranges).
    The target (issue 12): API p50 <= anchoring p50 + 5 ms. It also prints p95/p99 and, with
    --profile, a cProfile of the request served in-process (Flask's test client) to show where the
    rest goes.

How to run (from the repository root)
    .venv/bin/python bench/anchor_api_bench.py                      # 300 requests, SQLite
    .venv/bin/python bench/anchor_api_bench.py --profile            # and where the time goes
    .venv/bin/python bench/anchor_api_bench.py --database-url postgresql://postgres@127.0.0.1:5432/test
The exit status is 0 whether the target passes or not (a benchmark, not a test); 1 if something broke.
"""
from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path[:0] = [str(REPO_ROOT), str(BENCH_DIR)]

from anchor_bench import load_notes, percentile, post  # noqa: E402
from anchor_pages import make_page  # noqa: E402
from server.anchoring import PageIndex  # noqa: E402

PAGE_URL = "https://news.example.com/2026/12/anchor-api-bench"
OVERHEAD_TARGET_MS = 5.0


def breaks_of(text: str) -> list[int]:
    """The page's block breaks as the extension reports them: here every newline of the text."""
    return [i for i, char in enumerate(text) if char == "\n"]


def request_body(text: str) -> bytes:
    # One link range per 2 KB of text, as a news page's inline links and lists would give.
    links = [[at, at + 20] for at in range(100, len(text) - 40, 2000)]
    return json.dumps({"url": PAGE_URL, "title": "Anchor API bench", "text": text, "extraction": 2,
                       "breaks": breaks_of(text), "links": links}, ensure_ascii=False).encode()


def time_anchoring(page, runs: int) -> list[float]:
    notes = list(zip(page.quotes, page.positions, strict=True))
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        PageIndex(page.edited).anchor_all(notes)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def time_api(base: str, body: bytes, requests: int, notes: int) -> list[float]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    status, data = post(conn, body)
    if status != 200 or len(json.loads(data)["items"]) != notes:
        raise RuntimeError(f"POST /api/anchor answered {status}: {data[:300]!r}")
    for _ in range(10):  # both workers warm: imports, compiled statements, caches
        post(conn, body)
    latencies = []
    for _ in range(requests):
        t0 = time.perf_counter()
        status, data = post(conn, body)
        latencies.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"POST /api/anchor answered {status} while timing: {data[:300]!r}")
    conn.close()
    return latencies


def profile_in_process(database_url: str, body: bytes, requests: int) -> str:
    from server import create_app
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "PUBLIC_BASE_URL": "http://bench",
                      "GLOSS_RATE_ANON_READS": "1000000000/minute"})
    client = app.test_client()
    client.post("/api/anchor", data=body, content_type="application/json")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.post("/api/anchor", data=body, content_type="application/json")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--notes", type=int, default=50)
    parser.add_argument("--size", type=int, default=100_000, help="page text, code points")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    from api_bench import gunicorn

    page = make_page(args.size, notes=args.notes, seed=12)
    body = request_body(page.edited)
    anchoring = time_anchoring(page, max(30, args.requests // 5))
    with tempfile.TemporaryDirectory(prefix="gloss-anchor-api-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'anchor_api.db'}"
        load_notes(url, page, PAGE_URL)
        print(f"POST /api/anchor: {len(page.edited):,} code points ({len(body):,} bytes of JSON), "
              f"{len(page.kinds)} notes, gunicorn {args.workers} sync workers, "
              f"{'SQLite' if url.startswith('sqlite') else 'PostgreSQL'}; {args.requests} sequential requests",
              flush=True)
        with gunicorn(url, args.workers, Path(tmp) / "gunicorn.log") as base:
            api = time_api(base, body, args.requests, len(page.kinds))
        if args.profile:
            print(profile_in_process(url, body, 50))
    anchor_p50, api_p50 = median(anchoring), percentile(api, 50)
    print(f"  anchoring alone  p50 {anchor_p50:7.2f} ms  p95 {percentile(anchoring, 95):7.2f} ms")
    print(f"  POST /api/anchor p50 {api_p50:7.2f} ms  p95 {percentile(api, 95):7.2f} ms  "
          f"p99 {percentile(api, 99):7.2f} ms")
    overhead = api_p50 - anchor_p50
    verdict = "PASS" if overhead <= OVERHEAD_TARGET_MS else "FAIL"
    print(f"  API p50 - anchoring p50 = {overhead:+.2f} ms (target <= {OVERHEAD_TARGET_MS:g} ms): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
