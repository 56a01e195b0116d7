"""The corpus model: an article as authored (texts/*.py), the edits newsrooms make, and the ground
truth each edit implies for each note, derived from the edit definitions alone (never from output).

Authored article text marks the notes and the typos inline:
    [[...]]            the body-sentence note (in a paragraph) or the list-item note (in an item)
    {{...}}            the note quoting across markup (<a>, <b>, <em> inside); starts its paragraph
    ((...))            the short-quote note (2-3 words); the same words stand elsewhere on the page
    {t:wrong|right}    a typo inside a quote, fixed by the "typo in the quote" edit
    {n:wrong|right}    a typo next to a quote, fixed by the "typo near the quote" edit
Paragraph "@list" places the bulleted list, "@figure" the photo with its caption.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

NOTE_KINDS = ("headline", "sentence", "markup", "item", "short")

TYPO = re.compile(r"\{([tn]):([^|{}]*)\|([^{}]*)\}")
MARKERS = {"sentence": re.compile(r"\[\[(.*?)\]\]", re.S), "markup": re.compile(r"\{\{(.*?)\}\}", re.S),
           "short": re.compile(r"\(\((.*?)\)\)", re.S)}
TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """The text a browser shows for an inline HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(TAG.sub("", fragment))


def resolve_typos(fragment: str, fixed: set[str]) -> str:
    """The fragment with each typo marker as written ("wrong") or corrected ("right") when its kind
    (t: in a quote, n: near one) is in `fixed`."""
    return TYPO.sub(lambda m: m.group(3) if m.group(1) in fixed else m.group(2), fragment)


def strip_markers(fragment: str) -> str:
    for pattern in MARKERS.values():
        fragment = pattern.sub(r"\1", fragment)
    return fragment


@dataclass(frozen=True)
class Article:
    slug: str
    lang: str
    section: str
    headline: str          # may hold a {t:..} typo (fixed in h1 by the typo edit)
    corrected: str         # the headline after the newsroom corrected it (different words)
    standfirst: str
    byline: str
    date: str
    paras: tuple[str, ...]
    items: tuple[str, ...]
    caption: str
    extra: str             # a paragraph the "insert" edit adds before the short quote; repeats it
    held: bool = False     # held-back set (chosen when the corpus was written, before any run)

    @property
    def url_path(self) -> str:
        return f"/{self.lang}/news/{self.slug}.html"

    def para_with(self, kind: str) -> int:
        found = [i for i, p in enumerate(self.paras) if MARKERS[kind].search(p)]
        if len(found) != 1:
            raise ValueError(f"{self.slug}: {len(found)} paragraphs hold the {kind} note, want 1")
        return found[0]

    def item_with_note(self) -> int:
        found = [i for i, item in enumerate(self.items) if MARKERS["sentence"].search(item)]
        if len(found) != 1:
            raise ValueError(f"{self.slug}: {len(found)} list items hold a note, want 1")
        return found[0]


# --- versions ---------------------------------------------------------------------------------------
@dataclass
class Block:
    """One block of the article body: a paragraph, the list, the figure, or something an edit put in."""
    id: str                # data-block of authored blocks (stable across versions); "" for inserted ones
    kind: str              # p | list | figure | inserted | related | ad
    source: str = ""       # authored fragment (with markers) or inserted HTML
    items: list[tuple[str, str]] = field(default_factory=list)  # list: (data-block, fragment)
    abut: bool = False     # rendered with no whitespace before the next block


@dataclass
class State:
    """An article version: what the edits did. Rendering (render.py) and truth both read only this."""
    article: Article
    blocks: list[Block]
    fixed: set[str] = field(default_factory=set)   # typo kinds fixed: "t", "n"
    headline_corrected: bool = False
    banner: bool = False                           # an update banner inserted before the headline
    rewrap: bool = False                           # every text run re-wrapped in <span>s


def initial_state(article: Article) -> State:
    blocks = []
    for i, para in enumerate(article.paras):
        if para == "@list":
            blocks.append(Block("list", "list", items=[(f"li{j}", item) for j, item in enumerate(article.items)]))
        elif para == "@figure":
            blocks.append(Block("figure", "figure", article.caption))
        else:
            blocks.append(Block(f"p{i}", "p", para))
    return State(article, blocks)


def block_index(state: State, block_id: str) -> int:
    return next(i for i, b in enumerate(state.blocks) if b.id == block_id)


# Edits. Each changes the State the way a newsroom's edit changes the page.
def fix_typos_in_quotes(state: State, lang_ui) -> None:
    state.fixed.add("t")


def fix_typos_near_quotes(state: State, lang_ui) -> None:
    state.fixed.add("n")


def insert_paragraphs(state: State, lang_ui) -> None:
    """An update banner above the headline, a paragraph before the quoted sentence, and a paragraph
    repeating the short quote's words before the short quote."""
    state.banner = True
    art = state.article
    state.blocks.insert(block_index(state, f"p{art.para_with('sentence')}"), Block("", "inserted", lang_ui["update"]))
    state.blocks.insert(block_index(state, f"p{art.para_with('short')}"), Block("", "inserted", art.extra))


def reorder_paragraphs(state: State, lang_ui) -> None:
    """The paragraphs change order (list and figure keep their places): reversed."""
    slots = [i for i, b in enumerate(state.blocks) if b.kind == "p"]
    paragraphs = [state.blocks[i] for i in slots]
    for slot, block in zip(slots, reversed(paragraphs), strict=True):
        state.blocks[slot] = block


def correct_headline(state: State, lang_ui) -> None:
    state.headline_corrected = True


def delete_quoted_paragraphs(state: State, lang_ui) -> None:
    """The quoted sentence's paragraph and the short quote's paragraph are cut."""
    art = state.article
    doomed = {f"p{art.para_with('sentence')}", f"p{art.para_with('short')}"}
    state.blocks = [b for b in state.blocks if b.id not in doomed]


def delete_short_paragraph(state: State, lang_ui) -> None:
    doomed = f"p{state.article.para_with('short')}"
    state.blocks = [b for b in state.blocks if b.id != doomed]


def delete_quoted_item(state: State, lang_ui) -> None:
    doomed = f"li{state.article.item_with_note()}"
    for block in state.blocks:
        if block.kind == "list":
            block.items = [(bid, item) for bid, item in block.items if bid != doomed]


def insert_related_box(state: State, lang_ui) -> None:
    """A "related" box of other articles' headlines right before the paragraph the markup quote
    opens, with no space between the box's last word and the paragraph's first."""
    at = block_index(state, f"p{state.article.para_with('markup')}")
    state.blocks.insert(at, Block("", "related", abut=True))


def insert_ad(state: State, lang_ui) -> None:
    state.blocks.insert(min(2, len(state.blocks)), Block("", "ad", lang_ui["ad_text"]))


def rewrap_text(state: State, lang_ui) -> None:
    state.rewrap = True


# The versions every article is served in: (edit kind, edits). Defined before any run of the harness.
VERSIONS: tuple[tuple[str, tuple], ...] = (
    ("original", ()),
    ("typo_in_quote", (fix_typos_in_quotes,)),
    ("typo_near_quote", (fix_typos_near_quotes,)),
    ("paragraph_inserted", (insert_paragraphs,)),
    ("reordered", (reorder_paragraphs,)),
    ("headline_corrected", (correct_headline,)),
    ("paragraph_deleted", (delete_quoted_paragraphs,)),
    ("item_deleted", (delete_quoted_item,)),
    ("box_inserted", (insert_related_box, insert_ad)),
    ("rewrapped", (rewrap_text,)),
    ("combo_insert_box_rewrap", (fix_typos_near_quotes, insert_paragraphs, insert_related_box, rewrap_text)),
    ("combo_correct_reorder_delete", (correct_headline, reorder_paragraphs, delete_quoted_item, insert_ad)),
    ("combo_typo_box_delete", (fix_typos_in_quotes, insert_related_box, delete_short_paragraph)),
)
VERSION_NAMES = tuple(name for name, _ in VERSIONS)


def version_state(article: Article, version: str, ui: dict) -> State:
    state = initial_state(article)
    for edit in dict(VERSIONS)[version]:
        edit(state, ui)
    return state


# --- truth --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Truth:
    """What must happen to one note on one version: `exact` (these words, in this block) or `gone`
    (not highlighted anywhere; changed or orphaned both fine)."""
    outcome: str           # exact | gone
    words: str = ""
    block: str = ""


def quote_words(fragment: str, kind: str, fixed: set[str]) -> str:
    match = MARKERS[kind].search(resolve_typos(fragment, fixed))
    return plain(strip_markers(match.group(1)))


def note_sources(article: Article) -> dict[str, tuple[str, str, str]]:
    """For each note kind: (the block it is written in, its authored fragment, marker kind)."""
    item = article.item_with_note()
    return {
        "headline": ("headline", "[[" + article.headline + "]]", "sentence"),
        "sentence": (f"p{article.para_with('sentence')}", article.paras[article.para_with("sentence")], "sentence"),
        "markup": (f"p{article.para_with('markup')}", article.paras[article.para_with("markup")], "markup"),
        "item": (f"li{item}", article.items[item], "sentence"),
        "short": (f"p{article.para_with('short')}", article.paras[article.para_with("short")], "short"),
    }


def present_blocks(state: State) -> set[str]:
    ids = {"headline"} if not state.headline_corrected else set()
    for block in state.blocks:
        ids.add(block.id)
        ids.update(bid for bid, _ in block.items)
    return ids


def truth_for(state: State) -> dict[str, Truth]:
    """Each note's truth on this version, from the edits alone: a note whose block was deleted (or
    whose headline was replaced) is gone; any other keeps its block and its words, typo-corrected
    where the version fixed a typo inside the quote."""
    present = present_blocks(state)
    truths = {}
    for kind, (block, fragment, marker) in note_sources(state.article).items():
        if block not in present:
            truths[kind] = Truth("gone")
        else:
            truths[kind] = Truth("exact", quote_words(fragment, marker, state.fixed), block)
    return truths


def original_words(article: Article) -> dict[str, tuple[str, str, str]]:
    """(block, words as first published, the words of the block before them) for each note: what
    the reader selects on the original page."""
    out = {}
    for kind, (block, fragment, marker) in note_sources(article).items():
        text = resolve_typos(fragment, set())
        match = MARKERS[marker].search(text)
        before = plain(strip_markers(text[:match.start()]))
        out[kind] = (block, plain(strip_markers(match.group(1))), before)
    return out


def with_held(article: Article, held: bool) -> Article:
    return replace(article, held=held)
