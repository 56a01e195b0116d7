"""Scoring benchmark: time and peak memory of a full run of server/ratings/scorer.py.

What it measures
    A synthetic community from tests/ratings/community.py (default 10,000 notes, 100,000 raters,
    1,000,000 ratings: two camps, notes helpful to both / partisan left / partisan right / bad,
    5% noise raters; optionally a brigade) is scored by `score(...)`: pre-filter, round 1, rater
    agreement, round 2, statuses. Targets: <= 60 s and <= 2 GB on this 2-core machine (the scorer
    is single-threaded numpy).

    The data is generated in one child process and scored in another, so generating it counts in
    neither figure; this parent process only orchestrates, prints and plots. In the scoring child:
      time          wall time of score(), tracemalloc off;
      peak RSS      ru_maxrss of the scoring process after score(): the whole process (interpreter,
                    numpy, the loaded input arrays and every buffer score() made), the figure the
                    2 GB target is checked against; also shown: the RSS before score() and the
                    ru_maxrss delta (what score() itself added on top);
      tracemalloc   peak of traced allocations during a second, identical score() run with
                    tracemalloc on (numpy reports its array buffers to tracemalloc), i.e. the
                    scorer's own working set without the interpreter and the inputs.
    Then per note kind: the share of notes helpful / not_helpful / needs_more_ratings under the
    scorer and under the naive majority baseline, and how many raters each round kept.
    The exit status is 0 whether the targets pass or fail (a benchmark, not a test); 1 if something
    broke.

How to run (from the repository root)
    .venv/bin/python bench/score_bench.py                          # full scale
    .venv/bin/python bench/score_bench.py --plot                   # and draw docs/score-plot.png
    .venv/bin/python bench/score_bench.py --notes 1000 --raters 10000 --ratings 100000 --plot /tmp/p.png
    .venv/bin/python bench/score_bench.py --brigade 0.3            # 30% of raters brigade for the right
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
sys.path[:0] = [str(REPO_ROOT)]

TIME_TARGET_S = 60.0
MEMORY_TARGET_BYTES = 2 * 1024 ** 3
DEFAULT_PLOT = REPO_ROOT / "docs" / "score-plot.png"


def _rss_bytes() -> int:
    """Current resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _maxrss_bytes() -> int:
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss if sys.platform == "darwin" else maxrss * 1024  # Linux reports KiB


def _mib(n: float) -> str:
    return f"{n / 1024 ** 2:,.0f} MiB"


# --------------------------------------------------------------------------------------------
# Children


def _generate(args, data: Path) -> None:
    from tests.ratings.community import make_community

    start = time.perf_counter()
    c = make_community(n_notes=args.notes, n_raters=args.raters, n_ratings=args.ratings,
                       brigade_share=args.brigade, seed=args.seed)
    import numpy as np

    np.savez(data, note_index=c.note_index, rater_index=c.rater_index, value=c.value,
             note_kind=c.note_kind, rater_noise=c.rater_noise, rater_brigade=c.rater_brigade,
             shape=np.array([c.n_notes, c.n_raters]))
    print(json.dumps({"seconds": time.perf_counter() - start, "ratings": c.n_ratings}))


def _score(args, data: Path, out: Path) -> None:
    import tracemalloc

    import numpy as np

    from server.ratings.scorer import ScorerConfig, score

    loaded = np.load(data)
    note_index, rater_index, value = loaded["note_index"], loaded["rater_index"], loaded["value"]
    n_notes, n_raters = (int(x) for x in loaded["shape"])
    config = ScorerConfig(ridge_scale=args.ridge_scale)
    show = sys.stderr.isatty()

    def progress(step: str, done: int, total: int) -> None:
        if show:
            print(f"\r  {step}: {done}/{total} ", end="", file=sys.stderr, flush=True)

    rss_before, maxrss_before = _rss_bytes(), _maxrss_bytes()
    start = time.perf_counter()
    result = score(note_index, rater_index, value, n_notes, n_raters, config=config, progress=progress)
    seconds = time.perf_counter() - start
    maxrss_after = _maxrss_bytes()
    if show:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr)

    tracemalloc.start()
    again = score(note_index, rater_index, value, n_notes, n_raters, config=config)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not np.array_equal(again.status, result.status):
        raise AssertionError("two runs of score() disagree")

    np.savez(out, note_intercept=result.note_intercept, note_factor=result.note_factor,
             status=result.status, rater_kept=result.rater_kept)
    print(json.dumps({
        "seconds": seconds, "rss_before": rss_before, "maxrss_before": maxrss_before,
        "maxrss_after": maxrss_after, "traced_peak": traced_peak, "mu": result.mu,
        "rounds": [vars(r) for r in result.rounds],
    }))


def _child(stage: str, args, *paths: Path) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--_stage", stage,
               "--_paths", *map(str, paths)] + args.forward
    done = subprocess.run(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise RuntimeError(f"the {stage} child failed with status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------------------------
# Report and plot


def _outcomes(data, status, baseline) -> list[str]:
    import numpy as np

    from tests.ratings.community import KIND_NAMES

    statuses = ("helpful", "not_helpful", "needs_more_ratings")
    lines = [f"  {'note kind':18s} {'notes':>6s}  " + "  ".join(f"{s:>18s}" for s in statuses)
             + f"  {'naive helpful':>13s}"]
    for kind, name in enumerate(KIND_NAMES):
        mask = data["note_kind"] == kind
        if not mask.any():
            continue
        shares = "  ".join(f"{np.mean(status[mask] == s):18.1%}" for s in statuses)
        lines.append(f"  {name:18s} {mask.sum():6d}  {shares}  {np.mean(baseline[mask] == 'helpful'):13.1%}")
    return lines


def _plot(path: Path, data, result) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from server.ratings.scorer import ScorerConfig
    from tests.ratings.community import KIND_NAMES

    config = ScorerConfig()
    intercept, factor, status = result["note_intercept"], result["note_factor"], result["status"]
    fitted = ~np.isnan(intercept)
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.5), sharex=True, sharey=True)
    colors = {"helpful": "#1a9850", "not_helpful": "#d73027", "needs_more_ratings": "#999999"}
    for name, color in colors.items():
        mask = fitted & (status == name)
        axes[0].scatter(factor[mask], intercept[mask], s=3, alpha=0.5, color=color, linewidths=0,
                        label=f"{name} ({mask.sum():,})")
    kind_colors = ("#4575b4", "#f46d43", "#74add1", "#000000")
    for kind, name in enumerate(KIND_NAMES):
        mask = fitted & (data["note_kind"] == kind)
        axes[1].scatter(factor[mask], intercept[mask], s=3, alpha=0.5, color=kind_colors[kind],
                        linewidths=0, label=f"{name} ({mask.sum():,})")
    lo, hi = np.nanmin(factor[fitted]), np.nanmax(factor[fitted])
    span = max(abs(lo), abs(hi), 0.6) * 1.05
    top = max(np.nanmax(intercept[fitted]), config.helpful_intercept) + 0.05
    xs = np.linspace(-span, span, 201)
    for ax in axes:
        m, i0 = config.helpful_max_factor, config.helpful_intercept
        ax.plot([-m, m], [i0, i0], color="#1a9850", lw=1.2)
        ax.plot([-m, -m], [i0, top], color="#1a9850", lw=1.2)
        ax.plot([m, m], [i0, top], color="#1a9850", lw=1.2,
                label=f"helpful: i_n >= {i0:.2f}, |f_n| <= {m:.1f}")
        ax.plot(xs, config.not_helpful_intercept - config.not_helpful_factor_slope * np.abs(xs),
                color="#d73027", lw=1.2, ls="--",
                label=f"not_helpful: i_n <= {config.not_helpful_intercept} - "
                      f"{config.not_helpful_factor_slope}|f_n|")
        ax.axhline(0, color="#cccccc", lw=0.6, zorder=0)
        ax.axvline(0, color="#cccccc", lw=0.6, zorder=0)
        ax.set_xlim(-span, span)
        ax.set_ylim(min(np.nanmin(intercept[fitted]), -0.3) - 0.05, top)
        ax.set_xlabel("note factor f_n")
        ax.legend(loc="lower left", fontsize=7, markerscale=4)
    axes[0].set_ylabel("note intercept i_n")
    axes[0].set_title("coloured by status")
    axes[1].set_title("coloured by the note's kind (ground truth)")
    fig.suptitle(f"Gloss scorer: {fitted.sum():,} fitted notes of {intercept.size:,}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--raters", type=int, default=100_000)
    parser.add_argument("--ratings", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--brigade", type=float, default=0.0,
                        help="share of all raters, from the right camp, rating every right-partisan note helpful")
    parser.add_argument("--ridge-scale", choices=("mean", "median"), default="mean",
                        help="ScorerConfig.ridge_scale (mean: the reference's normalization)")
    parser.add_argument("--plot", nargs="?", const=str(DEFAULT_PLOT), default=None, metavar="PATH",
                        help=f"draw note intercept vs factor (default path {DEFAULT_PLOT.relative_to(REPO_ROOT)})")
    parser.add_argument("--_stage", choices=("generate", "score"), help=argparse.SUPPRESS)
    parser.add_argument("--_paths", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.forward = ["--notes", str(args.notes), "--raters", str(args.raters), "--ratings", str(args.ratings),
                    "--seed", str(args.seed), "--brigade", str(args.brigade), "--ridge-scale", args.ridge_scale]

    if args._stage == "generate":
        _generate(args, *args._paths)
        return 0
    if args._stage == "score":
        _score(args, *args._paths)
        return 0

    import numpy as np

    from server.ratings.scorer import majority_status

    print(f"Scoring bench: {args.notes:,} notes, {args.raters:,} raters, {args.ratings:,} ratings, "
          f"seed {args.seed}, brigade {args.brigade:.0%}, ridge scale {args.ridge_scale}")
    print(f"  Python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cores, "
          f"{platform.machine()}")
    try:
        with tempfile.TemporaryDirectory(prefix="score-bench-") as tmp:
            data_path, result_path = Path(tmp) / "data.npz", Path(tmp) / "result.npz"
            generated = _child("generate", args, data_path)
            print(f"  data: {generated['ratings']:,} ratings generated in {generated['seconds']:.1f} s "
                  f"(child process, not counted)")
            measured = _child("score", args, data_path, result_path)
            data, result = dict(np.load(data_path)), dict(np.load(result_path))
    except Exception as exc:  # noqa: BLE001 - report and fail
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1

    seconds, peak = measured["seconds"], measured["maxrss_after"]
    print()
    for r in measured["rounds"]:
        print(f"  round {r['round']}: {r['ratings']:,} ratings, {r['notes']:,} notes, {r['raters']:,} raters, "
              f"{r['iterations']} ALS sweeps, loss {r['loss']:.6f}, "
              f"{'converged' if r['converged'] else 'NOT converged'}")
    print(f"  mu {measured['mu']:.4f}")
    print()
    print(f"  time of score():            {seconds:8.2f} s      target <= {TIME_TARGET_S:.0f} s   "
          f"{'PASS' if seconds <= TIME_TARGET_S else 'FAIL'}")
    print(f"  peak RSS of the scoring process: {_mib(peak):>10s}  target <= 2 GB   "
          f"{'PASS' if peak <= MEMORY_TARGET_BYTES else 'FAIL'}")
    print(f"    RSS before score() (interpreter, numpy, inputs): {_mib(measured['rss_before'])}; "
          f"ru_maxrss delta during score(): {_mib(peak - measured['maxrss_before'])}")
    print(f"    tracemalloc peak of score() (its own allocations): {_mib(measured['traced_peak'])}")

    baseline = majority_status(data["note_index"], data["value"], len(data["note_kind"]))
    print()
    print("  outcomes (share of the notes of each kind; naive = majority of helpful votes):")
    for line in _outcomes(data, result["status"], baseline):
        print(line)
    kept = result["rater_kept"]
    noise, brigade = data["rater_noise"], data["rater_brigade"]
    print(f"  raters kept in the final round: {kept.mean():.1%} (noise raters {kept[noise].mean():.1%}"
          + (f", brigade {kept[brigade].mean():.1%}" if brigade.any() else "") + ")")

    if args.plot:
        path = Path(args.plot)
        path = path if path.is_absolute() else REPO_ROOT / path
        _plot(path, data, result)
        print(f"\n  plot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
