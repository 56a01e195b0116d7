"""Figures of a harness run: the issue 12 targets, tables per set / edit kind / language / note kind,
and the failing cases with what was drawn. Shared by the browser test and the bench."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from tests.realpages import corpus, model
from tests.realpages.harness import Outcome, Results

EXACT_TARGET = 0.95  # issue 12, "Done when": ≥ 95% of notes whose quote survived drawn exactly
RESULTS = ("exact", "changed", "orphaned", "missing", "wrong")


@dataclass
class Target:
    name: str
    value: str
    passed: bool


def surviving(outcomes: list[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.truth == "exact" and o.page_kind == "article"]


def exact_rate(outcomes: list[Outcome]) -> float:
    live = surviving(outcomes)
    return sum(o.result == "exact" for o in live) / len(live) if live else 1.0


def targets(results: Results, set_name: str | None = None) -> list[Target]:
    outcomes = [o for o in results.outcomes if set_name in (None, o.set)]
    foreign = [f for f in results.foreign if set_name in (None, f.set)]
    wrong = [o for o in outcomes if o.result == "wrong" and not (o.truth == "may" and o.ok)]
    attached = [o for o in outcomes if o.truth == "gone" and o.result == "wrong"]
    on_fronts = [f for f in foreign if f.page_kind == "front"]
    rate = exact_rate(outcomes)
    live = surviving(outcomes)
    return [
        Target("0 notes drawn on wrong words", f"{len(wrong)} wrong", not wrong),
        Target("0 notes of other articles on pages that only link to them",
               f"{len(on_fronts)} on section fronts, {len(foreign) - len(on_fronts)} on articles' related lists",
               not foreign),
        Target("every deleted quote not attached", f"{len(attached)} of {sum(o.truth == 'gone' for o in outcomes)} "
               "deleted quotes drawn", not attached),
        Target(f">= {EXACT_TARGET:.0%} of surviving quotes drawn exactly",
               f"{rate:.1%} ({sum(o.result == 'exact' for o in live)} of {len(live)})", rate >= EXACT_TARGET),
    ]


def table(outcomes: list[Outcome], key) -> list[str]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    head = f"{'':32} {'notes':>5} | {'live':>4} {'exact':>5} {'chg':>4} {'orph':>4} {'miss':>4} {'WRONG':>5} " \
           f"{'exact%':>6} | {'gone':>4} {'DRAWN':>5}"
    lines = [head, "-" * len(head)]
    for name in sorted(groups, key=str):
        rows = groups[name]
        live = [o for o in rows if o.truth in ("exact", "may")]
        gone = [o for o in rows if o.truth == "gone"]
        count = Counter(o.result for o in live)
        rate = count["exact"] / len(live) if live else 1.0
        lines.append(f"{name:32} {len(rows):5} | {len(live):4} {count['exact']:5} {count['changed']:4} "
                     f"{count['orphaned']:4} {count['missing']:4} {count['wrong']:5} {rate:6.1%} | {len(gone):4} "
                     f"{sum(o.result == 'wrong' for o in gone):5}")
    return lines


def describe(o: Outcome) -> str:
    drawn = f"drew {o.drawn!r} in {', '.join(o.where)}{' (hidden)' if o.hidden else ''}" if o.drawn else o.result
    want = f"want {o.truth} {o.words!r} in {o.block}" if o.truth != "gone" else "want gone"
    return f"[{o.set}] {o.page} · {o.version} · {o.note_kind}: {drawn}; {want}"


def failures(results: Results) -> list[str]:
    lines = [f"ERROR {e}" for e in results.errors] + [f"RETRY {url} (loaded twice)" for url in results.retries]
    # In corpus order (article, then version as in model.VERSIONS), whatever order the tabs ran in.
    order = {a.slug: i for i, a in enumerate(corpus.ARTICLES)}
    versions = {v: i for i, v in enumerate(model.VERSION_NAMES)}
    ranked = sorted(results.outcomes, key=lambda o: (o.page_kind != "article", order.get(o.note.split("/")[0], 0),
                                                     versions.get(o.version, 99), model.NOTE_KINDS.index(o.note_kind)))
    for o in ranked:
        if not o.ok:
            lines.append(("WRONG " if o.result == "wrong" else "MISS  ") + describe(o))
    for f in sorted(results.foreign, key=lambda f: (f.page, f.version, f.note)):
        drawn = f"drew {f.drawn!r} in {', '.join(f.where)}" if f.drawn else "listed, not drawn"
        lines.append(f"OTHER [{f.set}] {f.page} · {f.version}: note {f.note} ({f.state}, via {f.via}): {drawn}")
    return lines


def full_report(results: Results) -> str:
    out = []
    for set_name in ("dev", "held", None):
        label = set_name or "all"
        out.append(f"\n== targets, {label} set ==")
        for t in targets(results, set_name):
            out.append(f"  {'PASS' if t.passed else 'FAIL'}  {t.name}: {t.value}")
    article_outcomes = [o for o in results.outcomes if o.page_kind == "article"]
    for title, key in (("set", lambda o: o.set), ("edit kind", lambda o: o.version),
                       ("language", lambda o: o.lang), ("note kind", lambda o: o.note_kind),
                       ("set x edit kind", lambda o: f"{o.set} {o.version}")):
        out.append(f"\n== articles per {title} ==")
        out.extend(table(article_outcomes, key))
    copies = [o for o in results.outcomes if o.page_kind == "copy"]
    if copies:
        out.append("\n== partner copies (notes may show, with via) ==")
        out.extend(table(copies, lambda o: o.page))
    fronts = Counter(f.page for f in results.foreign if f.page_kind == "front")
    out.append(f"\n== other articles' notes: {len(results.foreign)} ({sum(fronts.values())} on section fronts) ==")
    out.append("\n== failures ==")
    out.extend(failures(results) or ["none"])
    return "\n".join(out)
