"""Scores an anchoring function against the corpus.

    report = evaluate(cases, anchor_fn)     # anchor_fn(text, quote, position) -> Anchor
    report.meets_targets(); print(report.summary())

A result is a wrong attachment when it is "anchored" somewhere other than the ground-truth span of
a surviving quote, or "anchored" at all when the quote was deleted or its words changed: the note
would then sit on words it was not written about, the one failure worse than losing a note.
"""
from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from server.anchoring.types import ANCHORED, CHANGED, ORPHANED, Anchor

LOCATED_TARGET = 0.99    # surviving quotes located exactly (both ends)
ORPHANED_TARGET = 1.0    # deleted quotes reported orphaned
CHANGED_TARGET = 1.0     # corrected headlines reported changed
WRONG_TARGET = 0         # wrong attachments


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str
    expected: tuple
    got: Anchor
    correct: bool
    wrong: bool


def judge(case, got: Anchor) -> Outcome:
    """Compare one result with the case's expectation."""
    anchored = got.state == ANCHORED
    if case.expected[0] == ANCHORED:
        correct = anchored and (got.start, got.end) == tuple(case.expected[1:])
        wrong = anchored and not correct
    else:
        correct = got.state == case.expected[0]
        wrong = anchored
    return Outcome(case.name, case.kind, tuple(case.expected), got, correct, wrong)


def _rate(hit: int, total: int) -> float:
    return hit / total if total else 1.0


@dataclass(repr=False)
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def __repr__(self) -> str:  # short, so assertion messages show the summary, not every outcome
        return f"Report({len(self.outcomes)} cases, {sum(not o.correct for o in self.outcomes)} misses)"

    def _count(self, state: str) -> tuple[int, int]:
        mine = [o for o in self.outcomes if o.expected[0] == state]
        return sum(o.correct for o in mine), len(mine)

    @property
    def located(self) -> tuple[int, int]:
        """(surviving quotes located exactly, surviving quotes)."""
        return self._count(ANCHORED)

    @property
    def orphaned(self) -> tuple[int, int]:
        """(deleted quotes reported orphaned, deleted quotes)."""
        return self._count(ORPHANED)

    @property
    def changed(self) -> tuple[int, int]:
        """(changed quotes reported changed, changed quotes)."""
        return self._count(CHANGED)

    @property
    def wrong(self) -> list[str]:
        """Names of the cases whose note was attached to the wrong words."""
        return [o.name for o in self.outcomes if o.wrong]

    located_rate = property(lambda self: _rate(*self.located))
    orphaned_rate = property(lambda self: _rate(*self.orphaned))
    changed_rate = property(lambda self: _rate(*self.changed))

    def per_kind(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "correct": 0, "wrong": 0})
        for o in self.outcomes:
            row = table[o.kind]
            row["cases"] += 1
            row["correct"] += o.correct
            row["wrong"] += o.wrong
        return dict(table)

    def meets_targets(self) -> bool:
        return (self.located_rate >= LOCATED_TARGET and self.orphaned_rate >= ORPHANED_TARGET
                and self.changed_rate >= CHANGED_TARGET and len(self.wrong) <= WRONG_TARGET)

    def summary(self, misses: int = 25) -> str:
        n = len(self.outcomes)
        lines = [f"{n} cases in {self.seconds:.2f}s ({1000 * self.seconds / max(n, 1):.2f} ms each)",
                 _line("surviving quotes located exactly", self.located, LOCATED_TARGET),
                 _line("deleted quotes orphaned", self.orphaned, ORPHANED_TARGET),
                 _line("changed quotes reported changed", self.changed, CHANGED_TARGET),
                 f"  wrong attachments: {len(self.wrong)} (target {WRONG_TARGET})",
                 f"  {'kind':28} {'cases':>6} {'correct':>8} {'wrong':>6}"]
        for kind, row in sorted(self.per_kind().items()):
            lines.append(f"  {kind:28} {row['cases']:6} {row['correct']:8} {row['wrong']:6}")
        bad = [o for o in self.outcomes if not o.correct]
        if bad and misses:
            lines.append(f"  first {min(misses, len(bad))} of {len(bad)} misses (wrong attachments first):")
            for o in sorted(bad, key=lambda o: not o.wrong)[:misses]:
                got = o.got.as_dict() if hasattr(o.got, "as_dict") else o.got
                lines.append(f"    {o.name}: expected {o.expected}, got {got}")
        return "\n".join(lines)


def _line(label: str, pair: tuple[int, int], target: float) -> str:
    hit, total = pair
    return f"  {label}: {hit}/{total} ({100 * _rate(hit, total):.2f}%, target >= {100 * target:g}%)"


def evaluate(cases: Iterable, anchor_fn: Callable[..., Anchor]) -> Report:
    """Run anchor_fn(edited_text, quote, position) on every case and judge the results."""
    report = Report()
    t0 = time.perf_counter()
    for case in cases:
        report.outcomes.append(judge(case, anchor_fn(case.edited, case.quote, case.position)))
    report.seconds = time.perf_counter() - t0
    return report
