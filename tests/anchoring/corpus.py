"""Anchoring test corpus: news pages, notes quoted on them, edits made afterwards, known outcomes.

    build_corpus(seed=0) -> list[Case]     deterministic for a seed, well under two seconds
    write_json(path)                       the same cases for other matchers (a Node benchmark)
    python -m tests.anchoring.corpus [--json PATH] [--seed N]   prints counts per kind

Each Case holds the original page text, the note's selectors computed on it (quote with 32
characters of context either side, code-point position), the edited page text and the expected
result: ("anchored", start, end) in the edited text, ("changed",) or ("orphaned",).
Ground truth is never found by searching text: the quote is marked in the page structure before
the edits (see edits.py), and a case is kept only if the truth is decidable from its selectors
(see _fair).

Outcome conventions a matcher can rely on:
  anchored  the span runs from the first character of the quote's first word to the last
            character of its last word in the edited text (after a light edit inside the quote,
            the whole edited span; after typography changes, the span covering the same words).
  changed   only corrected headlines: the quote's words are gone, but every non-empty part of its
            context (prefix, suffix) is still there around the new words.
  orphaned  deleted quotes. The context may survive, but never as prefix and suffix with other
            words between them: when a sentence is deleted its neighbours meet.
"""
from __future__ import annotations

import gzip
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from server.anchoring.types import ANCHORED, CHANGED, ORPHANED, PositionSelector, QuoteSelector
from tests.anchoring import edits
from tests.anchoring.articles import Article, Block, build_articles, copy_page, render
from tests.anchoring.edits import QuoteLoc, split_token

CONTEXT = 32  # characters of prefix and suffix, as the extension stores them

# Edit-script letter -> kind name.
KINDS = {
    "a": "unchanged",
    "b": "edit-elsewhere",
    "c": "light-edit-in-quote",
    "d1": "sentence-inserted-before",
    "d2": "sentence-deleted-elsewhere",
    "d3": "quote-deleted",
    "e": "paragraph-moved",
    "f": "headline-corrected",
    "g": "typography",
    "h": "repeated-phrase",
    "i": "astral-before",
    "j": "combined",
}


@dataclass(frozen=True)
class Case:
    """A note made on `original` and the page as it reads later (`edited`)."""

    name: str                      # "article07/light-edit-in-quote/3"
    kind: str                      # a value of KINDS
    original: str
    edited: str
    quote: QuoteSelector
    position: PositionSelector
    expected: tuple                # ("anchored", start, end) | ("changed",) | ("orphaned",)
    shape: str = ""                # headline, sentence, phrase, word-unique, word-repeated, multi, long, rep-*
    steps: tuple[str, ...] = ()    # the edits applied, in order


@dataclass
class Draft:
    """A case being made: the marked page under edit and how to render both texts."""

    page: list[Block]
    steps: list[str] = field(default_factory=list)
    expect: str = ANCHORED
    ops_orig: tuple[str, ...] = ()
    ops_edit: tuple[str, ...] = ()
    quote_edited: bool = False

    def do(self, label: str | None) -> bool:
        if label:
            self.steps.append(label)
        return bool(label)


# ---------------------------------------------------------------- loose comparison

_LOOSE_CHARS = (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("\u00a0", " "),
                ("—", "-"), ("–", "-"), ("--", "-"))


def loose(text: str) -> str:
    """Text with typography differences removed: NFC, straight quotes, one kind of dash with no
    space around it, single spaces. Marker characters pass through untouched."""
    text = unicodedata.normalize("NFC", text)
    for a, b in _LOOSE_CHARS:  # str.replace: far faster than str.translate or re on long text
        text = text.replace(a, b)
    text = re.sub(r"\s+", " ", text)
    return text.replace(" -", "-").replace("- ", "-")


# ---------------------------------------------------------------- picking quotes

@lru_cache(maxsize=20000)
def _word_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the words of a sentence, punctuation around them left out."""
    spans = []
    for m in re.finditer(r"\S+", sentence):
        lead, core, _ = split_token(m.group())
        if any(c.isalnum() for c in core):
            spans.append((m.start() + len(lead), m.start() + len(lead) + len(core)))
    return tuple(spans)


def _body_sentences(art: Article, kinds=("para",)) -> list[tuple[int, int]]:
    return [(bi, si) for bi, b in enumerate(art.blocks) if b.kind in kinds
            for si in range(len(b.sentences))]


def _words_of(art: Article) -> tuple[list, list]:
    """Unique and repeated single words of an article, as (block, sentence, start, end)."""
    if art.words is not None:
        return art.words
    text = art.text.lower()
    lower = Counter(re.findall(r"\w+", text))
    exact = Counter(re.findall(r"\w+", art.text))
    unique, repeated = [], []
    for bi, si in _body_sentences(art):
        s = art.blocks[bi].sentences[si]
        for a, b in _word_spans(s):
            w = s[a:b]
            if w.isalpha() and len(w) >= 5 and lower[w.lower()] == 1 and text.count(w.lower()) == 1:
                unique.append((bi, si, a, b))
            elif w.isalpha() and len(w) >= 3 and exact[w] >= 2:
                repeated.append((bi, si, a, b))
    art.words = (unique, repeated)
    return art.words


def _phrase_in(art: Article, bi: int, si: int, rng, min_words: int) -> QuoteLoc | None:
    spans = _word_spans(art.blocks[bi].sentences[si])
    lo = max(3, min_words)
    hi = min(20, len(spans) - 1)
    if hi < lo:
        return None
    n = rng.randint(lo, hi)
    i = rng.randint(0, len(spans) - n)
    return QuoteLoc(bi, si, spans[i][0], bi, si, spans[i + n - 1][1])


def _run(art: Article, start: int, stop) -> QuoteLoc | None:
    """Whole sentences from body sentence `start` until stop(count, length) says enough."""
    flat = _body_sentences(art, ("para", "pullquote"))
    length = 0
    for k in range(start, len(flat)):
        bi, si = flat[k]
        if k > start:
            length += 1 if flat[k - 1][0] == bi else len(art.sep)
        length += len(art.blocks[bi].sentences[si])
        if stop(k - start + 1, length) and art.blocks[bi].kind == "para":
            b0, s0 = flat[start]
            return QuoteLoc(b0, s0, 0, bi, si, len(art.blocks[bi].sentences[si]))
    return None


def pick_quote(art: Article, shape: str, rng: random.Random, min_words: int = 1) -> QuoteLoc | None:
    sents = _body_sentences(art)
    if shape == "headline":
        hb = next(i for i, b in enumerate(art.blocks) if b.kind == "headline")
        return QuoteLoc(hb, 0, 0, hb, 0, len(art.blocks[hb].sentences[0]))
    if shape == "sentence":
        bi, si = rng.choice(sents)
        if len(_word_spans(art.blocks[bi].sentences[si])) < min_words:
            return None
        return QuoteLoc(bi, si, 0, bi, si, len(art.blocks[bi].sentences[si]))
    if shape == "phrase":
        return _phrase_in(art, *rng.choice(sents), rng, min_words)
    if shape in ("word-unique", "word-repeated"):
        words = _words_of(art)[shape == "word-repeated"]
        bi, si, a, b = rng.choice(words)
        return QuoteLoc(bi, si, a, bi, si, b)
    flat = _body_sentences(art, ("para", "pullquote"))
    start = rng.choice([k for k, (bi, _) in enumerate(flat) if art.blocks[bi].kind == "para"])
    if shape == "multi":
        n = rng.randint(2, 4)
        return _run(art, start, lambda count, _: count >= n)
    if shape == "long":
        target = rng.randint(1800, 2200)
        early = [k for k in range(len(flat) // 3) if art.blocks[flat[k][0]].kind == "para"]
        return _run(art, rng.choice(early), lambda _, length: length >= target)
    return _pick_repeat(art, shape, rng, min_words)


def _pick_repeat(art: Article, shape: str, rng, min_words: int) -> QuoteLoc | None:
    """The second occurrence of a sentence that appears twice (or words inside it)."""
    if not art.repeats:
        return None
    _, _, bi, si = rng.choice(art.repeats)
    s = art.blocks[bi].sentences[si]
    if shape == "rep-sentence":
        return QuoteLoc(bi, si, 0, bi, si, len(s))
    if shape == "rep-phrase":
        return _phrase_in(art, bi, si, rng, min_words)
    words = [(a, b) for a, b in _word_spans(s) if s[a:b].isalpha() and b - a >= 3]
    a, b = rng.choice(words)
    return QuoteLoc(bi, si, a, bi, si, b)


# ---------------------------------------------------------------- edit scripts, one per kind

def _typo_ops(rng: random.Random, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    pool = [op for op in edits.TYPO_OPS if op not in exclude]
    ops = set(rng.sample(pool, rng.randint(2, 4)))
    if {"dash-spaced", "dash-double"} <= ops:
        ops.discard(rng.choice(["dash-spaced", "dash-double"]))
    return tuple(ops)


def _typography(d: Draft, rng: random.Random, reverse: bool) -> bool:
    """Whole-page typography change; reversed: the original had straight quotes, decomposed
    accents or spaced hyphens and the edited page has the site's usual curly/composed/em dash."""
    if reverse:
        d.ops_orig = (rng.choice(["straight", "nfd", "dash-spaced"]),)
        d.ops_edit = _typo_ops(rng, exclude=d.ops_orig + ("dash-double",))
    else:
        d.ops_edit = _typo_ops(rng)
    d.steps.append("typography:" + ",".join(sorted(d.ops_orig)) + ">" + ",".join(sorted(d.ops_edit)))
    return True


def _rotate(options: list, v: int) -> list:
    return options[v % len(options):] + options[:v % len(options)]


def k_unchanged(d, art, rng, fill, qlen, v):
    return True


def k_edit_elsewhere(d, art, rng, fill, qlen, v):
    regions = ["before", "after", "any"]
    return sum(d.do(edits.sub_elsewhere(d.page, rng, rng.choice(regions))) for _ in range(rng.randint(1, 3))) > 0


def k_light_edit(d, art, rng, fill, qlen, v):
    d.quote_edited = d.do(edits.light_edit(d.page, rng, qlen))
    return d.quote_edited


def k_inserted_before(d, art, rng, fill, qlen, v):
    modes = _rotate(["same-para", "earlier-para", "new-para", "dateline", "banner"], v)
    done = next((m for m in modes if d.do(edits.insert_before(d.page, rng, fill, m))), None)
    if done and rng.random() < 0.3:
        d.do(edits.insert_before(d.page, rng, fill, rng.choice(modes)))
    return done is not None


def k_deleted_elsewhere(d, art, rng, fill, qlen, v):
    region = ["before", "after"][v % 2]
    ok = d.do(edits.delete_elsewhere(d.page, rng, region, whole=v % 3 == 2))
    return ok or d.do(edits.delete_elsewhere(d.page, rng, "any", whole=False))


def k_quote_deleted(d, art, rng, fill, qlen, v):
    d.expect = ORPHANED
    return d.do(edits.delete_quote(d.page, whole=v % 2 == 1))


def k_paragraph_moved(d, art, rng, fill, qlen, v):
    first = "quote" if v % 2 == 0 else "other"
    return d.do(edits.move_paragraph(d.page, rng, first)) or d.do(edits.move_paragraph(d.page, rng, "other"))


def k_headline_corrected(d, art, rng, fill, qlen, v):
    d.expect = CHANGED
    if v % 3 == 1:
        d.do(edits.insert_before(d.page, rng, fill, "banner"))
        d.do(edits.sub_elsewhere(d.page, rng))
    if v % 3 == 2:
        _typography(d, rng, reverse=False)
    return d.do(edits.correct_headline(d.page, art.correction))  # last: it removes the markers


def k_typography(d, art, rng, fill, qlen, v):
    return _typography(d, rng, reverse=v % 4 == 3)


def k_repeated(d, art, rng, fill, qlen, v):
    """Edits that move both occurrences alike, or none: the note must stay on the second."""
    step = v % 5
    if step == 1:
        return d.do(edits.insert_before(d.page, rng, fill, rng.choice(["banner", "dateline"])))
    if step == 2:
        return _typography(d, rng, reverse=False)
    if step == 3:
        return d.do(edits.sub_elsewhere(d.page, rng, "before", spare_copies=True))
    if step == 4:
        return d.do(edits.astral_before(d.page, rng, fill, "banner"))
    return True


def k_astral(d, art, rng, fill, qlen, v):
    modes = _rotate(["sentence", "earlier-para", "caption", "banner"], v)
    done = [m for m in modes[:2] if d.do(edits.astral_before(d.page, rng, fill, m))]
    return bool(done) or d.do(edits.astral_before(d.page, rng, fill, "banner"))


def k_combined(d, art, rng, fill, qlen, v):
    """Several edits at once; now and then the quote is deleted or the headline corrected too."""
    headline = art.blocks[edits.marked_sentences(d.page)[0][0]].kind == "headline"
    if headline and v % 2 == 0:
        k_headline_corrected(d, art, rng, fill, qlen, 1)
        return _typography(d, rng, reverse=False)
    if not headline and v % 6 == 5:
        d.do(edits.insert_before(d.page, rng, fill, "banner"))
        k_quote_deleted(d, art, rng, fill, qlen, v)
        return _typography(d, rng, reverse=False)
    parts = [
        lambda: edits.insert_before(d.page, rng, fill, rng.choice(["same-para", "new-para", "banner"])),
        lambda: edits.sub_elsewhere(d.page, rng),
        lambda: edits.move_paragraph(d.page, rng, "other"),
        lambda: edits.astral_before(d.page, rng, fill, rng.choice(["sentence", "banner"])),
        lambda: edits.delete_elsewhere(d.page, rng, "any", whole=False),
    ]
    done = sum(d.do(part()) for part in rng.sample(parts, 2))
    if rng.random() < 0.6:
        d.quote_edited = d.do(edits.light_edit(d.page, rng, qlen))
    _typography(d, rng, reverse=rng.random() < 0.2)
    return done >= 1


ALL = ("headline", "sentence", "phrase", "word-unique", "word-repeated", "multi", "long")
# kind -> (edit script, quote shapes (one case each per article), minimum words in the quote)
PLANS = {
    "unchanged": (k_unchanged, ALL, 1),
    "edit-elsewhere": (k_edit_elsewhere, ALL, 1),
    # headlines are too short for a one-word edit within 10% of their characters
    "light-edit-in-quote": (k_light_edit, ("sentence", "phrase", "multi", "phrase", "multi", "long"), 8),
    "sentence-inserted-before": (k_inserted_before, ALL, 1),
    "sentence-deleted-elsewhere": (k_deleted_elsewhere, ALL, 1),
    "quote-deleted": (k_quote_deleted, ("sentence", "phrase", "word-unique", "multi", "long", "sentence"), 1),
    "paragraph-moved": (k_paragraph_moved,
                        ("sentence", "phrase", "word-unique", "word-repeated", "multi", "sentence"), 1),
    "headline-corrected": (k_headline_corrected, ("headline",) * 3, 1),
    "typography": (k_typography, ALL + ("sentence",), 1),
    "repeated-phrase": (k_repeated, ("rep-sentence", "rep-phrase", "rep-word", "rep-sentence", "rep-phrase"), 1),
    "astral-before": (k_astral, ALL, 1),
    "combined": (k_combined, ALL, 1),
}


# ---------------------------------------------------------------- making and checking a case

def _selectors(original: str, span: tuple[int, int]) -> tuple[QuoteSelector, PositionSelector]:
    s, e = span
    quote = QuoteSelector(original[s:e], original[max(0, s - CONTEXT):s], original[e:e + CONTEXT])
    return quote, PositionSelector(s, e)


def _make_case(art: Article, kind: str, v: int, shape: str, seed: int) -> Case | None:
    script, _, min_words = PLANS[kind]
    for attempt in range(8):
        rng = random.Random(f"{seed}/{art.idx}/{kind}/{v}/{attempt}")
        q = pick_quote(art, shape, rng, min_words)
        if q is None:
            continue
        marked = copy_page(art.blocks)
        edits.mark(marked, q)
        plain, span = edits.extract(render(marked, art.sep))
        if min_words > 1 and len(re.findall(r"\w+", plain[span[0]:span[1]])) < min_words:
            continue
        d = Draft(copy_page(marked))
        if not script(d, art, rng, art.filler(rng), span[1] - span[0], v):
            continue
        case, marked_edit = _finish(art, kind, f"{art.name}/{kind}/{v}", shape, marked, d, rng)
        if _fair(case, d.quote_edited, marked_edit):
            return case
    return None


def _finish(art, kind, name, shape, marked, d: Draft, rng) -> tuple[Case, str]:
    """Render both pages, read the truth off the markers; also return the marked edited text."""
    original, span = edits.extract(edits.typography(render(marked, art.sep), d.ops_orig, rng))
    marked_edit = edits.typography(render(d.page, art.sep), d.ops_edit, rng)
    edited, new_span = edits.extract(marked_edit)
    if (new_span is None) != (d.expect != ANCHORED):
        raise AssertionError(f"{name}: markers disagree with the script's expectation {d.expect}")
    expected = (ANCHORED, *new_span) if new_span else (d.expect,)
    quote, position = _selectors(original, span)
    case = Case(name, kind, original, edited, quote, position, expected, shape, tuple(d.steps))
    return case, marked_edit


def _context_score(lt: str, at: int, n: int, pre: str, suf: str) -> int:
    """Characters of the stored prefix/suffix still found right before/after an occurrence."""
    a = 0
    while a < len(pre) and a < at and lt[at - 1 - a] == pre[-1 - a]:
        a += 1
    b = 0
    while b < len(suf) and at + n + b < len(lt) and lt[at + n + b] == suf[b]:
        b += 1
    return a + b


def _occurrences(hay: str, needle: str) -> list[int]:
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def _fair(case: Case, quote_edited: bool, marked_edit: str) -> bool:
    """Keep only cases whose truth follows from the selectors, so that a perfect matcher could
    reach it: a deleted quote leaves nothing like it behind; a lightly edited quote has no exact
    copy left elsewhere; a quote that occurs more than once keeps strictly the best context.
    Compared loosely (typography aside) and case-blind, which only makes the checks stricter."""
    lq = loose(case.quote.exact).lower()
    lm = loose(marked_edit).lower()
    at, stop = lm.find(edits.START), lm.find(edits.END)
    lt = lm.replace(edits.START, "").replace(edits.END, "")
    if case.expected[0] != ANCHORED and (lq in lt or trigram_overlap(lq, lt) >= 0.5):
        return False
    pre, suf = loose(case.quote.prefix).lower(), loose(case.quote.suffix).lower()
    if case.expected[0] == CHANGED:  # its place is still framed by all of its (non-empty) context
        return all(x in lt for x in (pre, suf) if x.strip())
    if case.expected[0] == ORPHANED:  # never framed by both contexts with other words between
        return not (pre.strip() and suf.strip() and pre in lt and suf in lt) or \
            re.sub(" +", " ", pre + suf) in lt
    inside = lt[at:stop - 1]
    if quote_edited:
        return lq not in lt and _occurrences(lt, inside) == [at]
    hits = _occurrences(lt, lq)
    if at not in hits:
        raise AssertionError(f"{case.name}: the marked span does not hold the quote")
    if len(hits) == 1:
        return True
    score = {h: _context_score(lt, h, len(lq), pre, suf) for h in hits}
    return all(score[at] > score[h] for h in hits if h != at)


def trigram_overlap(lq: str, lt: str) -> float:
    words = lq.split()
    if len(words) < 5:
        return 0.0
    grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
    return sum(g in lt for g in grams) / len(grams)


# ---------------------------------------------------------------- the corpus

_ARTICLES: dict[int, list[Article]] = {}


def articles(seed: int = 0) -> list[Article]:
    """The corpus's articles for a seed (built once; cases never modify them)."""
    if seed not in _ARTICLES:
        _ARTICLES[seed] = build_articles(seed)
    return _ARTICLES[seed]


def build_corpus(seed: int = 0) -> list[Case]:
    cases = []
    for art in articles(seed):
        for kind, (_, shapes, _) in PLANS.items():
            for v, shape in enumerate(shapes):
                case = _make_case(art, kind, v, shape, seed)
                if case is not None:
                    cases.append(case)
    return cases


def to_json(cases: list[Case], seed: int = 0) -> dict:
    """Plain fields; each distinct page text stored once and referred to by index."""
    ids: dict[str, int] = {}

    def text_id(text: str) -> int:
        return ids.setdefault(text, len(ids))

    rows = [{"name": c.name, "kind": c.kind, "shape": c.shape, "steps": list(c.steps),
             "original": text_id(c.original), "edited": text_id(c.edited),
             "quote": {"exact": c.quote.exact, "prefix": c.quote.prefix, "suffix": c.quote.suffix},
             "position": {"start": c.position.start, "end": c.position.end},
             "expected": dict(zip(("state", "start", "end"), c.expected, strict=False))} for c in cases]
    return {"version": 1, "seed": seed, "kinds": KINDS,
            "offsets": "Unicode code points (Python str indices), end exclusive",
            "texts": list(ids), "cases": rows}


def write_json(path: str, seed: int = 0, cases: list[Case] | None = None) -> None:
    data = json.dumps(to_json(cases if cases is not None else build_corpus(seed), seed),
                      ensure_ascii=False, separators=(",", ":"))
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        f.write(data)


def main(argv: list[str]) -> None:
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    t0 = time.perf_counter()
    cases = build_corpus(seed)
    took = time.perf_counter() - t0
    print(f"{len(cases)} cases from {len(articles(seed))} articles in {took:.2f}s (seed {seed})")
    for tally in (Counter(c.kind for c in cases), Counter(c.shape for c in cases),
                  Counter(c.expected[0] for c in cases)):
        print("  " + "\n  ".join(f"{k:28} {n:5}" for k, n in tally.items()) + "\n")
    if "--json" in argv:
        path = argv[argv.index("--json") + 1]
        write_json(path, seed, cases)
        print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1:])
