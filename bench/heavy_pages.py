"""A heavy-edit page corpus for the matcher, with ground truth carried by the edit operations.

    page = make_heavy_page(target_chars, notes=200, seed=0)

Used by bench/heavy_anchor_bench.py (50 KB to 1 MB pages) and by a small seeded sample in
tests/anchoring/test_heavy_sample.py.

The original page
    News articles from bench/anchor_pages.py's article pool (tests/anchoring's sentence banks), one
    block per line, blocks separated by one "\\n" as extraction v2 sends them. Each article's
    headline is made unique on the page (a tail such as ", report 12 finds") and repeated where
    real pages repeat it: alone in a sticky navigation bar, in breadcrumbs ("Home › Politics ›
    <headline>"), in a share widget ("Share: <headline> · Facebook · X · Email") and, alone again,
    in the "Related" list of a later article.

Notes
    Quotes on word boundaries (a word, a phrase, a sentence, 2-4 sentences of one block; or a
    headline) with 32 characters of prefix and suffix and a position, all read off the original.
    Each note gets a plan, and the edits its plan asks for:
      plain                  nothing of its own (it travels with the page-wide edits)
      moved                  its block moved thousands of characters away
      typo-in                1-3 typos inside the quote (a letter changed, dropped, doubled or two swapped)
      moved+typo             both
      typo-around            typos in the quote's context (the 32 characters either side, same block)
      typo-both              typos inside and around
      split                  a paragraph inserted between two of the quote's sentences
      deleted                its block deleted, or only the sentences holding it
      headline-banner        a banner inserted just before the headline it quotes
      headline-typo-fixed    the headline had a typo (so did every copy); the headline is fixed,
                             the copies are not
      headline-corrected     the headline rewritten (the copies keep the old words): not live
    Page-wide edits then insert paragraphs (from other articles of the pool), delete paragraphs
    and move paragraphs far, so that every quote travels.

Ground truth
    Every character of the edited page carries the original offset it came from (None for inserted
    or retyped characters). A note is live when its first and last characters survive, in order;
    its truth is their new offsets. A note whose characters are all gone is not live (it must not
    be attached anywhere). A note an edit only partly destroyed is dropped. No text search decides
    the truth.

Fairness
    Text searches only refuse notes whose truth no matcher could decide from the selectors
    (counted in Page.dropped): the rules of bench/anchor_pages.py's Checker (a deleted quote leaves
    no exact copy, no half of its word trigrams and no frame of both contexts; a repeated quote
    keeps strictly the best context at its true place; an edited quote leaves no exact copy and its
    edited span occurs once), stale headline copies must have context unlike the note's (at most a
    quarter of the context characters agree), and an edited quote must be nearer its true place
    than anywhere else on the page, by its words or by its words and context together
    (edit distance, with a margin of 10%).
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import edlib
import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
for _path in (str(BENCH_DIR.parent), str(BENCH_DIR)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from anchor_pages import UNCHANGED, Checker, _tokens  # noqa: E402
from server.anchoring.types import PositionSelector, QuoteSelector  # noqa: E402
from tests.anchoring.articles import build_articles  # noqa: E402
from tests.anchoring.corpus import trigram_overlap  # noqa: E402

CONTEXT = 32
QUOTE_KINDS = ("para", "pullquote", "standfirst")
SHAPES = {"word": 12, "phrase": 43, "sentence": 28, "multi": 17}
PLANS = {"plain": 12, "moved": 14, "typo-in": 15, "moved+typo": 9, "typo-around": 9, "typo-both": 8,
         "split": 8, "deleted": 16, "headline-banner": 4, "headline-typo-fixed": 4, "headline-corrected": 4}
CANDIDATES = 1.4  # notes picked per note kept: the fairness rules refuse some
PLAN_TRIES = 20  # quotes tried for one plan before another plan is drawn
HEADLINE_TAILS = (", report {n} finds", ": what we know on day {n}", " as talks enter week {n}",
                  ", {n} sources say", ": {n} questions answered", " in {n} charts")
BANNERS = ("BREAKING", "Live updates", "Opinion", "Listen to this article", "Exclusive")
FAR = 3000  # a moved block lands at least this many characters away
LIVE, DEAD = "live", "dead"
_WHITESPACE = str.maketrans("\n\t\r\xa0", "    ")  # compared as one space, as the matchers do


@dataclass
class Sent:
    start: int
    end: int
    words: list  # (token start, token end, word start, word end), original offsets


@dataclass
class Blk:
    """One block of the page being edited: pieces of text, each with the original offset it came
    from (None: inserted or retyped)."""

    kind: str
    segs: list  # [text, origin]
    home: int = -1  # index of the original block it came from (-1: inserted)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.segs)

    def __len__(self) -> int:
        return sum(len(t) for t, _ in self.segs)


@dataclass
class Note:
    start: int
    end: int
    block: int
    shape: str
    plan: str
    words: list
    sents: tuple[int, int] = (0, 0)  # indexes of its first and last sentence in the block


@dataclass
class HeavyPage:
    label: str
    original: str
    edited: str
    quotes: list[QuoteSelector]
    positions: list[PositionSelector]
    kinds: list[str]     # the note's plan, as it turned out (see _outcome)
    live: list[bool]
    expected: list[tuple]  # ("anchored", start, end) or ("orphaned",): must not be attached
    dropped: int = 0
    stats: dict = field(default_factory=dict)


# ---------------------------------------------------------------- the original page

class _Original:
    """Blocks of the original page, with sentences and words in original offsets."""

    def __init__(self, target: int, seed: int, rng: random.Random):
        self.rng = rng
        self.texts: list[str] = []
        self.kinds: list[str] = []
        self.starts: list[int] = []
        self.sents: list[list[Sent]] = []
        self.headlines: dict[int, tuple[str, str, int]] = {}  # block -> (plan, right words, typo offset)
        self.length = 0
        self._build(target, seed)
        self.text = "\n".join(self.texts)

    def _add(self, kind: str, sentences: list[str]) -> int:
        start = self.length + (1 if self.texts else 0)
        text = " ".join(sentences)
        sents, at = [], start
        for s in sentences:
            sents.append(Sent(at, at + len(s), _tokens(s, at)))
            at += len(s) + 1
        self.texts.append(text)
        self.kinds.append(kind)
        self.starts.append(start)
        self.sents.append(sents)
        self.length = start + len(text)
        return len(self.texts) - 1

    def _build(self, target: int, seed: int) -> None:
        rng, recent = self.rng, []
        for n, art in enumerate(_varied_pool(seed, random.Random(f"heavy/{seed}/{target}"))):
            if self.length >= target:
                break
            right = next(b for b in art.blocks if b.kind == "headline").sentences[0] + \
                rng.choice(HEADLINE_TAILS).format(n=n + 2)
            plan = rng.choice(["headline-banner", "headline-typo-fixed", "headline-corrected", "none"])
            shown, typo_at = right, -1
            if plan == "headline-typo-fixed":
                shown, typo_at = _typo_once(right, rng)
                plan = plan if typo_at >= 0 else "none"
            self._add("nav", [shown])
            self._add("chrome", [f"Home › {art.topic.capitalize()} › {shown}"])
            related, body = False, False
            for block in art.blocks:
                if not block.sentences:
                    continue
                if block.kind == "headline":
                    self.headlines[self._add("headline", [shown])] = (plan, right, typo_at)
                    continue
                if block.kind == "chrome" and body and not related:
                    related = self._related(recent)
                self._add(block.kind, block.sentences)
                body = body or block.kind == "para"
                if block.kind == "dateline":
                    self._add("share", [f"Share: {shown} · Facebook · X · Email"])
            if not related:
                self._related(recent)
            recent.append(shown)

    def _related(self, recent: list[str]) -> bool:
        """A "Related" list holding one or two earlier articles' headlines, each a block of its own."""
        earlier = recent[-3:]
        if earlier:
            self._add("chrome", ["Related"])
            for h in self.rng.sample(earlier, min(2, len(earlier))):
                self._add("related", [h])
        return True


FIRST = ("Amara", "Bence", "Chiara", "Dario", "Elif", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Stefan", "Tamsin", "Uma", "Viktor", "Wanjiru",
         "Xavier", "Yusuf", "Zofia")
SURNAMES = ("Abernethy", "Bakker", "Cernik", "Delacroix", "Eriksen", "Fontaine", "Gashi", "Haddad", "Ilves",
            "Jankowski", "Kuznetsov", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrakis", "Quiroga", "Rahman",
            "Sandoval", "Takeda", "Ulloa", "Varga", "Whitlock", "Yilmaz", "Zeman", "Brandt", "Castellano")
PEOPLE = ("official", "critic", "expert", "witness", "reporter2")


def _varied_pool(seed: int, rng: random.Random):
    """bench/anchor_pages.py's article pool, with the people renamed in every batch after the
    first: a 1 MB page holds each outline several times, and the same names in the same sentence
    banks would leave every deleted sentence a copy elsewhere."""
    for batch, art in _batched(seed, rng):
        if batch:
            _rename(art, random.Random(f"names/{seed}/{batch}/{art.idx}"))
        yield art


def _batched(seed: int, rng: random.Random):
    batch = 0
    while True:
        arts = build_articles(seed * 1000 + batch)
        rng.shuffle(arts)
        for art in arts:
            yield batch, art
        batch += 1


def _rename(art, rng: random.Random) -> None:
    swaps = []
    for key in PEOPLE:
        full = art.cast.get(key, "")
        parts = full.split()
        if len(parts) < 2:
            continue
        first, last = rng.choice(FIRST), rng.choice(SURNAMES)
        swaps += [(full, " ".join(parts[:-2] + [first, last])), (parts[-1], last), (parts[-2], first)]
    for block in art.blocks:
        for i, sentence in enumerate(block.sentences):
            for old, new in swaps:
                sentence = sentence.replace(old, new)
            block.sentences[i] = sentence


def _typo_once(text: str, rng: random.Random, lo: int = 3) -> tuple[str, int]:
    """`text` with one letter changed (not within `lo` characters of either end)."""
    spots = [i for i in range(lo, len(text) - lo) if text[i].isalpha() and text[i - 1].isalpha()]
    if not spots:
        return text, -1
    i = rng.choice(spots)
    return text[:i] + _other_letter(text[i], rng) + text[i + 1:], i


def _other_letter(c: str, rng: random.Random) -> str:
    pool = "aeioun" if c.lower() not in "aeioun" else "rstlmc"
    new = rng.choice(pool)
    return new.upper() if c.isupper() else new


class _Babble:
    """New paragraphs for insertion: a word chain (each word followed by one that followed it
    somewhere in the sentence banks), so inserted text reads like the page's words without
    repeating its sentences; a copy of a page sentence would make notes undecidable."""

    def __init__(self, seed: int):
        follows: dict[str, list[str]] = {}
        for art in build_articles(seed * 1000 + 999):
            for block in art.blocks:
                if block.kind == "para":
                    words = " ".join(block.sentences).split()
                    for a, b in zip(words, words[1:], strict=False):
                        follows.setdefault(a, []).append(b)
        self.follows = follows
        self.starts = sorted(w for w in follows if w[:1].isupper() and w.isalpha())

    def sentence(self, rng: random.Random) -> str:
        words = [rng.choice(self.starts)]
        while len(words) < 40:
            nxt = rng.choice(self.follows.get(words[-1]) or ["the"])
            words.append(nxt)
            if len(words) >= 10 and nxt[-1:] == ".":
                break
        text = " ".join(words)
        return text if text.endswith(".") else text.rstrip(",;:") + "."

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 5)))


PROMO_LINES = ("Advertisement", "Read more: what the changes mean for you", "Sign up to our morning briefing",
               "Most popular", "Watch: the day in two minutes", "Listen to our daily podcast")


# ---------------------------------------------------------------- picking notes

class _Maker:
    def __init__(self, label: str, target: int, n_notes: int, seed: int):
        self.label, self.n = label, n_notes
        self.rng = random.Random(f"heavy-notes/{seed}/{target}/{n_notes}")
        self.orig = _Original(target, seed, random.Random(f"heavy-page/{seed}/{target}"))
        self.babble = _Babble(seed)
        self.blocks = [Blk(k, [[t, s]], i) for i, (k, t, s) in
                       enumerate(zip(self.orig.kinds, self.orig.texts, self.orig.starts, strict=True))]
        self.quotable = [i for i, k in enumerate(self.orig.kinds) if k in QUOTE_KINDS and self.orig.sents[i]]
        self.spans: set[tuple[int, int]] = set()
        self.notes: list[Note] = []
        self.deleted_blocks: set[int] = set()

    def pick(self) -> None:
        headline_blocks = list(self.orig.headlines)
        self.rng.shuffle(headline_blocks)
        attempts = 0
        while len(self.notes) < CANDIDATES * self.n and attempts < 50 * self.n:
            plan = self.rng.choices(list(PLANS), list(PLANS.values()))[0]
            # A plan keeps its share: a refused quote is replaced by another one of the same plan
            # (big pages repeat the pool's sentences, and most quotes there cannot be deleted fairly).
            for _ in range(PLAN_TRIES):
                attempts += 1
                note = self._headline_note(headline_blocks, plan) if plan.startswith("headline") else self._quote(plan)
                if note is not None and (note.start, note.end) not in self.spans and self._alone(note):
                    self.spans.add((note.start, note.end))
                    self.notes.append(note)
                    break

    def _alone(self, note: Note) -> bool:
        """Quotes an edit will change or delete are taken where the original page holds them once
        (and, to be deleted, none of their word trigrams elsewhere either): most such notes would
        otherwise be refused as undecidable on big pages, whose articles share sentence banks."""
        if note.plan == "headline-corrected":
            return not self._framed_elsewhere(note)
        if note.plan in ("plain", "typo-around") or note.plan.startswith("headline"):
            return True
        lower = self.lowered
        quote = lower[note.start:note.end]
        if lower.count(quote) > 1:
            return False
        words = quote.split()
        if note.plan != "deleted":
            return True
        if len(words) < 5:
            return not self._framed_elsewhere(note)
        grams = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)]
        return sum(lower.count(g) > 1 for g in grams) < 0.4 * len(grams) and not self._framed_elsewhere(note)

    def _framed_elsewhere(self, note: Note) -> bool:
        """Does the original page hold this quote with its context, edited by at most a fifth,
        somewhere else (the same sentences in another article of the pool)? Deleting it would
        leave a copy no matcher could tell from the note (see _Fairness.framed_near_copy)."""
        lower = self.lowered.translate(_WHITESPACE)
        lo, hi = max(0, note.start - CONTEXT), min(len(lower), note.end + CONTEXT)
        return _near_copy(lower[lo:hi], lower[:lo] + "\x00" * (hi - lo) + lower[hi:])

    @property
    def lowered(self) -> str:
        if not hasattr(self, "_lowered"):
            low = self.orig.text.lower()
            self._lowered = low if len(low) == len(self.orig.text) else self.orig.text
        return self._lowered

    def _headline_note(self, blocks: list[int], plan: str) -> Note | None:
        for b in blocks:
            if self.orig.headlines[b][0] == plan:
                blocks.remove(b)
                s = self.orig.sents[b][0]
                return Note(s.start, s.end, b, "headline", plan, s.words)
        return None

    def _quote(self, plan: str) -> Note | None:
        rng = self.rng
        b = rng.choice(self.quotable)
        sents = self.orig.sents[b]
        shape = rng.choices(list(SHAPES), list(SHAPES.values()))[0]
        if plan == "split":
            shape = "multi"
        if shape == "multi":
            if len(sents) < 2:
                return None
            n = rng.randint(2, min(4, len(sents)))
            k = rng.randint(0, len(sents) - n)
            words = [w for s in sents[k:k + n] for w in s.words]
            return Note(sents[k].start, sents[k + n - 1].end, b, shape, plan, words, (k, k + n - 1))
        k = rng.randrange(len(sents))
        s = sents[k]
        if not s.words:
            return None
        if shape == "word":
            words = [w for w in s.words if w[3] - w[2] >= 4 and self.orig.text[w[2]:w[3]].isalpha()]
            if not words:
                return None
            w = rng.choice(words)
            return Note(w[2], w[3], b, shape, plan, [w], (k, k))
        if shape == "phrase":
            if len(s.words) < 4:
                return None
            n = rng.randint(2, min(20, len(s.words) - 1))
            i = rng.randint(0, len(s.words) - n)
            words = s.words[i:i + n]
            return Note(words[0][2], words[-1][3], b, shape, plan, words, (k, k))
        return Note(s.start, s.end, b, shape, plan, s.words, (k, k))


# ---------------------------------------------------------------- edits

class _Editor(_Maker):
    """Applies the notes' edits, then the page-wide ones, to the list of blocks."""

    def halves(self, home: int) -> list[Blk]:
        return [b for b in self.blocks if b.home == home]

    def replace(self, home: int, x: int, k: int, new: str) -> bool:
        """Replace original characters [x, x + k) (within one piece of text) by `new`."""
        for blk in self.halves(home):
            for i, (text, origin) in enumerate(blk.segs):
                if origin is None or not origin <= x <= origin + len(text) - max(k, 1):
                    continue
                cut = x - origin
                pieces = [[text[:cut], origin], [new, None], [text[cut + k:], x + k]]
                blk.segs[i:i + 1] = [p for p in pieces if p[0]]
                return True
        return False

    def typo(self, home: int, lo: int, hi: int) -> bool:
        """One typo at a letter in original [lo, hi) of a block, if a letter there is still original."""
        text, rng = self.orig.text, self.rng
        spots = [i for i in range(lo, hi) if text[i].isalpha() and i + 1 < len(text) and text[i + 1].isalpha()]
        rng.shuffle(spots)
        for i in spots[:8]:
            kind = rng.choice(("substitute", "drop", "double", "swap"))
            if kind == "substitute":
                ok = self.replace(home, i, 1, _other_letter(text[i], rng))
            elif kind == "drop":
                ok = self.replace(home, i, 1, "")
            elif kind == "double":
                ok = self.replace(home, i, 1, text[i] * 2)
            else:
                ok = text[i] != text[i + 1] and self.replace(home, i, 2, text[i + 1] + text[i])
            if ok:
                return True
        return False

    def filler_block(self) -> Blk:
        """A new paragraph (or now and then a promo line), as inserted text."""
        if self.rng.random() < 0.15:
            return Blk("promo", [[self.rng.choice(PROMO_LINES), None]])
        return Blk("inserted", [[self.babble.paragraph(self.rng), None]])

    def move_far(self, blk: Blk) -> None:
        at = self.blocks.index(blk)
        offsets = np.cumsum([len(b) + 1 for b in self.blocks])
        here = offsets[at]
        far = [i for i in range(len(self.blocks)) if abs(offsets[i] - here) >= FAR and i != at]
        if not far:
            return
        to = self.rng.choice(far)
        self.blocks.pop(at)
        self.blocks.insert(to if to < at else to - 1, blk)

    def note_edits(self) -> None:
        rng, orig = self.rng, self.orig
        notes = self.notes[:]
        rng.shuffle(notes)
        moves = []
        for note in notes:
            plan, home = note.plan, note.block
            if plan == "deleted":
                self._delete(note)
            elif plan == "split":
                sents = orig.sents[home]
                k = rng.randint(note.sents[0], note.sents[1] - 1)
                self._split(home, sents[k].end)
            elif plan == "headline-corrected":
                self._rewrite_headline(note)
            elif plan == "headline-typo-fixed":
                _, right, typo_at = orig.headlines[home]
                self.replace(home, note.start + typo_at, 1, right[typo_at])
            elif plan == "headline-banner":
                blk = self.halves(home)[0]
                self.blocks.insert(self.blocks.index(blk), Blk("banner", [[rng.choice(BANNERS), None]]))
            if plan in ("typo-in", "moved+typo", "typo-both"):
                length = note.end - note.start
                count = 1 if length < 40 else 2 if length < 100 else 3
                for part in range(count if length >= 20 else 0):
                    lo = note.start + 3 + part * (length - 6) // count
                    self.typo(home, lo, note.start + 3 + (part + 1) * (length - 6) // count)
            if plan in ("typo-around", "typo-both"):
                start, end = orig.starts[home], orig.starts[home] + len(orig.texts[home])
                if note.start - start > 6:
                    self.typo(home, max(start, note.start - CONTEXT), note.start - 2)
                if end - note.end > 6:
                    self.typo(home, note.end + 2, min(end, note.end + CONTEXT))
            if plan in ("moved", "moved+typo"):
                moves.append(home)
        for home in moves:
            for blk in self.halves(home):
                self.move_far(blk)

    def _delete(self, note: Note) -> None:
        sents, home = self.orig.sents[note.block], note.block
        whole = note.sents == (0, len(sents) - 1) or self.rng.random() < 0.6
        if whole:
            self.blocks = [b for b in self.blocks if b.home != home]
            self.deleted_blocks.add(home)
            return
        first, last = sents[note.sents[0]], sents[note.sents[1]]
        if note.sents[1] + 1 < len(sents):    # "A. [B. ]C." -> "A. C."
            self.replace(home, first.start, sents[note.sents[1] + 1].start - first.start, "")
        else:                                 # "A.[ B.]" -> "A."
            self.replace(home, first.start - 1, last.end - first.start + 1, "")

    def _split(self, home: int, x: int) -> None:
        """Cut the block at original offset x (the space between two sentences) and insert a
        paragraph there."""
        for blk in self.halves(home):
            for i, (text, origin) in enumerate(blk.segs):
                if origin is not None and origin <= x < origin + len(text):
                    cut = x - origin
                    left = blk.segs[:i] + [[text[:cut], origin]]
                    right = [[text[cut + 1:], x + 1]] + blk.segs[i + 1:]
                    at = self.blocks.index(blk)
                    blk.segs = [s for s in left if s[0]]
                    self.blocks[at + 1:at + 1] = [self.filler_block(), Blk(blk.kind, [s for s in right if s[0]], home)]
                    return

    def _rewrite_headline(self, note: Note) -> None:
        art_headline = self.orig.headlines[note.block][1]
        words = art_headline.split()
        # Keep the unique tail's words out: the correction says something else entirely.
        new = self.rng.choice(["Correction:", "Updated:"]) + " " + " ".join(reversed(words[:4])).lower() + \
            " after " + self.rng.choice(["review", "talks", "vote", "inquiry"]) + f" {self.rng.randint(2, 99)}"
        for blk in self.halves(note.block):
            blk.segs = [[new, None]]

    def page_edits(self, size: int) -> dict:
        rng = self.rng
        counts = {"inserted": max(3, size // 1500), "deleted": max(2, size // 6000), "moved": max(3, size // 4000)}
        noted = {n.block for n in self.notes}
        for _ in range(counts["inserted"]):
            self.blocks.insert(rng.randrange(len(self.blocks) + 1), self.filler_block())
        for _ in range(counts["deleted"]):
            candidates = [i for i, b in enumerate(self.blocks) if b.kind == "para" and b.home not in noted]
            if candidates:
                self.blocks.pop(rng.choice(candidates))
        for _ in range(counts["moved"]):
            candidates = [b for b in self.blocks if b.kind in ("para", "inserted")]
            self.move_far(rng.choice(candidates))
        return counts

    def render(self) -> tuple[str, np.ndarray]:
        """The edited text, and for each original offset where it now stands (-1: gone)."""
        newpos = np.full(len(self.orig.text) + 1, -1, dtype=np.int64)
        parts, at = [], 0
        for j, blk in enumerate(self.blocks):
            if j:
                parts.append("\n")
                at += 1
            for text, origin in blk.segs:
                if origin is not None:
                    newpos[origin:origin + len(text)] = np.arange(at, at + len(text))
                parts.append(text)
                at += len(text)
        return "".join(parts), newpos


# ---------------------------------------------------------------- truth and fairness

def _outcome(note: Note, newpos: np.ndarray, edited: str) -> tuple[str, tuple, str] | None:
    """(LIVE or DEAD, truth, kind as it turned out), or None when an edit only partly destroyed
    the quote or reordered it."""
    m = newpos[note.start:note.end]
    alive = m[m >= 0]
    if len(alive) == 0:
        return DEAD, ("orphaned",), "headline-corrected" if note.plan == "headline-corrected" else "deleted"
    if m[0] < 0 or m[-1] < 0 or np.any(np.diff(alive) <= 0) or len(alive) < 0.8 * len(m):
        return None
    start, end = int(m[0]), int(m[-1]) + 1
    gaps = np.nonzero(np.diff(alive) > 1)[0]
    split = any("\n" in edited[alive[g] + 1:alive[g + 1]] for g in gaps)
    retyped = len(alive) < len(m) or len(gaps) > 0 or end - start != len(m)
    kind = note.plan
    if split:
        kind = "split"
    elif retyped and kind in ("plain", "moved", "typo-around", "headline-banner"):
        kind = "typo-in" if kind != "moved" else "moved+typo"
    elif not retyped and kind in ("typo-in", "moved+typo", "typo-both"):
        kind = {"typo-in": "plain", "moved+typo": "moved", "typo-both": "typo-around"}[kind]
    if kind in ("deleted", "headline-corrected"):
        return None  # meant to go, but something of it stayed
    return LIVE, ("anchored", start, end), kind


def _near_copy(whole: str, text: str) -> bool:
    """Does `text` hold `whole` (a note's prefix, quote and suffix) edited by at most a fifth?"""
    return edlib.align(whole, text, mode="HW", task="distance", k=len(whole) // 5)["editDistance"] >= 0


class _Fairness(Checker):
    """The rules of anchor_pages.Checker, plus stale headline copies and near copies. Whitespace is
    compared folded (a newline is a space), as every matcher here compares it: a copy whose context
    differs from the note's only by a block break is not worse context."""

    def __init__(self, original: str, edited: str):
        super().__init__(original, edited)
        self.lt = self.lt.translate(_WHITESPACE)

    def _lower(self, s: str) -> str:
        return super()._lower(s).translate(_WHITESPACE)

    def framed_near_copy(self, quote: QuoteSelector) -> bool:
        """Does the page hold the note's quote and context together, edited by at most a fifth? A
        note that is gone then has a copy framed by its own context (another article of the pool
        with the same sentences, a headline with another tail): no matcher could tell it from this
        note, edited."""
        return _near_copy(self._lower(quote.prefix) + self._lower(quote.exact) + self._lower(quote.suffix), self.lt)

    def stale_copies_unlike(self, quote: QuoteSelector, truth: tuple | None) -> bool:
        lq, pre, suf = self._lower(quote.exact), self._lower(quote.prefix), self._lower(quote.suffix)
        limit = (len(pre) + len(suf)) / 4
        return all(self._context(at, len(lq), pre, suf) <= limit
                   for at in self._occurrences(lq) if truth is None or at != truth[1])

    def nearest_is_true(self, quote: QuoteSelector, truth: tuple, words_only: bool = True) -> bool:
        """Is the quote clearly nearer its true place than anywhere else, by its words (unless
        `words_only` is False) or by its words and context together? Edit distances, with the
        true place masked out for the search elsewhere; a margin of 10%."""
        start, end = truth[1], truth[2]
        lt = self.lt
        lo, hi = max(0, start - CONTEXT - 8), min(len(lt), end + CONTEXT + 8)
        masked = lt[:lo] + "\x00" * (hi - lo) + lt[hi:]
        q = self._lower(quote.exact)
        if words_only:
            here = edlib.align(q, lt[start:end], task="distance")["editDistance"]
            if edlib.align(q, masked, mode="HW", task="distance", k=here + max(2, len(q) // 10))["editDistance"] < 0:
                return True
        whole = self._lower(quote.prefix) + q + self._lower(quote.suffix)
        here = edlib.align(whole, lt[lo:hi], mode="HW", task="distance")["editDistance"]
        margin = max(3, len(whole) // 10)
        return edlib.align(whole, masked, mode="HW", task="distance", k=here + margin)["editDistance"] < 0

    def deleted_fair(self, quote: QuoteSelector) -> bool:
        """Nothing like the quote is left, and its context does not frame other words (it closed
        up, or is gone); a quote shorter than 32 characters may stand elsewhere with other context."""
        lq, pre, suf = (self._lower(x) for x in (quote.exact, quote.prefix, quote.suffix))
        if lq in self.lt and (len(lq) >= CONTEXT or not self.stale_copies_unlike(quote, None)):
            return False
        if trigram_overlap(lq, self.lt) >= 0.5:
            return False
        if pre.strip() and suf.strip() and pre in self.lt and suf in self.lt:
            closed = " ".join((pre + suf).split())
            return closed in self.spaced
        return True

    def edited_fair(self, quote: QuoteSelector, truth: tuple) -> bool:
        """The edited span occurs once; any exact copy of the old words elsewhere has context
        unlike the note's, and then words and context together must point at the true place."""
        if self._occurrences(self.lt[truth[1]:truth[2]], 2) != [truth[1]]:
            return False
        if self._lower(quote.exact) in self.lt:
            return self.stale_copies_unlike(quote, None) and self.nearest_is_true(quote, truth, words_only=False)
        return self.nearest_is_true(quote, truth)

    @property
    def spaced(self) -> str:
        if not hasattr(self, "_spaced"):
            self._spaced = " ".join(self.lt.split())
        return self._spaced

    def decidable(self, quote: QuoteSelector, kind: str, truth: tuple) -> bool:
        if truth[0] != "anchored":
            if self.framed_near_copy(quote):
                return False
            if kind == "headline-corrected":
                return self.stale_copies_unlike(quote, None)
            return self.deleted_fair(quote)
        if kind in ("plain", "moved", "typo-around", "headline-banner"):
            return self.fair(quote, UNCHANGED, truth)
        if kind == "split":
            return self._lower(quote.exact) not in self.lt
        return self.edited_fair(quote, truth)


def make_heavy_page(target: int, notes: int = 200, seed: int = 0, label: str | None = None) -> HeavyPage:
    maker = _Editor(label or f"{target:,} chars", target, notes, seed)
    maker.pick()
    maker.note_edits()
    counts = maker.page_edits(target)
    edited, newpos = maker.render()
    original = maker.orig.text
    checker = _Fairness(original, edited)
    rows, dropped = [], 0
    for note in maker.notes:
        outcome = _outcome(note, newpos, edited)
        quote = QuoteSelector(original[note.start:note.end], original[max(0, note.start - CONTEXT):note.start],
                              original[note.end:note.end + CONTEXT])
        if outcome is None or not checker.decidable(quote, outcome[2], outcome[1]):
            dropped += 1
            continue
        rows.append((quote, PositionSelector(note.start, note.end), outcome))
    rows = sorted(rows[:notes], key=lambda r: (r[1].start, r[1].end))  # page order, as a document's notes come
    return HeavyPage(maker.label, original, edited, [r[0] for r in rows], [r[1] for r in rows],
                     [r[2][2] for r in rows], [r[2][0] == LIVE for r in rows], [r[2][1] for r in rows],
                     dropped, counts)


if __name__ == "__main__":  # python bench/heavy_pages.py 50000 1000000
    import time
    from collections import Counter
    for size in [int(a) for a in sys.argv[1:]] or [50_000]:
        t0 = time.perf_counter()
        page = make_heavy_page(size)
        print(f"{size}: {len(page.original):,} -> {len(page.edited):,} chars, {len(page.kinds)} notes "
              f"({page.dropped} dropped), live {sum(page.live)}, page edits {page.stats}, "
              f"{dict(Counter(page.kinds))}, {time.perf_counter() - t0:.1f} s")
