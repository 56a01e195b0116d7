"""Edits news sites make after publication, applied to page structure with the quote marked.

Ground truth is carried by two private-use marker characters placed around the quote before any
edit: edits move, rewrite or delete sentences and the markers travel with the words they sit
beside. After rendering, the markers' positions are the quote's span in the edited page (or the
quote is gone when the markers are). Edits never touch a marker, so no text search is involved.
"""
from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass

from tests.anchoring import corpus_text
from tests.anchoring.articles import BODY_KINDS, Block, Filler

START, END = "\ue000", "\ue001"
TEXT_KINDS = ("headline", "standfirst", "byline", "dateline") + BODY_KINDS
_SPLIT = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)   # lead punctuation, word, trailing punctuation

# Substitutions an editor might make (synonyms, corrected days, changed figures).
SYNONYMS = {
    "said": ["added", "noted"], "says": ["said"], "told": ["informed"], "large": ["big"],
    "rose": ["climbed"], "fell": ["dropped"], "people": ["residents"], "officials": ["authorities"],
    "about": ["around"], "nearly": ["almost"], "almost": ["nearly"], "first": ["initial"],
    "warned": ["cautioned"], "plans": ["proposals"], "proposals": ["plans"], "plan": ["proposal"],
    "month": ["week"], "week": ["month"], "weeks": ["months"], "months": ["weeks"],
    "last": ["previous"], "help": ["support"], "support": ["backing"], "criticised": ["condemned"],
    "announced": ["confirmed"], "confirmed": ["announced"], "cost": ["price"], "meeting": ["session"],
    "figures": ["data"], "decision": ["ruling"], "residents": ["locals"], "children": ["pupils"],
    "government": ["administration"], "Monday": ["Tuesday"], "Tuesday": ["Wednesday"],
    "Wednesday": ["Thursday"], "Thursday": ["Friday"], "Friday": ["Monday"], "Sunday": ["Saturday"],
    "Saturday": ["Sunday"], "expected": ["likely"], "more": ["fewer"], "several": ["some"],
    "new": ["fresh"], "biggest": ["largest"], "problem": ["issue"], "issue": ["problem"],
    "quickly": ["swiftly"], "sharp": ["steep"], "work": ["job"], "city": ["town"], "town": ["city"],
    "published": ["released"], "released": ["published"], "statement": ["release"], "hard": ["tough"],
    "clear": ["plain"], "senior": ["high-ranking"], "shortly": ["soon"], "damage": ["harm"],
}
DELETABLE = {"also", "now", "still", "already", "recently", "largely", "nearly", "about", "some",
             "very", "only", "new", "senior", "former", "local", "first", "further", "more", "just"}
AUXILIARIES = {"has", "have", "had", "was", "were", "is", "are", "will", "would", "could", "should"}
INSERTABLE = ["also", "now", "still", "already"]


@dataclass(frozen=True)
class QuoteLoc:
    """Quote position in structure: from (block, sentence, offset) to (block, sentence, offset)."""

    b0: int
    s0: int
    c0: int
    b1: int
    s1: int
    c1: int


# ---------------------------------------------------------------- markers

def mark(page: list[Block], q: QuoteLoc) -> None:
    """Put the markers around the quote (end first, so the start offset stays valid)."""
    s = page[q.b1].sentences[q.s1]
    page[q.b1].sentences[q.s1] = s[:q.c1] + END + s[q.c1:]
    s = page[q.b0].sentences[q.s0]
    page[q.b0].sentences[q.s0] = s[:q.c0] + START + s[q.c0:]


def extract(text: str) -> tuple[str, tuple[int, int] | None]:
    """Strip the markers; return the clean text and the span they enclosed (None once deleted)."""
    i, j = text.find(START), text.find(END)
    if i < 0 and j < 0:
        return text, None
    assert 0 <= i < j and text.count(START) == text.count(END) == 1, "markers damaged by an edit"
    return text.replace(START, "").replace(END, ""), (i, j - 1)


def marked_sentences(page: list[Block]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(block, sentence) holding the start marker and the end marker."""
    s = e = None
    for bi, b in enumerate(page):
        for si, t in enumerate(b.sentences):
            s = (bi, si) if START in t else s
            e = (bi, si) if END in t else e
    return (s, e) if s else None


def _has_marker(text: str) -> bool:
    return START in text or END in text


# ---------------------------------------------------------------- tokens

def split_token(tok: str) -> tuple[str, str, str]:
    lead, core, trail = _SPLIT.match(tok).groups()
    return lead, core, trail


def _tokens(page: list[Block], kinds=TEXT_KINDS):
    for bi, b in enumerate(page):
        if b.kind in kinds:
            for si, s in enumerate(b.sentences):
                for ti, t in enumerate(s.split(" ")):
                    yield bi, si, ti, t


def _set_tokens(page: list[Block], bi: int, si: int, fn) -> None:
    toks = page[bi].sentences[si].split(" ")
    fn(toks)
    page[bi].sentences[si] = " ".join(toks)


def _replacement(core: str, rng: random.Random) -> str | None:
    """A different word for `core`, keeping its capitalisation; or a changed figure."""
    if re.fullmatch(r"\d[\d,.]*\d|\d", core):
        i = max(k for k, c in enumerate(core) if c.isdigit())
        d = rng.choice([c for c in "123456789" if c != core[i]])
        return core[:i] + d + core[i + 1:]
    options = SYNONYMS.get(core) or SYNONYMS.get(core.lower())
    if not options:
        return None
    new = rng.choice(options)
    return new[0].upper() + new[1:] if core[0].isupper() else new


def edit_size(a: str, b: str) -> int:
    """Characters changed when a becomes b (common head and tail kept)."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return max(len(a), len(b)) - p - q


# ---------------------------------------------------------------- edits to words

def _substitutable(core: str) -> bool:
    return bool(core) and (core in SYNONYMS or core.lower() in SYNONYMS or core[0].isdigit())


def _plain(text: str) -> str:
    return text.replace(START, "").replace(END, "")


def sub_elsewhere(page: list[Block], rng: random.Random, region: str = "any",
                  spare_copies: bool = False) -> str | None:
    """Substitute one word in a sentence outside the quote: before it (quote shifts) or after.
    spare_copies: leave alone any sentence identical to the quote's (a repeated sentence)."""
    bounds = marked_sentences(page)
    spared = {_plain(page[bounds[0][0]].sentences[bounds[0][1]])} if spare_copies and bounds else set()
    sentences = []
    for bi, b in enumerate(page):
        if b.kind not in ("standfirst",) + BODY_KINDS:
            continue
        for si in range(len(b.sentences)):
            if bounds and bounds[0] <= (bi, si) <= bounds[1]:
                continue
            before = bounds is None or (bi, si) < bounds[0]
            if (region == "any" or (region == "before") == before) and b.sentences[si] not in spared:
                sentences.append((bi, si))
    rng.shuffle(sentences)
    for bi, si in sentences:  # the first sentence (in random order) with a word to change
        toks = page[bi].sentences[si].split(" ")
        cands = [ti for ti, t in enumerate(toks) if _substitutable(split_token(t)[1])]
        new = None
        if cands:
            ti = rng.choice(cands)
            lead, core, trail = split_token(toks[ti])
            new = _replacement(core, rng)
        if new:
            _set_tokens(page, bi, si, lambda ts, ti=ti, token=lead + new + trail: ts.__setitem__(ti, token))
            return f"sub:{core}->{new}"
    return None


def _inside_tokens(page: list[Block]):
    """Tokens strictly inside the quote: after the one holding START, before the one holding END."""
    inside = False
    for bi, si, ti, t in _tokens(page):
        if START in t:
            inside = END not in t
            continue
        if END in t:
            return
        if inside:
            yield bi, si, ti, t


def light_edit(page: list[Block], rng: random.Random, quote_len: int) -> str | None:
    """One word substituted, deleted or inserted inside the quote, changing <= 10% of its characters.
    The quote's first and last words stay, so the edited span runs between the same markers."""
    budget, options = 0.10 * quote_len, []
    for bi, si, ti, t in _inside_tokens(page):
        lead, core, trail = split_token(t)
        new = _replacement(core, rng) if core else None
        if new and edit_size(core, new) <= budget:
            options.append(("substitute", bi, si, ti, lead + new + trail))
        if core.lower() in DELETABLE and core.islower() and t == core and len(t) + 1 <= budget:
            options.append(("delete", bi, si, ti, None))
        if core in AUXILIARIES and t == core:
            word = rng.choice(INSERTABLE)
            if len(word) + 1 <= budget:
                options.append(("insert", bi, si, ti, word))
    if not options:
        return None
    op, bi, si, ti, new = rng.choice(options)
    if op == "substitute":
        _set_tokens(page, bi, si, lambda toks: toks.__setitem__(ti, new))
    elif op == "delete":
        _set_tokens(page, bi, si, lambda toks: toks.pop(ti))
    else:
        _set_tokens(page, bi, si, lambda toks: toks.insert(ti + 1, new))
    return f"light-edit:{op}"


# ---------------------------------------------------------------- edits to sentences and blocks

def _index_of(page: list[Block], kind: str) -> int | None:
    return next((i for i, b in enumerate(page) if b.kind == kind), None)


def insert_before(page: list[Block], rng: random.Random, fill: Filler, mode: str) -> str | None:
    """Add text somewhere before the quote so that it shifts."""
    (bq, sq), _ = marked_sentences(page)
    first_body = _index_of(page, "para")
    if mode == "same-para" and page[bq].kind == "para":
        page[bq].sentences.insert(rng.randint(0, sq), fill(rng.choice(corpus_text.UPDATES)))
    elif mode == "earlier-para" and first_body is not None and bq > first_body:
        paras = [i for i in range(first_body, bq) if page[i].kind == "para"]
        b = page[rng.choice(paras)]
        b.sentences.insert(rng.randint(0, len(b.sentences)), fill(rng.choice(corpus_text.UPDATES)))
    elif mode == "new-para" and first_body is not None and bq >= first_body:
        text = fill(rng.choice(corpus_text.PROMOS + corpus_text.UPDATES))
        page.insert(rng.randint(first_body, bq), Block("para", [text]))
    elif mode == "dateline" and bq > _index_of(page, "dateline"):
        b = page[_index_of(page, "dateline")]
        b.sentences[0] += fill(" · Updated {day} {#10-23}:{#10-59} GMT")
    elif mode == "banner":
        text = rng.choice(["BREAKING", "Live updates", "Cookie settings: we and our partners use "
                           "cookies. Accept · Reject", "Listen to this article", "Opinion"])
        page.insert(0, Block("chrome", [text]))
    else:
        return None
    return f"insert-before:{mode}"


def _free_sentences(page: list[Block], region: str):
    bounds = marked_sentences(page)
    for bi, b in enumerate(page):
        if b.kind != "para":
            continue
        for si in range(len(b.sentences)):
            if bounds and bounds[0] <= (bi, si) <= bounds[1]:
                continue  # part of the quote
            before = bounds is None or (bi, si) < bounds[0]
            if region == "any" or (region == "before") == before:
                yield bi, si


def delete_elsewhere(page: list[Block], rng: random.Random, region: str, whole: bool) -> str | None:
    """Delete a sentence (or a whole paragraph) that holds no part of the quote."""
    free = list(_free_sentences(page, region))
    if whole:
        blocks = sorted({bi for bi, _ in free
                         if not any(_has_marker(t) for t in page[bi].sentences)})
        if not blocks:
            return None
        del page[rng.choice(blocks)]
        return "delete-elsewhere:paragraph"
    if not free:
        return None
    bi, si = rng.choice(free)
    del page[bi].sentences[si]
    if not page[bi].sentences:
        del page[bi]
    return "delete-elsewhere:sentence"


def delete_quote(page: list[Block], whole: bool) -> str:
    """Delete every sentence the quote touches (or its paragraphs): the quote is gone."""
    (b0, s0), (b1, s1) = marked_sentences(page)
    if whole:
        del page[b0:b1 + 1]
        return "delete-quote:paragraph"
    if b0 == b1:
        del page[b0].sentences[s0:s1 + 1]
    else:
        del page[b1].sentences[:s1 + 1]
        del page[b0].sentences[s0:]
        for b in page[b0 + 1:b1]:
            b.sentences.clear()
    page[:] = [b for b in page if b.sentences]
    return "delete-quote:sentences"


def move_paragraph(page: list[Block], rng: random.Random, which: str) -> str | None:
    """Move the quote's paragraph, or another one, to a different place among the paragraphs."""
    (b0, _), (b1, _) = marked_sentences(page)
    if which == "quote":
        if b0 != b1 or page[b0].kind != "para":
            return None
        src = b0
    else:
        srcs = [i for i, b in enumerate(page) if b.kind == "para" and not b0 <= i <= b1]
        if not srcs:
            return None
        src = rng.choice(srcs)
    block = page.pop(src)
    inside = range(0)
    if which != "quote":  # never drop a paragraph between the blocks of a multi-paragraph quote
        (n0, _), (n1, _) = marked_sentences(page)
        inside = range(n0 + 1, n1 + 1)
    paras = [i for i, b in enumerate(page) if b.kind == "para"]
    spots = [i for i in paras + [paras[-1] + 1] if abs(i - src) >= 2 and i not in inside]
    if not spots:
        page.insert(src, block)
        return None
    page.insert(rng.choice(spots), block)
    return f"move-paragraph:{which}"


def correct_headline(page: list[Block], new: str) -> str:
    page[_index_of(page, "headline")].sentences = [new]
    return "correct-headline"


def astral_before(page: list[Block], rng: random.Random, fill: Filler, mode: str) -> str | None:
    """Put emoji or other astral characters somewhere before the quote."""
    (bq, sq), _ = marked_sentences(page)
    token = rng.choice(corpus_text.ASTRAL_TOKENS)
    earlier = [i for i in range(bq) if page[i].kind == "para"]
    if mode == "sentence":
        page[bq].sentences[sq] = token + " " + page[bq].sentences[sq]
    elif mode == "earlier-para" and earlier:
        b = page[rng.choice(earlier)]
        i = rng.randrange(len(b.sentences))
        b.sentences[i] = b.sentences[i] + " " + token + token
    elif mode == "caption" and page[bq].kind in BODY_KINDS:
        page.insert(bq, Block("caption", [fill(rng.choice(corpus_text.ASTRAL_BLOCKS))]))
    elif mode == "banner":
        page.insert(0, Block("chrome", [fill(rng.choice(corpus_text.ASTRAL_BLOCKS))]))
    else:
        return None
    return f"astral:{mode}"


# ---------------------------------------------------------------- typography (whole page text)

TYPO_OPS = ("nfd", "straight", "dash-spaced", "dash-double", "reflow", "wrap", "spaces", "nbsp",
            "indent")
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _per_char(text: str, old: str, rng: random.Random, p: float, choices: list[str]) -> str:
    """Replace each `old` character with probability p by one of `choices`."""
    return re.sub(re.escape(old), lambda m: rng.choice(choices) if rng.random() < p else old, text)


def _wrap(text: str, rng: random.Random) -> str:
    """Hard-wrap long lines, as in page source whose text nodes keep their newlines."""
    width, out = rng.randint(60, 90), []
    for line in text.split("\n"):
        col, words = 0, line.split(" ")
        for i, w in enumerate(words):
            if i and col + 1 + len(w) > width:
                out.append("\n")
                col = 0
            elif i:
                out.append(" ")
                col += 1
            out.append(w)
            col += len(w)
        out.append("\n")
    return "".join(out)[:-1]


def _reflow(text: str, rng: random.Random) -> str:
    """Block breaks change: some newlines become spaces, single and double newlines swap."""
    return re.sub(r"\n+", lambda m: rng.choice([" ", "\n", "\n\n", " \n", "\n\n\n"]), text)


def typography(text: str, ops: tuple[str, ...], rng: random.Random) -> str:
    """Apply whitespace/typography changes to the whole page, in a fixed order. Markers are
    private-use characters that none of these changes touch."""
    for op in TYPO_OPS:
        if op not in ops:
            continue
        if op == "nfd":
            text = unicodedata.normalize("NFD", text)
        elif op == "straight":
            text = text.translate(_STRAIGHT)
        elif op == "dash-spaced":
            text = re.sub(" ?[—–] ?", " - ", text)
        elif op == "dash-double":
            text = text.replace("—", "--")
        elif op == "reflow":
            text = _reflow(text, rng)
        elif op == "wrap":
            text = _wrap(text, rng)
        elif op == "spaces":
            text = _per_char(text, " ", rng, 0.2, ["  ", "   ", " \t"])
        elif op == "nbsp":
            text = _per_char(text, " ", rng, 0.15, ["\u00a0"])
        elif op == "indent":
            pad = rng.choice(["  ", "    ", "\t"])
            text = "\n".join(pad + line for line in text.split("\n"))
    return text
