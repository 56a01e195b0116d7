"""Pages, notes and edits for bench/anchor_bench.py, with ground truth carried by offsets.

    page = make_page(target_chars, notes=200, seed=0)

A page is news articles from tests/anchoring (rendered from their sentence structure, several
seeds of the corpus so that a 1 MB page holds a few hundred articles) concatenated up to the target
size (within +-10%, counted in code points). Notes are quotes on word boundaries (one word, a
phrase, a sentence, or 2-4 sentences) with 32 characters of prefix/suffix and a position, all taken
from the original text. The edited page is the original with a list of edit operations applied,
each op = (position, deleted length, inserted text) in original coordinates:

  deleted (5%)          whole sentence(s) holding the quote removed (the neighbours close up);
                        every note inside a removed stretch is deleted too and counts in the 5%.
  lightly edited (15%)  one word substituted, deleted or inserted strictly inside a quote of >= 6
                        words (first and last word unchanged, <= 10% of the quote's characters).
                        Any other note with the op strictly inside is lightly edited too (and must
                        meet the same limits); a note an op only partly overlaps is never kept.
  unchanged (80%)       no op inside; its offsets still shift with the ops before it.

Ground truth follows from the ops alone (each note's start and end are mapped through them), never
from searching the edited text. Text searches are only used to refuse notes whose truth no matcher
could decide from the selectors, by the rules of tests/anchoring/corpus.py's _fair: a deleted quote
must not occur on the edited page (case-blind) nor share half its word trigrams with it, nor be
framed there by both its prefix and suffix; a lightly edited quote must leave no exact copy and its
edited span must occur once; a quote that occurs more than once must keep strictly the best
context at its true place.

Beyond those rules, deleted and edited quotes that still stand elsewhere with one word different
are flagged (Page.near_copy), not refused: a page of a few hundred articles from the corpus's
sentence banks repeats its template sentences with other names and days, so at 1 MB nearly every
sentence has such a copy and refusing them would leave almost nothing to delete.
"""
from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from server.anchoring.types import PositionSelector, QuoteSelector  # noqa: E402
from tests.anchoring import edits  # noqa: E402
from tests.anchoring.articles import build_articles  # noqa: E402
from tests.anchoring.corpus import trigram_overlap  # noqa: E402

CONTEXT = 32
ARTICLE_SEP = "\n\n"
QUOTE_KINDS = ("para", "pullquote", "standfirst", "headline")
SHAPES = {"word": 15, "phrase": 45, "sentence": 25, "multi": 15}
LONG_SHAPES = {"phrase": 50, "sentence": 30, "multi": 20}  # quotes that can take a light edit
MAX_QUOTE_CHARS = 2_000  # the API's limit (server.config.Limits.max_quote_chars)
LIGHT_MIN_WORDS = 6
LIGHT_MAX_SHARE = 0.10

UNCHANGED, EDITED, DELETED = "unchanged", "lightly-edited", "deleted"


@dataclass(frozen=True)
class Op:
    """Replace original[pos:pos + deleted] with inserted. kind: "sentences" or "word"."""

    pos: int
    deleted: int
    inserted: str
    kind: str
    changed: int = 0  # characters changed, common head and tail kept (as tests/anchoring/edits.py counts)

    @property
    def end(self) -> int:
        return self.pos + self.deleted

    @property
    def size(self) -> int:
        return self.changed or max(self.deleted, len(self.inserted))


@dataclass
class Sentence:
    start: int
    end: int
    block: int
    article: int
    kind: str
    words: list[tuple[int, int, int, int]]  # (token start, token end, word start, word end), absolute


@dataclass
class Note:
    start: int
    end: int
    shape: str
    words: list[tuple[int, int, int, int]]  # the quote's words
    first: int = 0                          # the sentences it is in (indexes)
    last: int = 0


@dataclass
class Page:
    label: str
    original: str
    edited: str
    articles: int
    ops: list[Op]
    notes: list[Note]
    quotes: list[QuoteSelector]
    positions: list[PositionSelector]
    kinds: list[str]                            # UNCHANGED, EDITED or DELETED per note
    expected: list[tuple]                       # ("anchored", start, end) or ("orphaned",)
    near_copy: list[bool]                       # deleted/edited quote with a near copy elsewhere
    dropped: int = 0                            # candidate notes refused as undecidable
    stats: dict = field(default_factory=dict)


# ---------------------------------------------------------------- the original text

def _tokens(sentence: str, offset: int) -> list[tuple[int, int, int, int]]:
    out = []
    for m in re.finditer(r"\S+", sentence):
        lead, core, _ = edits.split_token(m.group())
        if any(c.isalnum() for c in core):
            out.append((offset + m.start(), offset + m.end(), offset + m.start() + len(lead),
                        offset + m.start() + len(lead) + len(core)))
    return out


def _article_pool(seed: int, rng: random.Random):
    """Articles of the corpus, batch after batch (each batch: all outlines, one corpus seed)."""
    batch = 0
    while True:
        arts = build_articles(seed * 1000 + batch)
        rng.shuffle(arts)
        yield from arts
        batch += 1


def build_original(target: int, seed: int) -> tuple[str, list[Sentence], int]:
    """Blocks of articles until the text reaches the target size (+-10%, code points)."""
    rng = random.Random(f"page/{seed}/{target}")
    parts: list[str] = []
    sentences: list[Sentence] = []
    length, block_no, used = 0, 0, 0
    low, high = int(target * 0.98), int(target * 1.10)
    for art_no, art in enumerate(_article_pool(seed, rng)):
        if length >= low or art_no > 5000:
            break
        used += 1
        first = True
        for block in art.blocks:
            if not block.sentences:
                continue
            text = " ".join(block.sentences)
            sep = "" if not parts else (ARTICLE_SEP if first else art.sep)
            if length + len(sep) + len(text) > high:
                continue  # would overshoot: try the next (smaller) block
            start = length + len(sep)
            parts += [sep, text]
            at = start
            for sentence in block.sentences:
                sentences.append(Sentence(at, at + len(sentence), block_no, art_no, block.kind,
                                          _tokens(sentence, at)))
                at += len(sentence) + 1
            length = start + len(text)
            block_no += 1
            first = False
            if length >= low:
                break
    return "".join(parts), sentences, used


# ---------------------------------------------------------------- ops and ground truth

def apply_ops(text: str, ops: list[Op]) -> str:
    out, last = [], 0
    for op in sorted(ops, key=lambda o: o.pos):
        out += [text[last:op.pos], op.inserted]
        last = op.end
    out.append(text[last:])
    return "".join(out)


def map_offset(ops_sorted: list[Op], x: int, side: str) -> int:
    """Where original offset x lands in the edited text. An insertion exactly at x goes before a
    start and after an end (it is outside the note either way)."""
    shift = 0
    for op in ops_sorted:
        if op.end < x or (op.end == x and (op.deleted > 0 or side == "start")):
            shift += len(op.inserted) - op.deleted
        elif op.pos >= x:
            break
    return x + shift


def classify(note: Note, ops: list[Op]) -> tuple[str, int] | None:
    """(kind, characters edited inside) of a note under the ops; None when an op only partly
    overlaps it, touches its first or last word, or edits more than a light edit may."""
    s, e = note.start, note.end
    first_end, last_start = note.words[0][3], note.words[-1][2]
    inside = 0
    deleted = False
    for op in ops:
        if (op.deleted and (op.end <= s or op.pos >= e)) or (not op.deleted and (op.pos <= s or op.pos >= e)):
            continue  # outside
        if op.kind == "sentences" and op.pos <= s and op.end >= e:
            deleted = True
            continue
        if op.kind == "word" and op.pos >= first_end and op.end <= last_start:
            inside += op.size
            continue
        return None
    if deleted:
        return (DELETED, 0) if not inside else None
    if inside:
        if len(note.words) < LIGHT_MIN_WORDS or inside > LIGHT_MAX_SHARE * (e - s):
            return None
        return EDITED, inside
    return UNCHANGED, 0



def _disjoint(op: Op, ops: list[Op], margin: int = 2) -> bool:
    return all(op.end + margin <= o.pos or o.end + margin <= op.pos for o in ops)


# ---------------------------------------------------------------- fairness (decidable truth)

class Checker:
    """Text checks on one edited page (lower-cased once)."""

    def __init__(self, original: str, edited: str):
        self.original, self.edited = original, edited
        lower = edited.lower()
        # Compared case-blind (stricter), unless lower-casing would move offsets.
        self.fold = len(lower) == len(edited)
        self.lt = lower if self.fold else edited

    def _lower(self, s: str) -> str:
        low = s.lower() if self.fold else s
        return low if len(low) == len(s) else s

    def _occurrences(self, needle: str, limit: int = 100_000) -> list[int]:
        out, at = [], self.lt.find(needle)
        while at >= 0 and len(out) < limit:
            out.append(at)
            at = self.lt.find(needle, at + 1)
        return out

    def _context(self, at: int, n: int, pre: str, suf: str) -> int:
        lt, a, b = self.lt, 0, 0
        while a < len(pre) and a < at and lt[at - 1 - a] == pre[-1 - a]:
            a += 1
        while b < len(suf) and at + n + b < len(lt) and lt[at + n + b] == suf[b]:
            b += 1
        return a + b

    def fair(self, quote: QuoteSelector, kind: str, truth: tuple) -> bool:
        lq = self._lower(quote.exact)
        pre, suf = self._lower(quote.prefix), self._lower(quote.suffix)
        if kind == DELETED:
            if lq in self.lt or trigram_overlap(lq, self.lt) >= 0.5:
                return False
            # never framed by both contexts with other words between them
            return not (pre.strip() and suf.strip() and pre in self.lt and suf in self.lt)
        start, end = truth[1], truth[2]
        if kind == EDITED:
            inside = self.lt[start:end]
            return lq not in self.lt and self._occurrences(inside, 2) == [start]
        hits = self._occurrences(lq)
        if start not in hits:
            raise AssertionError(f"ground truth {truth} does not hold the quote {quote.exact[:60]!r}")
        if len(hits) == 1:
            return True
        best = self._context(start, len(lq), pre, suf)
        return all(best > self._context(h, len(lq), pre, suf) for h in hits if h != start)


    def _found(self, piece: str, exclude: tuple[int, int] | None) -> bool:
        at = self.lt.find(piece)
        while at >= 0:
            if exclude is None or at + len(piece) <= exclude[0] or at >= exclude[1]:
                return True
            at = self.lt.find(piece, at + 1)
        return False

    def one_word_copy(self, quote: str, exclude: tuple[int, int] | None) -> bool:
        """Does the page (outside `exclude`) hold the quote's words with one word substituted,
        deleted or inserted? (Words: runs of non-space; any whitespace between them.)"""
        lq = self._lower(quote)
        spans = [m.span() for m in re.finditer(r"\S+", lq)]
        n = len(spans)
        if n < 2:
            return False
        # Pigeonhole: one changed word leaves the first half or the second half of the quote whole.
        h = n // 2
        if not (self._found(lq[:spans[h - 1][1]], exclude) or self._found(lq[spans[h][0]:], exclude)):
            return False
        words = [re.escape(lq[a:b]) for a, b in spans]
        patterns = []
        for i in range(n):  # word i substituted or deleted
            head, tail = r"\s+".join(words[:i]), r"\s+".join(words[i + 1:])
            patterns.append(head + r"\s+(?:\S+\s+)?" + tail if head and tail else head or tail)
        for i in range(1, n):  # a word inserted before word i
            patterns.append(r"\s+".join(words[:i]) + r"\s+\S+\s+" + r"\s+".join(words[i:]))
        for pattern in patterns:
            for m in re.finditer(pattern, self.lt):
                if exclude is None or m.end() <= exclude[0] or m.start() >= exclude[1]:
                    return True
        return False



# ---------------------------------------------------------------- picking notes and edits

class _Maker:
    def __init__(self, label: str, target: int, n_notes: int, seed: int):
        self.label = label
        self.rng = random.Random(f"notes/{seed}/{target}/{n_notes}")
        self.original, self.sentences, self.articles = build_original(target, seed)
        self.quotable = [i for i, s in enumerate(self.sentences) if s.kind in QUOTE_KINDS and s.words]
        self.paras = [i for i, s in enumerate(self.sentences) if s.kind == "para" and s.words]
        self.n = n_notes
        self.n_deleted = round(0.05 * n_notes)
        self.n_edited = round(0.15 * n_notes)
        self.ops: list[Op] = []
        self.notes: list[Note] = []
        self.kinds: list[str] = []
        self.spans: set[tuple[int, int]] = set()
        self.dropped = 0

    # -- quotes
    def _note(self, first: int, last: int, shape: str, words: list | None = None) -> Note | None:
        a, b = self.sentences[first], self.sentences[last]
        if words is None:
            words = [w for i in range(first, last + 1) for w in self.sentences[i].words]
            start, end = a.start, b.end
        else:
            start, end = words[0][2], words[-1][3]
        if not words or end - start > MAX_QUOTE_CHARS or (start, end) in self.spans:
            return None
        return Note(start, end, shape, words, first, last)

    def quote_in(self, i: int, shape: str, min_words: int = 1, last: int | None = None) -> Note | None:
        """A quote of the given shape starting in sentence i (within sentences i..last if given)."""
        rng, sent = self.rng, self.sentences[i]
        if shape == "word":
            words = [w for w in sent.words if w[3] - w[2] >= 4 and self.original[w[2]:w[3]].isalpha()]
            if not words:
                return None
            return self._note(i, i, shape, [rng.choice(words)])
        if shape == "phrase":
            lo, hi = max(2, min_words), min(20, len(sent.words) - 1)
            if hi < lo:
                return None
            n = rng.randint(lo, hi)
            k = rng.randint(0, len(sent.words) - n)
            return self._note(i, i, shape, sent.words[k:k + n])
        if shape == "sentence":
            note = self._note(i, i, shape)
            return note if note and len(note.words) >= min_words else None
        # multi: 2-4 whole sentences of one article (blocks of the page in between included)
        stop = last if last is not None else i + self.rng.randint(1, 3)
        if stop <= i or stop >= len(self.sentences):
            return None
        if any(self.sentences[k].article != sent.article or self.sentences[k].kind not in QUOTE_KINDS
               for k in range(i, stop + 1)):
            return None
        return self._note(i, stop, shape)

    def random_quote(self, shapes: dict, min_words: int = 1) -> Note | None:
        shape = self.rng.choices(list(shapes), weights=list(shapes.values()))[0]
        return self.quote_in(self.rng.choice(self.quotable), shape, min_words)

    # -- truth
    def edited_text(self, ops: list[Op] | None = None) -> str:
        return apply_ops(self.original, self.ops if ops is None else ops)

    def selectors(self, note: Note) -> tuple[QuoteSelector, PositionSelector]:
        o = self.original
        return (QuoteSelector(o[note.start:note.end], o[max(0, note.start - CONTEXT):note.start],
                              o[note.end:note.end + CONTEXT]), PositionSelector(note.start, note.end))

    def truth(self, note: Note, kind: str, ops_sorted: list[Op]) -> tuple:
        if kind == DELETED:
            return ("orphaned",)
        return ("anchored", map_offset(ops_sorted, note.start, "start"), map_offset(ops_sorted, note.end, "end"))

    def _fair(self, checker: Checker, note: Note, kind: str, ops_sorted: list[Op]) -> bool:
        fair = self._decidable(checker, note, kind, ops_sorted)
        self.dropped += not fair
        return fair

    def _decidable(self, checker: Checker, note: Note, kind: str, ops_sorted: list[Op]) -> bool:
        return checker.fair(self.selectors(note)[0], kind, self.truth(note, kind, ops_sorted))

    def has_near_copy(self, checker: Checker, note: Note, kind: str, ops_sorted: list[Op]) -> bool:
        """Does a deleted or edited quote stand elsewhere on the edited page with one word changed,
        inserted or deleted (what a light edit looks like)? On pages made of many articles from
        the corpus's sentence banks this is common: the same template sentence with another name or
        day in it. Such notes are kept (their truth is what the ops say: the copy is another
        article's sentence) but counted apart, since the words alone cannot tell them from a copy."""
        if kind == UNCHANGED:
            return False
        span = None
        if kind == EDITED:
            truth = self.truth(note, kind, ops_sorted)
            span = (truth[1], truth[2])
        return checker.one_word_copy(self.original[note.start:note.end], span)

    def _add(self, note: Note, kind: str) -> None:
        self.notes.append(note)
        self.kinds.append(kind)
        self.spans.add((note.start, note.end))

    # -- phase A: deleted sentences, and the notes inside them
    def _sentence_run_op(self, i: int, length: int) -> Op | None:
        first, last = self.sentences[i], self.sentences[i + length - 1]
        if last.block != first.block:
            return None
        after = i + length < len(self.sentences) and self.sentences[i + length].block == first.block
        before = i > 0 and self.sentences[i - 1].block == first.block
        if after:      # "A. [B. ]C." -> "A. C."
            return Op(first.start, last.end + 1 - first.start, "", "sentences")
        if before:     # "A.[ B.]" -> "A."
            return Op(first.start - 1, last.end - first.start + 1, "", "sentences")
        return None    # a whole paragraph: leave paragraphs to the sentence level (keeps it simple)

    def add_deleted(self) -> None:
        runs = max(2, min(self.n_deleted, round(len(self.original) / 2500)))
        per_run = -(-self.n_deleted // runs)
        deleted, attempts = 0, 0
        while deleted < self.n_deleted and attempts < 2000:
            attempts += 1
            i = self.rng.choice(self.paras)
            length = 2 if self.rng.random() < 0.3 else 1
            if i + length > len(self.sentences):
                continue
            op = self._sentence_run_op(i, length)
            if op is None or not _disjoint(op, self.ops) or any(
                    not (op.end <= n.start or op.pos >= n.end) for n in self.notes):
                continue
            ops = self.ops + [op]
            checker = Checker(self.original, self.edited_text(ops))
            want, chosen = min(per_run, self.n_deleted - deleted), []
            for _ in range(40):
                if len(chosen) == want:
                    break
                k = i + self.rng.randrange(length)
                shape = self.rng.choices(["phrase", "sentence", "multi", "word"], [50, 30, 15, 5])[0]
                note = self.quote_in(k, shape, 3, last=i + length - 1 if shape == "multi" else None) \
                    if shape != "multi" or length == 2 else None
                if note is None or any((note.start, note.end) == (c.start, c.end) for c in chosen):
                    continue
                if classify(note, ops) == (DELETED, 0) and self._fair(checker, note, DELETED, ops):
                    chosen.append(note)
            if chosen:
                self.ops.append(op)
                for note in chosen:
                    self._add(note, DELETED)
                deleted += len(chosen)

    # -- phase B: light edits inside quotes
    def _word_ops(self, note: Note) -> list[Op]:
        o, rng, options = self.original, self.rng, []
        budget = LIGHT_MAX_SHARE * (note.end - note.start)
        for t0, t1, w0, w1 in note.words[1:-1]:
            token, core = o[t0:t1], o[w0:w1]
            new = _replacement(core, rng)
            if new and edits.edit_size(core, new) <= budget:
                options.append(Op(w0, w1 - w0, new, "word", edits.edit_size(core, new)))
            if core.lower() in edits.DELETABLE and core.islower() and token == core and o[t0 - 1] == " " \
                    and len(core) + 1 <= budget:
                options.append(Op(t0 - 1, t1 - t0 + 1, "", "word"))
            if core in edits.AUXILIARIES and token == core:
                word = rng.choice(edits.INSERTABLE)
                if len(word) + 1 <= budget:
                    options.append(Op(t1, 0, " " + word, "word"))
        return options

    def add_edited(self) -> None:
        edited, attempts = 0, 0
        while edited < self.n_edited and attempts < 4000:
            attempts += 1
            note = self.random_quote(LONG_SHAPES, LIGHT_MIN_WORDS)
            if note is None or len(note.words) < LIGHT_MIN_WORDS or classify(note, self.ops) != (UNCHANGED, 0):
                continue
            options = [op for op in self._word_ops(note) if _disjoint(op, self.ops)]
            if not options:
                continue
            op = self.rng.choice(options)
            ops = self.ops + [op]
            if classify(note, ops) is None:
                continue
            states = [classify(n, ops) for n in self.notes]
            if any(s is None or (s[0] != k and not (k == UNCHANGED and s[0] == EDITED))
                   for s, k in zip(states, self.kinds, strict=True)):
                continue
            newly = [j for j, (s, k) in enumerate(zip(states, self.kinds, strict=True))
                     if s[0] == EDITED and k == UNCHANGED]
            if edited + 1 + len(newly) > self.n_edited:
                continue
            ops_sorted = sorted(ops, key=lambda o: o.pos)
            checker = Checker(self.original, self.edited_text(ops))
            if not all(self._fair(checker, n, EDITED, ops_sorted) for n in [note] + [self.notes[j] for j in newly]):
                continue
            self.ops.append(op)
            for j in newly:
                self.kinds[j] = EDITED
            self._add(note, EDITED)
            edited += 1 + len(newly)

    # -- phase C: the other notes, on the final text
    def fill(self, checker: Checker, ops_sorted: list[Op]) -> None:
        edited = self.kinds.count(EDITED)
        attempts = 0
        while len(self.notes) < self.n and attempts < 200 * self.n:
            attempts += 1
            note = self.random_quote(SHAPES)
            if note is None:
                continue
            state = classify(note, self.ops)
            if state is None or state[0] == DELETED:
                continue
            if state[0] == EDITED and edited >= self.n_edited:
                continue
            if not self._fair(checker, note, state[0], ops_sorted):
                continue
            self._add(note, state[0])
            edited += state[0] == EDITED

    def make(self) -> Page:
        self.add_deleted()
        self.add_edited()
        ops_sorted = sorted(self.ops, key=lambda o: o.pos)
        edited = self.edited_text()
        checker = Checker(self.original, edited)
        # Later edits may have spoilt an earlier note's fairness: drop it (and fill up again).
        keep = [j for j, (n, k) in enumerate(zip(self.notes, self.kinds, strict=True))
                if classify(n, self.ops) is not None and classify(n, self.ops)[0] == k
                and self._fair(checker, n, k, ops_sorted)]
        self.notes = [self.notes[j] for j in keep]
        self.kinds = [self.kinds[j] for j in keep]
        self.spans = {(n.start, n.end) for n in self.notes}
        self.fill(checker, ops_sorted)
        # Notes in page order, as a document's notes would come (any order would do).
        order = sorted(range(len(self.notes)), key=lambda j: (self.notes[j].start, self.notes[j].end))
        notes = [self.notes[j] for j in order]
        kinds = [self.kinds[j] for j in order]
        quotes, positions, expected = [], [], []
        for note, kind in zip(notes, kinds, strict=True):
            quote, position = self.selectors(note)
            quotes.append(quote)
            positions.append(position)
            expected.append(self.truth(note, kind, ops_sorted))
        _self_check(self.original, edited, notes, kinds, expected, ops_sorted)
        near = [self.has_near_copy(checker, n, k, ops_sorted) for n, k in zip(notes, kinds, strict=True)]
        return Page(self.label, self.original, edited, self.articles, ops_sorted, notes, quotes, positions, kinds,
                    expected, near, self.dropped,
                    {"sentence_ops": sum(o.kind == "sentences" for o in self.ops),
                     "word_ops": sum(o.kind == "word" for o in self.ops)})


def _replacement(core: str, rng: random.Random) -> str | None:
    """A different word for `core` (same capitalisation), or a figure with one digit changed."""
    if re.fullmatch(r"\d[\d,.]*\d|\d", core):
        i = max(k for k, c in enumerate(core) if c.isdigit())
        return core[:i] + rng.choice([c for c in "123456789" if c != core[i]]) + core[i + 1:]
    options = edits.SYNONYMS.get(core) or edits.SYNONYMS.get(core.lower())
    if not options:
        return None
    new = rng.choice(options)
    return new[0].upper() + new[1:] if core[0].isupper() else new


def _self_check(original, edited, notes, kinds, expected, ops_sorted) -> None:
    """Structural sanity (no search): unchanged notes read the same at their mapped span; edited
    ones keep their first and last words; the first/last characters agree."""
    for note, kind, exp in zip(notes, kinds, expected, strict=True):
        if kind == UNCHANGED:
            assert edited[exp[1]:exp[2]] == original[note.start:note.end], (note, exp)
        elif kind == EDITED:
            span = edited[exp[1]:exp[2]]
            w0, wn = note.words[0], note.words[-1]
            assert span.startswith(original[note.start:w0[3]]) and span.endswith(original[wn[2]:note.end]), \
                (note, exp, span[:80])


def make_page(target: int, notes: int = 200, seed: int = 0, label: str | None = None) -> Page:
    return _Maker(label or f"{target:,} chars", target, notes, seed).make()


if __name__ == "__main__":  # python bench/anchor_pages.py 5000 100000
    import time
    from collections import Counter
    for size in [int(a) for a in sys.argv[1:]] or [5000]:
        t0 = time.perf_counter()
        page = make_page(size)
        print(f"{size}: {len(page.original)} -> {len(page.edited)} chars, {page.articles} articles, "
              f"{dict(Counter(page.kinds))}, ops {page.stats}, dropped {page.dropped}, "
              f"near copies {Counter(k for k, c in zip(page.kinds, page.near_copy, strict=True) if c)}, "
              f"{time.perf_counter() - t0:.2f}s")
