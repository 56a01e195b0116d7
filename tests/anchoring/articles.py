"""Articles as structure (blocks of sentences) and their rendering to page text.

The corpus keeps every page as a list of Blocks so that edits are made to sentences and paragraphs,
never by searching rendered text; ground truth then follows from the structure.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tests.anchoring import corpus_text

BODY_KINDS = ("para", "pullquote")
PERSONS = ("official", "critic", "expert", "witness")
_PLACEHOLDER = re.compile(r"\{(\^?)(\w+)\}|\{#(\d+)-(\d+)\}|\{\$(\d+)-(\d+)\}")


@dataclass
class Block:
    """One block of the page: chrome line, headline, standfirst, byline, dateline, para or pullquote."""

    kind: str
    sentences: list[str]


@dataclass
class Article:
    idx: int
    name: str                       # "article07"
    topic: str
    blocks: list[Block]             # never mutated: edits work on copies
    sep: str                        # block separator: "\n" or "\n\n"
    correction: str                 # the rewritten headline (edit kind f)
    cast: dict
    repeats: list[tuple[int, int, int, int]] = field(default_factory=list)  # (b1, s1, b2, s2)
    text: str = ""                  # rendered original (no markers)
    words: tuple | None = None      # cache: (unique words, repeated words), see corpus.pick_quote

    def filler(self, rng: random.Random) -> Filler:
        return Filler(self.cast, rng)


def copy_page(page: list[Block]) -> list[Block]:
    return [Block(b.kind, b.sentences[:]) for b in page]


def render(page: list[Block], sep: str) -> str:
    """Blocks joined by the article's separator, sentences by one space."""
    return sep.join(" ".join(b.sentences) for b in page if b.sentences)


class Filler:
    """Fills template placeholders from a cast and a seeded generator."""

    def __init__(self, cast: dict, rng: random.Random):
        self.cast, self.rng = cast, rng

    def __call__(self, template: str) -> str:
        return _PLACEHOLDER.sub(self._one, template)

    def _one(self, m: re.Match) -> str:
        cap, key, lo, hi, mlo, mhi = m.groups()
        if key:
            value = self.cast[key]
            return value[0].upper() + value[1:] if cap else value
        if lo:
            return str(self.rng.randint(int(lo), int(hi)))
        return self.cast["cur"] + str(self.rng.randint(int(mlo), int(mhi)))

    def item(self, item) -> list[str]:
        return [self(s) for s in (item if isinstance(item, tuple) else (item,))]


# ---------------------------------------------------------------- assembly

def _trigrams(sentence: str) -> set[str]:
    words = re.findall(r"\w+", sentence.lower())
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


def near_duplicate(a: set[str], b: set[str]) -> bool:
    """Two sentences share over half the word trigrams of the shorter one."""
    return bool(a and b) and len(a & b) > 0.5 * min(len(a), len(b))


def _distinct_items(items: list[list[str]]) -> list[list[str]]:
    """Drop items with a sentence too close to one already kept: a fuzzy matcher could not tell
    them apart, so they would make ground truth ambiguous."""
    kept, grams = [], []
    for sentences in items:
        g = [_trigrams(s) for s in sentences]
        if any(near_duplicate(x, y) for x in g for y in grams):
            continue
        kept.append(sentences)
        grams.extend(g)
    return kept


def _interleave(a: list, b: list, rng: random.Random) -> list:
    out, a, b = [], a[:], b[:]
    while a or b:
        pick = a if rng.random() < len(a) / (len(a) + len(b)) else b
        out.append(pick.pop(0))
    return out


def _paragraphs(lead: list[str], items: list[list[str]], rng: random.Random) -> list[list[str]]:
    """Pack items into 8-25 paragraphs of 2-6 sentences, lead paragraph first. Some sites run
    short paragraphs (many of them), others long ones."""
    want = rng.randint(8, 25)
    weights = rng.choice([[6, 4, 1, 0, 0], [3, 4, 3, 1, 1], [1, 3, 4, 2, 2]])
    paras, queue = [lead], items[:]
    while queue and len(paras) < want:
        size = rng.choices([2, 3, 4, 5, 6], weights=weights)[0]
        para: list[str] = []
        while queue and len(para) < size and len(para) + len(queue[0]) <= 6:
            para.extend(queue.pop(0))
        if len(para) < 2:
            break
        paras.append(para)
    return paras


def _first_mentions(paras: list[list[str]], cast: dict) -> None:
    """News style: full name on first mention, surname afterwards."""
    for key in PERSONS:
        full = cast[key]
        short = cast.get(key + "_surname", full.split()[-1])
        seen = False
        for para in paras:
            for i, s in enumerate(para):
                if full not in s:
                    continue
                if seen:
                    para[i] = s.replace(full, short)
                else:
                    head, _, tail = s.partition(full)
                    para[i] = head + full + tail.replace(full, short)
                    seen = True


def _body(spec: dict, cast: dict, rng: random.Random) -> list[list[str]]:
    fill = Filler(cast, rng)
    topic = [fill.item(x) for x in corpus_text.TOPIC_BANKS[spec["topic"]]]
    civic = corpus_text.CIVIC if spec["topic"] not in ("science", "sport") else []
    generic = [fill.item(x) for x in corpus_text.GENERIC + civic]
    rng.shuffle(topic)
    rng.shuffle(generic)
    generic = generic[:rng.randint(12, 22)]  # the story's own topic should dominate
    extras = [fill.item(x) for x in spec["extras"]]
    lead = [fill(s) for s in spec["lead"]]
    kept = _distinct_items([lead] + extras + _interleave(topic, generic, rng))[1:]
    extras = [x for x in kept if any(x is e for e in extras)]
    rest = [x for x in kept if not any(x is e for e in extras)]
    # extras carry the story's particular details: keep them among the first paragraphs
    body = _interleave(extras, rest[:6], rng) + rest[6:]
    paras = _paragraphs(lead, body, rng)
    if len(paras[-1]) < 6:
        paras[-1].append(fill(rng.choice(corpus_text.CLOSERS)))
    _first_mentions(paras, cast)
    return paras


def _add_repeat(paras: list[list[str]], how: str | None, rng: random.Random) -> list[tuple]:
    """Make one sentence appear twice: as a pull quote, or a boilerplate line repeated lower down.
    Returns [(para_index_1, sent_1, para_index_2, sent_2)] where a para index of ('pull', i) marks
    a pull-quote block inserted before paragraph i."""
    if how is None:
        return []
    half = max(2, len(paras) // 2)
    quotes = [(p, s) for p in range(1, half) for s, t in enumerate(paras[p]) if t.startswith("“")]
    if how == "pullquote" and not quotes:
        how = "boilerplate"  # nobody is quoted early enough to pull out
    spots = quotes if how == "pullquote" else [
        (p, s) for p in range(1, half) for s, t in enumerate(paras[p])
        if not t.startswith("“") and len(t) < 110]
    if not spots:
        return []
    p, s = rng.choice(spots)
    later = rng.randint(min(p + 2, len(paras) - 1), len(paras) - 1)
    if how == "pullquote":
        return [(p, s, ("pull", later), 0)]
    if len(paras[later]) >= 6:
        return []
    at = rng.randint(1, len(paras[later]))
    paras[later].insert(at, paras[p][s])
    return [(p, s, later, at)]


def build_article(idx: int, spec: dict, seed: int) -> Article:
    rng = random.Random(f"{seed}/article/{idx}")
    cast = dict(spec["cast"])
    paras = _body(spec, cast, rng)
    repeats = _add_repeat(paras, spec["repeat"], rng)
    site = corpus_text.SITES[spec["site"]] if idx % 4 != 3 else None
    others = [corpus_text.ARTICLES[(idx + k) % len(corpus_text.ARTICLES)]["headline"] for k in (1, 5, 9)]
    blocks, where = _layout(spec, paras, repeats, site, others)
    sep = "\n\n" if idx % 2 == 0 else "\n"
    art = Article(idx, f"article{idx:02d}", spec["topic"], blocks, sep, spec["correction"], cast)
    art.repeats = [(where[p1], s1, where[p2], s2) for p1, s1, p2, s2 in repeats]
    art.text = render(blocks, sep)
    return art


def _layout(spec, paras, repeats, site, others):
    """Blocks in page order; returns them and where each paragraph (or pull quote) ended up."""
    blocks = [Block("chrome", [line]) for line in (site["top"] if site else [])]
    for kind in ("headline", "standfirst", "byline", "dateline"):
        blocks.append(Block(kind, [spec[kind]]))
    pulls = {p2[1]: paras[p1][s1] for p1, s1, p2, _ in repeats if isinstance(p2, tuple)}
    where = {}
    for i, para in enumerate(paras):
        if i in pulls:
            where[("pull", i)] = len(blocks)
            blocks.append(Block("pullquote", [pulls[i]]))
        where[i] = len(blocks)
        blocks.append(Block("para", para))
    if site:
        blocks.append(Block("chrome", ["Most read"]))
        blocks += [Block("chrome", [h]) for h in others]
        blocks += [Block("chrome", [line]) for line in site["bottom"]]
    return blocks, where


def build_articles(seed: int = 0) -> list[Article]:
    return [build_article(i, spec, seed) for i, spec in enumerate(corpus_text.ARTICLES)]
