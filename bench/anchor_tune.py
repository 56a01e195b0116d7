"""How the anchoring thresholds were chosen: sweep them over the corpus and print the outcomes.

For every combination of the thresholds in server/anchoring/matcher.py it anchors every case of the
corpus (tests/anchoring, several seeds, so the choice is not fitted to the test suite's seed 0) and
prints how many surviving quotes were located exactly, deleted ones orphaned, corrected headlines
reported changed, and how many notes were attached to the wrong words.

    .venv/bin/python bench/anchor_tune.py            # seeds 0,1,2
    .venv/bin/python bench/anchor_tune.py --seeds 0  # faster
"""
from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.anchoring import matcher  # noqa: E402
from tests.anchoring.corpus import build_corpus  # noqa: E402
from tests.anchoring.scoring import evaluate  # noqa: E402

GRID = {
    "MAX_ERROR_RATE": (0.15, 0.25, 0.35),
    "MIN_QUOTE_SIMILARITY": (0.6, 0.75, 0.9),
    "MIN_FUZZY_SCORE": (0.6, 0.7, 0.8),
    "MIN_CONTEXT_SIMILARITY": (0.3, 0.5, 0.7),
    "MIN_CONTEXT_FREE_LENGTH": (16, 32, 64),
}


def sweep(cases) -> list[tuple[dict, object]]:
    chosen = {name: getattr(matcher, name) for name in GRID}
    rows = []
    try:
        for values in itertools.product(*GRID.values()):
            setting = dict(zip(GRID, values))
            for name, value in setting.items():
                setattr(matcher, name, value)
            rows.append((setting, evaluate(cases, matcher.anchor)))
    finally:
        for name, value in chosen.items():
            setattr(matcher, name, value)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    started = time.perf_counter()
    cases = [case for seed in args.seeds.split(",") for case in build_corpus(int(seed))]
    print(f"$ {' '.join(sys.argv)}\n{len(cases)} cases from seeds {args.seeds}")
    current = {name: getattr(matcher, name) for name in GRID}
    rows = sweep(cases)
    header = " ".join(f"{name.lower():>24}" for name in GRID)
    print(f"{header}  located  orphaned  changed  wrong")
    for setting, report in rows:
        mark = "  <- in use" if setting == current else ""
        cells = " ".join(f"{value:>24}" for value in setting.values())
        print(f"{cells}  {report.located_rate:7.2%}  {report.orphaned_rate:8.2%}  {report.changed_rate:7.2%}"
              f"  {len(report.wrong):5d}{mark}")
    good = [s for s, r in rows if r.meets_targets()]
    print(f"\n{len(good)} of {len(rows)} settings meet every target; in use: {current} "
          f"({'meets' if current in good else 'MISSES'} the targets)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
