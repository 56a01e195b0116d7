"""Notes written on other documents whose words stand on this page (a syndicated copy), for
POST /api/anchor, and the rule that tells a copy of an article from a page that only links to it.
annotations.page_anchoring asks copies_on_page through the finder server/fingerprints/hooks.py hands it.

A fingerprint hit says only that 8 tokens of a note's quote are somewhere on the page. Pages that
merely mention an article hold such runs too: a "related" list whose link text is the article's
headline, or one common sentence (a boilerplate line, an official's statement) that both carry.
Issue 12 counted 25 unrelated pages that showed another article's headline note "from a copy of
this article". So a note of another document is shown here only when all of these hold:

1. Its words are here: it anchors (exactly or fuzzily; never `changed` or `orphaned` from elsewhere).
2. Its place is not link text: at most MAX_LINK_SHARE of the landed span lies inside the page's
   link ranges (`links`, code points of a[href] text, sent by the extension; a plain-text client
   sends none and this test then passes). A related box is all link text; a copied body sentence
   with a linked name or two is mostly not. A quote inside a link list is therefore never a copy.
3. Something beyond its quote says the page is a copy of the article, either
   a. its context stands here: on one side at least, the stored prefix (or suffix) token for token
      — MIN_CONTEXT_TOKENS whole tokens at least, and the word its far end cuts must end (begin)
      the page's word there — right before (after) the landed span, outside link text. A copy
      carries the article's paragraphs, so the 32 characters around a quote come along; a related
      list puts other headlines around the headline, and a page that shares one sentence with the
      article puts other sentences around it (the stored context of a whole-sentence quote, or of
      one near a sentence's end, reaches into the neighbouring sentence); or
   b. MIN_SOURCE_PLACES notes of the same source document that pass 1 and 2 stand on distinct
      passages (apart here and apart on the page they were written on): two passages of one
      article on one page are a copy, not a coincidence. This keeps a copy's headline, or a
      paragraph whose neighbours the copy changed (a new first paragraph, an inserted "Read more"
      line), when another note of the article is on the page.
   What this cannot tell apart: a page sharing a single long sentence with the article where the
   note quotes the middle of it, so that 32 characters either side still lie inside that sentence.

The rule costs a few token comparisons per candidate note, after the anchoring the copies needed
anyway (bench/syndication_bench.py "copy" requests).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict

from server.anchoring import ANCHORED, Anchor, PageIndex, QuoteSelector
from server.annotations.reads import NoteRow
from server.annotations.visibility import Viewer
from server.fingerprints.services import copied_notes
from server.fingerprints.shingles import continues_token, is_word_char, tokens

# Rule 2: a span more than half inside link text is a link, not the article's text.
MAX_LINK_SHARE = 0.5
# Rule 3a: at least this many whole context tokens must stand on one side (32 characters of English
# hold 4-6 words, of Chinese about 30 tokens). Fewer (a quote at the very start or end of its page)
# say too little, and that side does not count.
MIN_CONTEXT_TOKENS = 3
# Rule 3b: places of one source document's notes on the page that make it a copy of that document.
MIN_SOURCE_PLACES = 2
# Characters of page text read beyond the stored context's length, so that whitespace or punctuation
# the copy changed does not leave its first token out of view.
CONTEXT_SLACK = 16

Links = list[tuple[int, int]]


def copies_on_page(index: PageIndex, links: Links, document_id: str | None, room: int,
                   viewer: Viewer) -> tuple[list[tuple[NoteRow, Anchor, str]], bool]:
    """(note, where it lands, the URL it was written on) for at most `room` notes that pass the copy
    rule, oldest first, and whether more were found. `links` are the page's link-text ranges
    (code points, [start, end)) as the extension marks them; empty for a plain-text client."""
    found = copied_notes(index.text, document_id, room + 1, viewer)
    if not found:
        return [], False
    # Their positions were measured on another page: only the quote and its context count here.
    anchors = index.anchor_all([(QuoteSelector(n.quote_exact, n.quote_prefix, n.quote_suffix), None)
                                for n, _ in found])
    page = _Page(index.text, links)
    landed = [(note, result, via) for (note, via), result in zip(found, anchors, strict=True)
              if result.state == ANCHORED and not page.mostly_links(result.start, result.end)]
    kept = _corroborated(page, landed)
    return kept[:room], len(found) > room


def _corroborated(page: _Page, landed: list[tuple[NoteRow, Anchor, str]]) -> list[tuple[NoteRow, Anchor, str]]:
    """Rule 3: the notes whose own context stands here, or whose source document has
    MIN_SOURCE_PLACES places on the page (order kept)."""
    by_source: dict[str, list[tuple[NoteRow, Anchor]]] = defaultdict(list)
    for note, result, via in landed:
        by_source[via].append((note, result))
    copied = {via for via, notes in by_source.items() if _distinct_places(notes) >= MIN_SOURCE_PLACES}
    return [(note, result, via) for note, result, via in landed
            if via in copied or page.context_stands(note, result.start, result.end)]


def _distinct_places(notes: list[tuple[NoteRow, Anchor]]) -> int:
    """How many of the notes stand on passages of their own, up to MIN_SOURCE_PLACES: apart from
    the others here, and not the same passage of the page they were written on (two notes on one
    sentence, or on a headline and its first words, are one passage wherever they land)."""
    places: list[tuple[NoteRow, Anchor]] = []
    for note, result in sorted(notes, key=lambda pair: pair[1].start):
        if all(not _overlap((result.start, result.end), (other.start, other.end)) and not _same_passage(note, mine)
               for mine, other in places):
            places.append((note, result))
            if len(places) >= MIN_SOURCE_PLACES:
                break
    return len(places)


def _same_passage(a: NoteRow, b: NoteRow) -> bool:
    """Whether two notes quote overlapping text of their page: by positions when both were measured
    on one text model, else (or without positions) when one quote holds the other."""
    if a.position_start is not None and b.position_start is not None and a.text_version == b.text_version:
        return _overlap((a.position_start, a.position_end), (b.position_start, b.position_end))
    first, second = a.quote_exact.casefold(), b.quote_exact.casefold()
    return first in second or second in first


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Page:
    """The page text and its link ranges, for the copy rule's questions."""

    def __init__(self, text: str, links: Links):
        self.text = text
        self.links = sorted((max(0, start), min(len(text), end)) for start, end in links if end > start)
        self.starts = [start for start, _ in self.links]

    def link_chars(self, start: int, end: int) -> int:
        """Code points of [start, end) inside link text."""
        inside = 0
        for i in range(max(0, bisect_left(self.starts, start) - 1), len(self.links)):
            link_start, link_end = self.links[i]
            if link_start >= end:
                break
            inside += max(0, min(end, link_end) - max(start, link_start))
        return inside

    def cuts_a_word(self, at: int) -> bool:
        """Whether offset `at` falls inside a token (the landed span then began or ended in a word)."""
        return continues_token(self.text[max(0, at - 8):at], self.text[at:at + 1])

    def mostly_links(self, start: int, end: int) -> bool:
        return end > start and self.link_chars(start, end) > MAX_LINK_SHARE * (end - start)

    def context_stands(self, note: NoteRow, start: int, end: int) -> bool:
        """Rule 3a: the stored prefix ends right where the note landed, or the suffix begins right
        after it, token for token, outside link text."""
        prefix, suffix, exact = note.quote_prefix or "", note.quote_suffix or "", note.quote_exact
        before = max(0, start - len(prefix) - CONTEXT_SLACK)
        if prefix and not self.mostly_links(before, start):
            stored = _outward(prefix, inner_cut=continues_token(prefix, exact), before_quote=True)
            here = _outward(self.text[before:start], inner_cut=self.cuts_a_word(start), before_quote=True)
            if _side_matches(stored, here, is_word_char(prefix[0]), before_quote=True):
                return True
        after = min(len(self.text), end + len(suffix) + CONTEXT_SLACK)
        if not suffix or self.mostly_links(end, after):
            return False
        stored = _outward(suffix, inner_cut=continues_token(exact, suffix), before_quote=False)
        here = _outward(self.text[end:after], inner_cut=self.cuts_a_word(end), before_quote=False)
        return _side_matches(stored, here, is_word_char(suffix[-1]), before_quote=False)


def _outward(context: str, inner_cut: bool, before_quote: bool) -> list[str]:
    """The tokens of a stretch of context, nearest the quote first, less the one the quote's edge
    cuts (part of a word that goes on inside the quote: the quote's own business)."""
    found = tokens(context)
    if before_quote:
        return (found[:-1] if inner_cut else found)[::-1]
    return found[1:] if inner_cut else found


def _side_matches(stored: list[str], here: list[str], outer_cut: bool, before_quote: bool) -> bool:
    """Whether the page's tokens (`here`, nearest the quote first) begin with the stored ones. The
    stored context's far end may cut a word (32 characters end where they end): that last token
    need only end (prefix) or begin (suffix) the page's token there, and counts as whole when it
    equals it. Fewer than MIN_CONTEXT_TOKENS whole tokens say too little."""
    whole = len(stored) - 1 if outer_cut and stored else len(stored)
    if len(here) < len(stored) or here[:whole] != stored[:whole]:
        return False
    if whole < len(stored):
        edge, token = stored[-1], here[whole]
        if token == edge:
            whole += 1  # the stored context ended at the end of a word after all
        elif not (token.endswith(edge) if before_quote else token.startswith(edge)):
            return False
    return whole >= MIN_CONTEXT_TOKENS
