"""Heavy edits and far moves: Gloss against a `str.find` floor and Hypothesis' matcher (issue 12).

What it measures
    For each page size (default 50 KB, 100 KB, 250 KB and 1 MB, in code points) bench/heavy_pages.py
    builds a seeded heavy-edit page: paragraphs inserted, deleted and moved thousands of characters,
    typos in and around quotes, quotes split by an inserted paragraph, headlines repeated in the
    navigation, breadcrumbs, share widget and related lists, corrected headlines and deleted quotes.
    Ground truth comes from the edit operations (see heavy_pages.py), never from searching the page.

    Per size it prints live quotes located (both ends within +-5 code points of the truth; a quote
    split by an inserted paragraph may instead say `changed`, as issue 12 allows, and those are
    counted apart too), deleted
    (not live) quotes not attached, wrong attachments (anchored anywhere else, or anchored though
    not live), times, and the targets with PASS/FAIL:
      located >= 97% on every size, and >= Hypothesis' located on every size;
      100% of deleted quotes not attached, 0 wrong;
      Gloss time <= 10x the str.find floor (geometric mean over the sizes);
      Gloss >= 15x faster than Hypothesis at 1 MB.

How to run (from the repository root)
    .venv/bin/python bench/heavy_anchor_bench.py                  # 50 KB .. 1 MB, with Hypothesis
    .venv/bin/python bench/heavy_anchor_bench.py --sizes 50000,100000 --skip-hypothesis
    .venv/bin/python bench/heavy_anchor_bench.py --profile        # cProfile of one Gloss run per page
    .venv/bin/python bench/heavy_anchor_bench.py --verbose        # every miss, by plan
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import median

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]

from anchor_bench import node_ready, run_floor, run_hypothesis  # noqa: E402
from heavy_pages import HeavyPage, make_heavy_page  # noqa: E402
from server.anchoring import ANCHORED, CHANGED, PageIndex  # noqa: E402

LOCATED_TARGET = 0.97
FLOOR_TARGET = 10.0
HYPOTHESIS_TARGET = 15.0
SLACK = 5  # code points either side of the truth


def run_gloss(page: HeavyPage, repeat: int) -> tuple[list[float], list[tuple]]:
    pairs = list(zip(page.quotes, page.positions, strict=True))
    times, results = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = PageIndex(page.edited).anchor_all(pairs)
        times.append((time.perf_counter() - t0) * 1000)
        results = results or out
    return times, [(a.state, a.start, a.end) if a.state == ANCHORED else (a.state,) for a in results]


def profile_gloss(page: HeavyPage) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    PageIndex(page.edited).anchor_all(list(zip(page.quotes, page.positions, strict=True)))
    profiler.disable()
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(16)
    return buffer.getvalue()


def judge(page: HeavyPage, results: list[tuple]) -> dict:
    score = Counter()
    misses = []
    for i, (live, expected, got) in enumerate(zip(page.live, page.expected, results, strict=True)):
        anchored = got[0] == ANCHORED
        if live:
            score["live"] += 1
            near = anchored and abs(got[1] - expected[1]) <= SLACK and abs(got[2] - expected[2]) <= SLACK
            # A quote split by an inserted block anchors across it, or says `changed` (issue 12).
            honest_split = page.kinds[i] == "split" and got[0] == CHANGED
            score["split_changed"] += honest_split
            near = near or honest_split
            score["located"] += near
            score["wrong"] += anchored and not near
            if not near:
                misses.append((i, anchored))
        else:
            score["dead"] += 1
            score["not_attached"] += not anchored
            score["wrong"] += anchored
            if anchored:
                misses.append((i, True))
    score["misses"] = misses
    return score


def pct(hit: int, total: int) -> str:
    return f"{100.0 * hit / total:5.1f}% ({hit}/{total})" if total else "  n/a"


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50000,100000,250000,1000000", help="page sizes in code points")
    parser.add_argument("--notes", type=int, default=200, help="notes per page (default 200)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per matcher and page (median)")
    parser.add_argument("--skip-hypothesis", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    pages = [make_heavy_page(size, args.notes, args.seed, f"{size // 1000:,} KB") for size in sizes]
    gloss, floor = [], []
    for page in pages:
        gloss.append(run_gloss(page, args.repeat))
        floor.append(run_floor(page, args.repeat))
    hyp = None
    if not args.skip_hypothesis:
        why = node_ready()
        if why:
            print(f"Hypothesis skipped: {why}")
        else:
            with tempfile.TemporaryDirectory() as workdir:
                hyp, version = run_hypothesis(pages, args.repeat, Path(workdir))
            print(f"Hypothesis matcher: {version}")
    ok = {"located": True, "vs_hyp": True, "dead": True, "wrong": True}
    ratios = []
    for n, page in enumerate(pages):
        g_ms, g_res = median(gloss[n][0]), gloss[n][1]
        s = judge(page, g_res)
        print(f"\n[{page.label}] {len(page.edited):,} code points, {len(page.quotes)} notes "
              f"({s['live']} live, {s['dead']} deleted; {page.dropped} undecidable dropped), edits {page.stats}")
        print(f"  {'matcher':<11} {'located (live)':<20} {'deleted not attached':<22} {'wrong':>5} {'ms':>9}")
        rows = [("gloss", s, g_ms), ("str.find", judge(page, floor[n].results), floor[n].ms)]
        if hyp:
            rows.append(("hypothesis", judge(page, hyp[n].results), hyp[n].ms))
        for name, sc, ms in rows:
            print(f"  {name:<11} {pct(sc['located'], sc['live']):<20} {pct(sc['not_attached'], sc['dead']):<22} "
                  f"{sc['wrong']:>5} {ms:>9.2f}")
        ok["located"] &= s["located"] >= LOCATED_TARGET * s["live"]
        if hyp:
            ok["vs_hyp"] &= s["located"] >= rows[2][1]["located"]
        ok["dead"] &= s["not_attached"] == s["dead"]
        ok["wrong"] &= s["wrong"] == 0
        ratios.append(g_ms / max(floor[n].ms, 1e-6))
        if s["split_changed"]:
            print(f"  gloss: {s['split_changed']} split quotes `changed` (counted located)")
        if args.verbose:
            for i, wrong in s["misses"]:
                q = page.quotes[i].exact
                print(f"    miss {i} {page.kinds[i]:<20} {'WRONG ' if wrong else ''}expected {page.expected[i]} "
                      f"got {g_res[i]}: {q[:60]!r}")
        else:
            by_plan = Counter(page.kinds[i] for i, _ in s["misses"])
            if by_plan:
                print(f"  gloss misses by plan: {dict(by_plan)}")
        if args.profile:
            print(profile_gloss(page))
    print("\n" + "=" * 90)
    print(f"live quotes located >= {LOCATED_TARGET:.0%} on every size: {verdict(ok['located'])}")
    if hyp:
        print(f"located >= Hypothesis' on every size: {verdict(ok['vs_hyp'])}")
    print(f"deleted quotes never attached: {verdict(ok['dead'])};  0 wrong: {verdict(ok['wrong'])}")
    print("Gloss time / str.find floor:")
    for page, ratio in zip(pages, ratios, strict=True):
        print(f"  {page.label:>9}: {ratio:7.1f}x")
    gm = geomean(ratios)
    print(f"  geometric mean: {gm:.1f}x  (target <= {FLOOR_TARGET:.0f}x)  {verdict(gm <= FLOOR_TARGET)}")
    if hyp:
        for n, page in enumerate(pages):
            speed = hyp[n].ms / max(median(gloss[n][0]), 1e-6)
            target = f"(target >= {HYPOTHESIS_TARGET:.0f}x) {verdict(speed >= HYPOTHESIS_TARGET)}" \
                if len(page.edited) >= 900_000 else "(information)"
            print(f"  Hypothesis / Gloss time at {page.label}: {speed:6.1f}x {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
