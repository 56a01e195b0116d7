"""How the anchoring thresholds were chosen: sweep them over the corpus and print the outcomes.

Starting from the thresholds in server/anchoring/matcher.py, it moves one threshold at a time to
each of the values in GRID, anchors every case of the corpus (tests/anchoring, several seeds, so
the choice is not fitted to the test suite's seed 0) and prints how many surviving quotes were
located exactly, deleted ones orphaned, corrected headlines reported changed, and how many notes
were attached to the wrong words.

    .venv/bin/python bench/anchor_tune.py            # seeds 0,1,2
    .venv/bin/python bench/anchor_tune.py --seeds 0  # faster
"""
from __future__ import annotations

import argparse
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
    "MIN_FRAMED_CONTEXT_SIMILARITY": (0.8, 0.9, 0.95),
    "MIN_PLACE_CONTEXT_SIMILARITY": (0.75, 0.9, 0.95),
    "MIN_INTACT_LENGTH": (32, 100, 200),
    "MIN_CONTEXT_SIMILARITY": (0.3, 0.5, 0.7),
}


def settings_to_try(chosen: dict) -> list[dict]:
    """The chosen setting, then each threshold moved alone to each of its other values."""
    tried = [dict(chosen)]
    for name, values in GRID.items():
        tried += [{**chosen, name: value} for value in values if value != chosen[name]]
    return tried


def sweep(cases) -> list[tuple[dict, object]]:
    chosen = {name: getattr(matcher, name) for name in GRID}
    rows = []
    try:
        for setting in settings_to_try(chosen):
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
    print(f"{'setting':<44}  located  orphaned  changed  wrong")
    for setting, report in rows:
        moved = [f"{name}={value}" for name, value in setting.items() if value != current[name]]
        label = ", ".join(moved) or "in use"
        print(f"{label:<44}  {report.located_rate:7.2%}  {report.orphaned_rate:8.2%}  {report.changed_rate:7.2%}"
              f"  {len(report.wrong):5d}")
    good = [s for s, r in rows if r.meets_targets()]
    print(f"\n{len(good)} of {len(rows)} settings meet every target; in use: {current} "
          f"({'meets' if current in good else 'MISSES'} the targets)")
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
