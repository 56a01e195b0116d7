"""Anchoring throughput and accuracy: Gloss against a `str.find` floor and Hypothesis' matcher.

What it measures
    For each page size (default 5 KB, 100 KB and 1 MB of text, in code points) a page is made from
    the news articles of tests/anchoring (see bench/anchor_pages.py) with 200 notes: 80% unchanged
    (their offsets shift with the edits before them), 15% lightly edited (one word changed inside
    the quote) and 5% deleted (the sentences holding the quote removed). Ground truth comes from the
    edit operations, never from searching the edited page.

    Three matchers anchor the same notes on the same edited page:
      gloss       server.anchoring: PageIndex(edited).anchor_all(notes), as POST /api/anchor does;
      str.find    edited.find(quote) for every note: the floor no real matcher can beat;
      hypothesis  bench/hypothesis_matcher/match.mjs under Node: the Hypothesis client's way
                  (position selector if the quote is still there, else matchQuote with the npm
                  package approx-string-match, max errors min(256, len/2), candidates scored
                  (50*quote + 20*prefix + 20*suffix + 2*position)/92, best one wins, no minimum).
    It prints, per page size, notes/s, time, notes located exactly, deleted notes orphaned and
    wrong attachments; then the targets: >= 10x Hypothesis' throughput at 1 MB, <= 5x the floor's
    time over all sizes, strictly more deleted quotes orphaned than Hypothesis; and the latency of
    POST /api/anchor (a 100 KB page with 200 notes, gunicorn with 2 sync workers, fresh migrated
    SQLite database): p50/p95/p99 over sequential requests, target p95 <= 50 ms.

    Times are the median of --repeat runs; the Python matchers run in this process, Hypothesis in
    one Node process that times only its matching (not reading JSON or converting offsets).
    The exit status is 0 whether the targets pass or fail (a benchmark, not a test); 1 if something
    broke. Without node/npm the Hypothesis column is skipped (and said so).

How to run (from the repository root)
    .venv/bin/python bench/anchor_bench.py                   # 5 KB, 100 KB, 1 MB; API latency
    .venv/bin/python bench/anchor_bench.py --quick           # 5 KB, 100 KB; 50 API requests
    .venv/bin/python bench/anchor_bench.py --skip-api --profile   # cProfile of Gloss per page
    Node 18+ and npm: `npm install --prefix bench/hypothesis_matcher` is run when needed.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import http.client
import importlib.metadata
import io
import json
import logging
import math
import os
import platform
import pstats
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path[:0] = [str(REPO_ROOT), str(BENCH_DIR)]

from anchor_pages import DELETED, EDITED, UNCHANGED, Page, make_page  # noqa: E402
from server.anchoring import ANCHORED, CHANGED, ORPHANED, PageIndex  # noqa: E402

MATCHER_DIR = BENCH_DIR / "hypothesis_matcher"
THROUGHPUT_TARGET = 10.0     # Gloss notes/s >= 10x Hypothesis' at 1 MB
FLOOR_TARGET = 5.0           # Gloss time <= 5x str.find's, summed over the sizes
P95_TARGET_MS = 50.0         # POST /api/anchor, 100 KB page with 200 notes
API_PAGE_SIZE = 100_000
START = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Run:
    """One matcher on one page: results as ("anchored", start, end) / ("orphaned",) / ("changed",)."""

    matcher: str
    times_ms: list[float]
    results: list[tuple]
    note: str = ""
    breakdown: str = ""

    @property
    def ms(self) -> float:
        return median(self.times_ms)


@dataclass
class Score:
    located: int = 0          # surviving notes (unchanged + lightly edited) located exactly
    surviving: int = 0
    edited_located: int = 0
    edited: int = 0
    orphaned: int = 0         # deleted notes reported orphaned
    deleted: int = 0
    deleted_changed: int = 0  # deleted notes reported "changed" (Gloss only): not orphaned, not wrong
    near_deleted: int = 0     # deleted notes whose quote stands elsewhere with one word different
    near_orphaned: int = 0    # ... of which reported orphaned
    near_edited: int = 0      # lightly edited notes with such a copy elsewhere
    near_edited_located: int = 0
    wrong: int = 0            # anchored somewhere other than the truth, or anchored though deleted
    misses: list = field(default_factory=list)


def judge(page: Page, results: list[tuple]) -> Score:
    score = Score()
    rows = zip(page.kinds, page.expected, results, page.near_copy, strict=True)
    for i, (kind, expected, got, near) in enumerate(rows):
        anchored = got[0] == ANCHORED
        if kind == DELETED:
            score.deleted += 1
            correct = got[0] == ORPHANED
            score.orphaned += correct
            score.near_deleted += near
            score.near_orphaned += near and correct
            score.deleted_changed += got[0] == CHANGED
            wrong = anchored
        else:
            correct = tuple(got) == tuple(expected)
            wrong = anchored and not correct
            score.surviving += 1
            score.located += correct
            if kind == EDITED:
                score.edited += 1
                score.edited_located += correct
                score.near_edited += near
                score.near_edited_located += near and correct
        score.wrong += wrong
        if not correct:
            score.misses.append((i, wrong))
    return score


# ---------------------------------------------------------------- the Python matchers

def run_gloss(page: Page, repeat: int, profile: bool) -> Run:
    pairs = list(zip(page.quotes, page.positions, strict=True))
    times, results = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = PageIndex(page.edited).anchor_all(pairs)
        times.append((time.perf_counter() - t0) * 1000)
        results = results or out
    # Where the time goes (one more, untimed-overall run): the folded text, then each note by kind.
    index = PageIndex(page.edited)
    t0 = time.perf_counter()
    _ = index.folded  # build the folded text now, to time it alone
    spent = {"fold": (time.perf_counter() - t0) * 1000}
    for (quote, position), kind in zip(pairs, page.kinds, strict=True):
        t0 = time.perf_counter()
        index.anchor(quote, position)
        spent[kind] = spent.get(kind, 0.0) + (time.perf_counter() - t0) * 1000
    counts = {k: page.kinds.count(k) for k in (UNCHANGED, EDITED, DELETED)}
    breakdown = (f"gloss time by step (one run): folding the page {spent['fold']:.1f} ms; "
                 + "; ".join(f"{counts[k]} {k} {spent.get(k, 0.0):.1f} ms "
                             f"({spent.get(k, 0.0) / max(counts[k], 1):.2f} ms each)"
                             for k in (UNCHANGED, EDITED, DELETED)))
    note = ""
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        PageIndex(page.edited).anchor_all(pairs)
        profiler.disable()
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(14)
        note = buffer.getvalue()
    return Run("gloss", times, [(a.state, a.start, a.end) if a.state == ANCHORED else (a.state,) for a in results],
               note, breakdown)


def run_floor(page: Page, repeat: int) -> Run:
    text, quotes = page.edited, [q.exact for q in page.quotes]
    times, found = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = [text.find(quote) for quote in quotes]
        times.append((time.perf_counter() - t0) * 1000)
        found = out
    return Run("str.find", times, [(ANCHORED, at, at + len(q)) if at >= 0 else (ORPHANED,)
                                   for at, q in zip(found, quotes, strict=True)])


# ---------------------------------------------------------------- Hypothesis, under Node

def node_ready() -> str | None:
    """None when Node and the matcher's package are usable, else why not (installs if needed)."""
    if shutil.which("node") is None:
        return "`node` is not on PATH"
    if not (MATCHER_DIR / "node_modules" / "approx-string-match" / "package.json").exists():
        if shutil.which("npm") is None:
            return "`npm` is not on PATH (needed once to install approx-string-match)"
        print(f"installing the Hypothesis matcher's package: npm install --prefix {MATCHER_DIR.relative_to(REPO_ROOT)}",
              flush=True)
        result = subprocess.run(["npm", "install", "--prefix", str(MATCHER_DIR), "--no-audit", "--no-fund"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return f"`npm install` failed ({result.returncode}): {(result.stderr or result.stdout)[-800:]}"
    return None


def run_hypothesis(pages: list[Page], repeat: int, workdir: Path) -> tuple[list[Run], str]:
    cases = {"pages": [{"name": p.label, "text": p.edited,
                        "notes": [{"exact": q.exact, "prefix": q.prefix, "suffix": q.suffix,
                                   "start": pos.start, "end": pos.end}
                                  for q, pos in zip(p.quotes, p.positions, strict=True)]}
                       for p in pages]}
    path = workdir / "anchor_cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    command = ["node", str(MATCHER_DIR / "match.mjs"), str(path), "--repeat", str(repeat)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=MATCHER_DIR)
    if result.returncode != 0:
        raise RuntimeError(f"the Hypothesis matcher failed ({result.returncode}):\n{result.stderr[-3000:]}")
    output = json.loads(result.stdout)
    runs = []
    for _, out in zip(pages, output["pages"], strict=True):
        via = out["via"]
        note = (f"{via.count('position')} by the position selector, {via.count('quote')} by matchQuote, "
                f"{via.count(None)} not found")
        runs.append(Run("hypothesis", out["times_ms"],
                        [(ANCHORED, r[0], r[1]) if r is not None else (ORPHANED,) for r in out["results"]], note))
    return runs, f"Node {output['node']}, approx-string-match {_package_version()}"


def _package_version() -> str:
    try:
        return json.loads((MATCHER_DIR / "node_modules/approx-string-match/package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


# ---------------------------------------------------------------- the report

def kb(chars: int) -> str:
    return f"{chars / 1000:,.0f} KB" if chars < 1_000_000 else f"{chars / 1_000_000:,.1f} MB"


def pct(hit: int, total: int) -> str:
    return f"{100 * hit / total:5.1f}% ({hit}/{total})" if total else "   n/a"


def print_page(page: Page, runs: list[Run], verbose: bool) -> dict[str, Score]:
    counts = {k: page.kinds.count(k) for k in (UNCHANGED, EDITED, DELETED)}
    print(f"\n[{page.label}] {len(page.edited):,} code points ({len(page.edited.encode()):,} bytes UTF-8), "
          f"{page.articles} articles; {len(page.kinds)} notes: {counts[UNCHANGED]} unchanged, "
          f"{counts[EDITED]} lightly edited, {counts[DELETED]} deleted; edits: {page.stats['sentence_ops']} "
          f"sentence deletions, {page.stats['word_ops']} word edits")
    print(f"  {'matcher':<11} {'notes/s':>10} {'total ms':>9}  {'exact (surviving)':<19} {'exact (edited)':<16}"
          f" {'deleted orphaned':<16} {'wrong':>5}")
    scores = {}
    for run in runs:
        s = judge(page, run.results)
        scores[run.matcher] = s
        rate = len(page.kinds) / (run.ms / 1000) if run.ms > 0 else float("inf")
        print(f"  {run.matcher:<11} {rate:10,.0f} {run.ms:9.2f}  {pct(s.located, s.surviving):<19} "
              f"{pct(s.edited_located, s.edited):<16} {pct(s.orphaned, s.deleted):<16} {s.wrong:5}")
    any_score = next(iter(scores.values()))
    if any_score.near_deleted or any_score.near_edited:
        d, e = any_score.near_deleted, any_score.near_edited
        print(f"  near copies: {d} of {any_score.deleted} deleted and {e} of {any_score.edited} lightly edited quotes "
              f"also stand elsewhere on the page with one word different")
        for run in runs:
            s = scores[run.matcher]
            print(f"    {run.matcher:<11} deleted orphaned: {s.near_orphaned}/{d} with a copy, "
                  f"{s.orphaned - s.near_orphaned}/{s.deleted - d} without; edited exact: "
                  f"{s.near_edited_located}/{e} with a copy, "
                  f"{s.edited_located - s.near_edited_located}/{s.edited - e} without")
    for run in runs:
        s = scores[run.matcher]
        if run.breakdown:
            print(f"  {run.breakdown}")
        if run.matcher == "hypothesis" and run.note:
            print(f"  hypothesis: {run.note}")
        if s.deleted_changed:
            print(f"  {run.matcher}: {s.deleted_changed} deleted note(s) reported `changed` (not orphaned, not wrong)")
        show = s.misses if verbose else (s.misses[:6] if run.matcher == "gloss" else [])
        for i, wrong in sorted(show, key=lambda m: not m[1]):
            got = run.results[i]
            print(f"    {run.matcher} miss{' (WRONG)' if wrong else ''}: note {i} {page.kinds[i]}/{page.notes[i].shape}"
                  f" expected {page.expected[i]} got {got}: {page.quotes[i].exact[:70]!r}")
        if run.matcher == "gloss" and len(s.misses) > len(show):
            print(f"    ... {len(s.misses) - len(show)} more gloss misses (--verbose lists them)")
    return scores


def engine_version() -> str:
    """Which anchoring code this run measures: the commit, and a digest of server/anchoring's files
    (they may carry uncommitted changes)."""
    import hashlib
    digest = hashlib.sha256()
    for path in sorted((REPO_ROOT / "server/anchoring").glob("*.py")):
        digest.update(path.read_bytes())
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True).stdout.strip() or "?"
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "server/anchoring"], cwd=REPO_ROOT,
                               capture_output=True).returncode == 1
    except OSError:
        head, dirty = "?", False
    return f"commit {head}{' + uncommitted changes' if dirty else ''}, files sha256 {digest.hexdigest()[:12]}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_targets(pages: list[Page], runs: dict[str, list[Run]], scores: list[dict[str, Score]],
                  hypothesis_skipped: str | None) -> None:
    print("\n" + "=" * 78)
    gloss, floor = runs["gloss"], runs["str.find"]
    largest = max(range(len(pages)), key=lambda i: len(pages[i].original))
    has_1mb = len(pages[largest].original) >= 900_000
    print(f"Gloss/Hypothesis throughput at 1 MB (target >= {THROUGHPUT_TARGET:g}x):")
    if hypothesis_skipped:
        print(f"  SKIPPED: {hypothesis_skipped}")
    else:
        for i, page in enumerate(pages):
            ratio = runs["hypothesis"][i].ms / gloss[i].ms
            tag = verdict(ratio >= THROUGHPUT_TARGET) if i == largest and has_1mb else "(information)"
            print(f"  {page.label:>10}: {gloss[i].ms:9.2f} ms vs {runs['hypothesis'][i].ms:10.2f} ms = "
                  f"{ratio:7.1f}x  {tag}")
        if not has_1mb:
            print("  not measured at 1 MB (needs --sizes ...,1000000)")
    total_gloss, total_floor = sum(r.ms for r in gloss), sum(r.ms for r in floor)
    ratio = total_gloss / total_floor
    print(f"\nGloss time / str.find floor time, all sizes (target <= {FLOOR_TARGET:g}x):")
    for i, page in enumerate(pages):
        print(f"  {page.label:>10}: {gloss[i].ms:9.2f} ms vs {floor[i].ms:8.2f} ms = {gloss[i].ms / floor[i].ms:6.1f}x")
    print(f"  {'overall':>10}: {total_gloss:9.2f} ms vs {total_floor:8.2f} ms = {ratio:6.1f}x  (sum, information)")
    geo = math.exp(sum(math.log(g.ms / f.ms) for g, f in zip(gloss, floor, strict=True)) / len(gloss))
    print(f"  {'geomean':>10}: {geo:6.1f}x  {verdict(geo <= FLOOR_TARGET)}  (issue 12: geometric mean over the sizes)")
    print("\nNo worse than before issue 12 (HEAD 26cb0af, --quick: 100% surviving exact at both sizes, 0 wrong;"
          " deleted orphaned 19/20, the other `changed`):")
    located = sum(s["gloss"].located for s in scores) == sum(s["gloss"].surviving for s in scores)
    wrong = sum(s["gloss"].wrong for s in scores)
    print(f"  every surviving quote exact: {verdict(located)};  0 wrong: {verdict(wrong == 0)}")
    print("\nDeleted quotes orphaned, Gloss vs Hypothesis (target: strictly better):")
    g = (sum(s["gloss"].orphaned for s in scores), sum(s["gloss"].deleted for s in scores))
    if hypothesis_skipped:
        print(f"  gloss {g[0]}/{g[1]}; Hypothesis SKIPPED: {hypothesis_skipped}")
    else:
        h = (sum(s["hypothesis"].orphaned for s in scores), sum(s["hypothesis"].deleted for s in scores))
        hw = sum(s["hypothesis"].wrong for s in scores)
        gw = sum(s["gloss"].wrong for s in scores)
        print(f"  gloss {pct(*g)} vs hypothesis {pct(*h)}  {verdict(g[0] > h[0])}")
        print(f"  (wrong attachments, all notes: gloss {gw}, hypothesis {hw})")


# ---------------------------------------------------------------- POST /api/anchor under gunicorn

def load_notes(url: str, page: Page, page_url: str) -> None:
    """Migrate a fresh database and insert one document with the page's notes (Core inserts)."""
    from sqlalchemy import insert

    from api_bench import user_rows
    from server import migrate
    from server.accounts.models import User
    from server.annotations.models import Annotation, AnnotationTag
    from server.db import make_engine, new_id
    from server.documents.models import Document, DocumentUrl
    from server.documents.urls import document_key, normalize_url

    migrate.upgrade(url)
    engine = make_engine(url)
    users = user_rows()[:20]
    doc_id, canonical = new_id(), normalize_url(page_url)
    notes, tags = [], []
    for i, (quote, position) in enumerate(zip(page.quotes, page.positions, strict=True)):
        created = START + timedelta(minutes=i)
        tag = ("politics", "science", "economy", "health")[i % 4]
        note_id = new_id()
        notes.append({
            "id": note_id, "document_id": doc_id, "author_id": users[i % len(users)]["id"],
            "target_source": canonical, "motivation": "commenting",
            "body_text": f"Note {i}: this figure was revised a week later; see the statistics office's release.",
            "body_language": "en", "quote_exact": quote.exact, "quote_prefix": quote.prefix,
            "quote_suffix": quote.suffix, "position_start": position.start, "position_end": position.end,
            "created": created, "modified": created, "version": 1, "deleted": None,
            "status": "helpful", "moderation_state": "visible", "tag_list": [tag]})
        tags.append({"annotation_id": note_id, "tag": tag, "position": 0})
    with engine.begin() as conn:
        conn.execute(insert(User.__table__), users)
        conn.execute(insert(Document.__table__), [{"id": doc_id, "canonical_url": canonical,
                                                   "title": "Anchoring benchmark page", "created": START}])
        conn.execute(insert(DocumentUrl.__table__), [{"id": new_id(), "document_id": doc_id,
                                                      "url_key": document_key(page_url), "created": START}])
        conn.execute(insert(Annotation.__table__), notes)
        conn.execute(insert(AnnotationTag.__table__), tags)
    engine.dispose()


def post(conn: http.client.HTTPConnection, body: bytes) -> tuple[int, bytes]:
    conn.request("POST", "/api/anchor", body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    return response.status, response.read()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def bench_api(page: Page, gloss: Run, requests: int, workers: int, workdir: Path) -> None:
    from api_bench import gunicorn

    page_url = "https://news.example.com/2026/11/anchoring-benchmark-page"
    url = f"sqlite:///{workdir / 'anchor_bench.db'}"
    load_notes(url, page, page_url)
    body = json.dumps({"url": page_url, "title": "Anchoring benchmark page", "text": page.edited},
                      ensure_ascii=False).encode()
    print(f"\nPOST /api/anchor: {page.label} page ({len(body):,} bytes of JSON), {len(page.kinds)} notes, "
          f"gunicorn {workers} sync workers, SQLite (fresh, migrated); {requests} sequential requests after "
          f"{2 * workers + 4} warm-up", flush=True)
    with gunicorn(url, workers, workdir / "gunicorn_anchor.log") as base:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        status, data = post(conn, body)
        if status != 200:
            raise RuntimeError(f"POST /api/anchor answered {status}: {data[:500]!r}")
        payload = json.loads(data)
        if len(payload["items"]) != len(page.kinds) or payload["total"] != len(page.kinds):
            raise RuntimeError(f"POST /api/anchor returned {len(payload['items'])} items, expected {len(page.kinds)}")
        # The server's anchors must be the ones computed in-process (same engine, same notes).
        by_position = {(item["target"]["selector"][1]["start"], item["target"]["selector"][1]["end"],
                        item["target"]["selector"][0]["exact"]): item["gloss"]["anchor"] for item in payload["items"]}
        disagree = 0
        for quote, position, result in zip(page.quotes, page.positions, gloss.results, strict=True):
            served = by_position.get((position.start, position.end, quote.exact))
            served = (served["state"], served["start"], served["end"]) if served and served["state"] == ANCHORED \
                else ((served or {}).get("state"),)
            disagree += served != tuple(result)
        if disagree:
            print(f"  NOTE: {disagree} anchors served differ from the in-process run (the server code may have "
                  "changed since this process imported it)")
        for _ in range(2 * workers + 3):
            post(conn, body)
        latencies = []
        for _ in range(requests):
            t0 = time.perf_counter()
            status, data = post(conn, body)
            latencies.append((time.perf_counter() - t0) * 1000)
            if status != 200:
                raise RuntimeError(f"POST /api/anchor answered {status} while timing: {data[:300]!r}")
        conn.close()
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    print(f"  p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  p99 {p99:7.2f} ms  (min {min(latencies):.2f}, "
          f"max {max(latencies):.2f}; {len(data):,} bytes per response)")
    print(f"  p95 <= {P95_TARGET_MS:g} ms: {verdict(p95 <= P95_TARGET_MS)}")


# ---------------------------------------------------------------- command line

def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="page sizes in code points, comma-separated (default 5000,100000,1000000)")
    parser.add_argument("--notes", type=int, default=200, help="notes per page (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="corpus and note seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per matcher and page; median shown (default 3)")
    parser.add_argument("--requests", type=int, help="timed POST /api/anchor requests (default 200; 50 with --quick)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--skip-api", action="store_true", help="no gunicorn latency measurement")
    parser.add_argument("--skip-hypothesis", action="store_true", help="do not run the Node matcher")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one Gloss run per page")
    parser.add_argument("--verbose", action="store_true", help="list every miss of every matcher")
    parser.add_argument("--quick", action="store_true", help="sizes 5000,100000 and 50 API requests")
    args = parser.parse_args(argv)
    sizes = args.sizes or ("5000,100000" if args.quick else "5000,100000,1000000")
    args.sizes = [int(s.replace("_", "")) for s in sizes.split(",")]
    args.requests = args.requests or (50 if args.quick else 200)
    if args.notes < 20 or any(s < 2000 for s in args.sizes) or args.repeat < 1:
        parser.error("use at least 20 notes, pages of at least 2000 characters and --repeat >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    print("$ " + shlex.join(sys.orig_argv), flush=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = parse_args(argv)
    try:
        edlib_version = importlib.metadata.version("edlib")
    except importlib.metadata.PackageNotFoundError:
        edlib_version = "missing"
    print(f"sizes {args.sizes}; {args.notes} notes per page; seed {args.seed}; median of {args.repeat} run(s); "
          f"Python {platform.python_version()}, edlib {edlib_version}; {os.cpu_count()} CPUs", flush=True)
    engine = engine_version()
    print(f"server/anchoring: {engine}", flush=True)
    skipped = "--skip-hypothesis given" if args.skip_hypothesis else node_ready()
    if skipped and not args.skip_hypothesis:
        print("\n" + "!" * 78 + f"\n!! HYPOTHESIS MATCHER SKIPPED: {skipped}.\n!! Install Node 18+ and npm to "
              "compare with it; the Gloss and str.find columns are still measured.\n" + "!" * 78, flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="gloss-anchor-bench-") as tmp:
            workdir = Path(tmp)
            pages = []
            for size in args.sizes:
                t0 = time.perf_counter()
                page = make_page(size, args.notes, args.seed, label=kb(size))
                pages.append(page)
                print(f"page {page.label}: made in {time.perf_counter() - t0:.1f} s ({page.dropped} candidate "
                      f"notes refused as undecidable)", flush=True)
            runs: dict[str, list[Run]] = {"gloss": [], "str.find": [], "hypothesis": []}
            for page in pages:
                runs["gloss"].append(run_gloss(page, args.repeat, args.profile))
                runs["str.find"].append(run_floor(page, args.repeat))
                print(f"  {page.label}: gloss {runs['gloss'][-1].ms:.1f} ms, str.find {runs['str.find'][-1].ms:.2f} ms",
                      flush=True)
            if not skipped:
                print("running the Hypothesis matcher under Node ...", flush=True)
                hyp_runs, versions = run_hypothesis(pages, args.repeat, workdir)
                runs["hypothesis"] = hyp_runs
                timings = ", ".join(f"{p.label} {r.ms:.1f} ms" for p, r in zip(pages, hyp_runs, strict=True))
                print(f"  {versions}; {timings}", flush=True)
            scores = []
            for i, page in enumerate(pages):
                page_runs = [runs[m][i] for m in ("gloss", "str.find", "hypothesis") if runs[m]]
                scores.append(print_page(page, page_runs, args.verbose))
                if args.profile and runs["gloss"][i].note:
                    print(f"  cProfile of one Gloss run on the {page.label} page (by own time):")
                    print("    " + "\n    ".join(runs["gloss"][i].note.strip().splitlines()[:30]))
            print_targets(pages, runs, scores, skipped)
            if not args.skip_api:
                api_index = next((i for i, p in enumerate(pages) if p.label == kb(API_PAGE_SIZE)), None)
                if api_index is None:
                    api_page = make_page(API_PAGE_SIZE, args.notes, args.seed, label=kb(API_PAGE_SIZE))
                    api_gloss = run_gloss(api_page, 1, False)
                else:
                    api_page, api_gloss = pages[api_index], runs["gloss"][api_index]
                bench_api(api_page, api_gloss, args.requests, args.workers, workdir)
    except Exception as err:  # noqa: BLE001 - report what broke, in one readable line plus detail
        traceback.print_exc()
        print(f"\nBENCHMARK BROKE: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    if engine_version() != engine:
        print(f"\nWARNING: server/anchoring changed during the run (now {engine_version()}): the numbers "
              "above may mix two versions of the engine; run again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
