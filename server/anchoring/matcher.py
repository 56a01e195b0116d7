"""Finding a note's quote on the current page text, or deciding honestly that it is not there.

Order of attempts, cheapest first (each step only runs when the one before found nothing it trusts):

1. Position check: the page still has the quote, and its prefix and suffix, at the recorded offsets.
2. Exact search of the raw text; several occurrences are told apart by prefix, suffix and closeness
   to the recorded position.
3. Exact search of the folded text (whitespace, quotes, dashes, case and composition folded away).
4. Approximate search with bounded errors (Myers' bit-parallel algorithm, through edlib, mode HW):
   candidates come from exact pieces of the quote, from where its prefix and suffix still stand, and
   from the recorded position; each is scored on quote, prefix, suffix and position similarity and
   must clear explicit minimums.
5. The quote's place: if the prefix and suffix still stand together with other words between them,
   the text was changed (`changed`: the note is shown with its original quote, nothing highlighted);
   otherwise the quote is gone (`orphaned`).

Unlike a matcher with no score floor, this never attaches a note to the best of several bad places:
an unconvincing candidate leaves the note `changed` or `orphaned`.
"""
from __future__ import annotations

from dataclasses import dataclass

import edlib

from server.anchoring.normalize import Folded, fold
from server.anchoring.types import ANCHORED, CHANGED, ORPHANED, Anchor, PositionSelector, QuoteSelector

# --- Thresholds (tuned on the corpus in tests/anchoring; see the README there) --------------------
# Fewest errors allowed in an approximate match, as a share of the quote's length. Light edits
# (a word swapped in a sentence) stay well under it; rewritten headlines go far beyond it.
MAX_ERROR_RATE = 0.25
# A fuzzy match must be at least this similar to the quote (1 - errors / length)...
MIN_QUOTE_SIMILARITY = 0.75
# ...and its combined score (quote, prefix, suffix, position) at least this.
MIN_FUZZY_SCORE = 0.70
# Quotes shorter than this (in folded characters) are never matched approximately: a few letters
# are similar to too many places.
MIN_FUZZY_LENGTH = 12
# An exact occurrence of a quote shorter than this must also have its context (prefix/suffix) to
# count: a single word can stand anywhere on the page.
MIN_CONTEXT_FREE_LENGTH = 32
MIN_CONTEXT_SIMILARITY = 0.5
# A fuzzy match of a quote at least MIN_CONTEXT_FREE_LENGTH long this similar needs no context.
MIN_CONTEXT_FREE_SIMILARITY = 0.9
# Weights of the combined score, as in Hypothesis' client (quote, prefix, suffix, position).
WEIGHTS = (50.0, 20.0, 20.0, 2.0)
# Exact pieces of the quote looked up to find approximate candidates (at most this many, this long).
PIECE_LENGTH = 24
MAX_PIECES = 12
MAX_OCCURRENCES = 400
# Characters of the prefix's end and the suffix's start looked up to find the quote's place...
CONTEXT_PROBE = 16
# ...where the whole prefix and suffix must then stand at least this similar.
MIN_PLACE_CONTEXT_SIMILARITY = 0.9


@dataclass
class _Candidate:
    start: int  # folded offsets
    end: int
    quote_similarity: float
    score: float


def _similarity(distance: int, length: int) -> float:
    return 1.0 - distance / length if length else 1.0


def _occurrences(text: str, needle: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1 and len(found) < limit:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _suffix_similarity(expected: str, actual: str) -> float:
    """How well `actual` (text before a candidate) ends like `expected` (the prefix)."""
    if not expected:
        return 1.0
    result = edlib.align(expected[::-1], actual[::-1], mode="SHW", task="distance")
    return max(0.0, _similarity(result["editDistance"], len(expected)))


def _prefix_similarity(expected: str, actual: str) -> float:
    """How well `actual` (text after a candidate) begins like `expected` (the suffix)."""
    if not expected:
        return 1.0
    result = edlib.align(expected, actual, mode="SHW", task="distance")
    return max(0.0, _similarity(result["editDistance"], len(expected)))


@dataclass
class _Walk:
    bounds: list[int]  # target offsets where the pattern's part boundaries fell
    errors: list[int]  # edits within each part: before the first boundary, between, after


def _walk(cigar: str, target_start: int, boundaries: tuple[int, int]) -> _Walk:
    """Follow an edlib alignment path, noting where the pattern's boundaries fall in the target.

    '=' and 'X' advance both strings, 'I' only the pattern, 'D' only the target. Target characters
    met exactly at a boundary (text inserted just before or just after the quote) stay outside it.
    """
    bounds, errors = [target_start, target_start], [0, 0, 0]
    q, t, part = 0, target_start, 0
    number = ""
    for char in cigar:
        if char.isdigit():
            number += char
            continue
        count, number = int(number), ""
        for _ in range(count):
            while part < 2 and q == boundaries[part] and (char != "D" or part == 1):
                bounds[part] = t
                part += 1
            if char in "=X":
                q, t = q + 1, t + 1
            elif char == "I":
                q += 1
            else:
                t += 1
            if char != "=":
                errors[part] += 1
    while part < 2:
        bounds[part] = t
        part += 1
    return _Walk(bounds, errors)


class PageIndex:
    """One page's text, prepared once for anchoring all of its notes."""

    def __init__(self, text: str):
        self.text = text
        self._folded: Folded | None = None

    @property
    def folded(self) -> Folded:
        if self._folded is None:  # only built when a raw search was not enough
            self._folded = Folded(self.text)
        return self._folded

    def anchor(self, quote: QuoteSelector, position: PositionSelector | None = None) -> Anchor:
        if not quote.exact.strip():
            return Anchor(ORPHANED)
        return (self._at_position(quote, position) or self._raw_exact(quote, position)
                or _FoldedSearch(self, quote, position).run())

    # 1. Position check ---------------------------------------------------------------------------
    def _at_position(self, quote: QuoteSelector, position: PositionSelector | None) -> Anchor | None:
        if position is None:
            return None
        start, end, text = position.start, position.end, self.text
        if (text[start:end] == quote.exact and text[max(0, start - len(quote.prefix)):start] == quote.prefix
                and text[end:end + len(quote.suffix)] == quote.suffix):
            return Anchor(ANCHORED, start, end, fuzzy=False, score=1.0)
        return None

    # 2. Exact search of the raw text ---------------------------------------------------------------
    def _raw_exact(self, quote: QuoteSelector, position: PositionSelector | None) -> Anchor | None:
        found = _occurrences(self.text, quote.exact)
        if not found:
            return None
        text, length = self.text, len(quote.exact)
        best = _best_exact(
            found, length, quote.prefix, quote.suffix, position.start if position else None, len(text),
            before=lambda at, n: text[max(0, at - n):at], after=lambda at, n: text[at + length:at + length + n],
            need_perfect_choice=True)
        if best is None:
            return None
        return Anchor(ANCHORED, best, best + length, fuzzy=False, score=1.0)


SENTENCE_END = ".!?\u201d\"'\u2019:;"


def _context_weights(prefix: str, suffix: str) -> tuple[float, float]:
    """Context within the quote's own sentence counts double: neighbouring sentences and paragraphs
    move, are inserted and deleted independently of it."""
    prefix_core = prefix.rstrip()
    prefix_other = not prefix_core or prefix_core[-1] in SENTENCE_END or prefix[len(prefix_core):].count("\n") > 0
    suffix_other = suffix[:1] == "\n" or suffix.lstrip()[:1].isupper() and suffix[:1].isspace()
    return (0.5 if prefix_other else 1.0), (0.5 if suffix_other else 1.0)


def _best_exact(found, length, prefix, suffix, hint, text_length, before, after,
                need_perfect_choice: bool = False) -> int | None:
    """The occurrence whose context and position agree best, if its context is convincing enough.

    With `need_perfect_choice` (the raw-text pass, a fast path for pristine pages) an occurrence is
    only taken when its context matches to the letter; otherwise the folded pass decides, which also
    sees the copies whose whitespace or typography changed."""
    prefix_weight, suffix_weight = _context_weights(prefix, suffix)

    def context(at: int) -> float:
        total, weights = 0.0, 0.0
        if prefix:
            total += prefix_weight * _suffix_similarity(prefix.rstrip(), before(at, len(prefix) + 8).rstrip())
            weights += prefix_weight
        if suffix:
            total += suffix_weight * _prefix_similarity(suffix.lstrip(), after(at, len(suffix) + 8).lstrip())
            weights += suffix_weight
        return total / weights if weights else 1.0

    def closeness(at: int) -> float:
        return 1.0 - abs(at - hint) / max(text_length, 1) if hint is not None else 0.0

    scored = [(context(at), closeness(at), at) for at in found] \
        if (len(found) > 1 or length < MIN_CONTEXT_FREE_LENGTH or need_perfect_choice) else [(1.0, 0.0, found[0])]
    ctx, _, at = max(scored)
    if length < MIN_CONTEXT_FREE_LENGTH and (prefix or suffix) and ctx < MIN_CONTEXT_SIMILARITY:
        return None
    if need_perfect_choice and ctx < 1.0:
        return None
    return at


class _FoldedSearch:
    """Steps 3-5 for one note, in folded coordinates."""

    def __init__(self, page: PageIndex, quote: QuoteSelector, position: PositionSelector | None):
        self.page = page
        self.doc = page.folded
        self.text = self.doc.text
        self.quote = fold(quote.exact).strip()
        self.prefix = fold(quote.prefix).lstrip()
        self.suffix = fold(quote.suffix).rstrip()
        self.hint = self.doc.to_folded(position.start) if position is not None else None
        # Did the quote begin and end on word edges? Only then are fuzzy spans widened to whole words.
        self.starts_word = not quote.prefix[-1:].isalnum() or not quote.exact[:1].isalnum()
        self.ends_word = not quote.suffix[:1].isalnum() or not quote.exact[-1:].isalnum()

    def run(self) -> Anchor:
        if not self.quote:
            return Anchor(ORPHANED)
        return self._exact() or self._fuzzy() or self._place()

    def _result(self, start: int, end: int, fuzzy: bool, score: float) -> Anchor:
        # A folded exact match is not fuzzy: only whitespace, typography or case differ, not words.
        begin, finish = self.doc.span_to_original(start, end)
        return Anchor(ANCHORED, begin, finish, fuzzy=fuzzy, score=round(score, 4))

    # 3. Exact search of the folded text ------------------------------------------------------------
    def _exact(self) -> Anchor | None:
        found = _occurrences(self.text, self.quote)
        if not found:
            return None
        text, length = self.text, len(self.quote)
        at = _best_exact(found, length, self.prefix, self.suffix, self.hint, len(text),
                         before=lambda a, n: text[max(0, a - n):a], after=lambda a, n: text[a + length:a + length + n])
        if at is None:
            return None
        return self._result(at, at + length, fuzzy=False, score=1.0)

    # 4. Approximate search -------------------------------------------------------------------------
    def _fuzzy(self) -> Anchor | None:
        length = len(self.quote)
        if length < MIN_FUZZY_LENGTH:
            return None
        max_errors = max(1, int(length * MAX_ERROR_RATE))
        best: _Candidate | None = None
        for window_start, window_end in self._windows(max_errors):
            candidate = self._align(window_start, window_end, max_errors)
            if candidate is not None and (best is None or candidate.score > best.score):
                best = candidate
        if best is None or best.quote_similarity < MIN_QUOTE_SIMILARITY:
            return None
        # The combined score carries the context; a long quote that is nearly intact needs none
        # (its paragraph may have moved), as a long exact quote needs none.
        nearly_intact = length >= MIN_CONTEXT_FREE_LENGTH and best.quote_similarity >= MIN_CONTEXT_FREE_SIMILARITY
        if best.score < MIN_FUZZY_SCORE and not nearly_intact:
            return None
        start, end = self._snap_to_words(best.start, best.end)
        # Judge the span that would be highlighted, whole words and all, not the raw alignment.
        span = self.text[start:end]
        distance = edlib.align(self.quote, span, mode="NW", task="distance")["editDistance"]
        if _similarity(distance, max(length, len(span))) < MIN_QUOTE_SIMILARITY:
            return None
        return self._result(start, end, fuzzy=True, score=best.score)

    def _windows(self, max_errors: int) -> list[tuple[int, int]]:
        """Stretches of the page where the quote may stand, merged where they overlap: around exact
        occurrences of pieces of the quote (a light edit leaves most pieces whole), around where its
        prefix ends and its suffix begins, and around its recorded position."""
        length, text = len(self.quote), self.text
        count = min(MAX_PIECES, max(2, length // PIECE_LENGTH))
        piece_length = min(PIECE_LENGTH, length // count)
        step = (length - piece_length) / (count - 1)
        starts = set()
        for i in range(count):
            offset = round(i * step)
            for at in _occurrences(text, self.quote[offset:offset + piece_length], 64):
                starts.add(at - offset)
        for at in self._context_ends():
            starts.add(at)
        for at in self._context_starts():
            starts.add(at - length)
        if self.hint is not None:
            starts.add(self.hint)
        before, after = len(self.prefix) + max_errors + 8, length + len(self.suffix) + max_errors + 8
        spans = sorted((max(0, s - before), min(len(text), s + after)) for s in starts)
        merged: list[list[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e) for s, e in merged if e - s >= length - max_errors]

    def _align(self, window_start: int, window_end: int, max_errors: int) -> _Candidate | None:
        """Align prefix + quote + suffix on the window and read off where the quote's part landed.

        Aligning the context with the quote puts both ends of the quote where its neighbours say,
        even when an edit sits right at an end. Only the errors inside the quote's part count
        against the quote; the context's errors lower the prefix and suffix similarities.
        """
        prefix, quote, suffix = self.prefix, self.quote, self.suffix
        pattern = prefix + quote + suffix
        window = self.text[window_start:window_end]
        allowed = max_errors + len(prefix) + len(suffix)
        result = edlib.align(pattern, window, mode="HW", task="path", k=allowed)
        if result["editDistance"] < 0:
            return None
        walk = _walk(result["cigar"], result["locations"][0][0], (len(prefix), len(prefix) + len(quote)))
        start, end = window_start + walk.bounds[0], window_start + walk.bounds[1]
        quote_similarity = _similarity(walk.errors[1], len(quote))
        if walk.errors[1] > max_errors:
            return None
        prefix_sim = _similarity(walk.errors[0], len(prefix)) if prefix else 1.0
        suffix_sim = _similarity(walk.errors[2], len(suffix)) if suffix else 1.0
        position_sim = 1.0 - abs(start - self.hint) / max(len(self.text), 1) if self.hint is not None else 1.0
        w_quote, w_prefix, w_suffix, w_position = WEIGHTS
        score = (w_quote * quote_similarity + w_prefix * max(0.0, prefix_sim) + w_suffix * max(0.0, suffix_sim)
                 + w_position * position_sim) / sum(WEIGHTS)
        return _Candidate(start, end, quote_similarity, score)

    def _snap_to_words(self, start: int, end: int) -> tuple[int, int]:
        """Extend a fuzzy span to whole words when the quote itself began and ended on word edges."""
        text = self.text
        if self.starts_word:
            while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
                start -= 1
        if self.ends_word:
            while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
                end += 1
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        return start, end

    # 5. The quote's place ------------------------------------------------------------------------------
    def _place(self) -> Anchor:
        """`changed` when the prefix and suffix still frame other words; `orphaned` otherwise.

        Each place where the whole prefix still stands is paired with the nearest place after it
        where the whole suffix does; the pair nearest the recorded position wins. If only spaces and
        punctuation separate them, the quoted words were deleted and the context closed up. A gap
        much longer than the quote is not its place (a rewrite replaces a quote with about as much).
        """
        text, length = self.text, len(self.quote)
        rights = [r for r in self._context_starts() if self._suffix_stands_at(r)]
        longest_gap = 2 * length + 40
        # A quote that began or ended the page has no context on that side: its place runs from the
        # page's edge, wherever the other side's context now stands.
        has_prefix, has_suffix = bool(self.prefix.strip()), bool(self.suffix.strip())
        reach = longest_gap if has_prefix and has_suffix else len(text)
        best = None
        for left in self._context_ends():
            following = [right for right in rights if left <= right <= left + reach]
            if not following or not self._prefix_stands_at(left):
                continue
            right = min(following)
            distance = abs(left - self.hint) if self.hint is not None else 0
            if best is None or distance < best[0]:
                best = (distance, left, right)
        if best is None:
            return Anchor(ORPHANED)
        gap = text[best[1]:best[2]]
        gap = gap if has_prefix else gap[-longest_gap:]
        gap = gap if has_suffix else gap[:longest_gap]
        if not any(c.isalnum() for c in gap):
            return Anchor(ORPHANED)
        result = edlib.align(self.quote, gap, mode="NW", task="distance")
        return Anchor(CHANGED, score=round(max(0.0, _similarity(result["editDistance"], max(length, len(gap)))), 4))

    def _prefix_stands_at(self, end: int) -> bool:
        prefix = self.prefix.rstrip()
        return not prefix or _suffix_similarity(prefix, self.text[max(0, end - len(prefix) - 8):end]) >= \
            MIN_PLACE_CONTEXT_SIMILARITY

    def _suffix_stands_at(self, start: int) -> bool:
        suffix = self.suffix.lstrip()
        return not suffix or _prefix_similarity(suffix, self.text[start:start + len(suffix) + 8]) >= \
            MIN_PLACE_CONTEXT_SIMILARITY

    def _context_ends(self) -> list[int]:
        """Where text that ends like the prefix ends (the page start, for a quote that began it)."""
        prefix = self.prefix.rstrip()
        if not prefix:
            return [0] if self.hint is not None and self.hint <= CONTEXT_PROBE else []
        probe = prefix[-CONTEXT_PROBE:]
        return [at + len(probe) for at in _occurrences(self.text, probe, 64)]

    def _context_starts(self) -> list[int]:
        """Where text that begins like the suffix begins (the page end, for a quote that ended it)."""
        suffix = self.suffix.lstrip()
        if not suffix:
            return [len(self.text)] if self.hint is not None else []
        return _occurrences(self.text, suffix[:CONTEXT_PROBE], 64)


def anchor(text: str, quote: QuoteSelector, position: PositionSelector | None = None) -> Anchor:
    """Anchor one note on one page (for many notes on a page, build one PageIndex)."""
    return PageIndex(text).anchor(quote, position)
