"""Text normalization for matching, with a map back to the original offsets.

Anchoring compares the quote and the page after folding away differences a reader would not call an
edit: Unicode composition (NFC), whitespace runs (any kind, including NBSP and newlines, become one
space), invisible characters (soft hyphen, zero-width space/joiners, BOM: removed), curly and straight
quotes, the dash family (all become "-"), and letter case. Every offset found in the folded text maps
back to the original text, so the note is highlighted on the page's real characters.

Cost matters: a 1 MB page must fold in a few milliseconds. One-to-one replacements (quotes, dashes,
case, whitespace characters) keep offsets unchanged and use str.replace/str.lower (C speed); only the
steps that change lengths (NFC, invisible characters, whitespace runs) record breakpoints.

Offsets are Unicode code points (Python str indices), as W3C TextPositionSelector defines them. The
browser extension works in UTF-16 code units and must convert (an astral character such as an emoji
is one code point but two UTF-16 units).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
SPACES = "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
         "\u2028\u2029\u202f\u205f\u3000"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
ONE_TO_ONE = [(c, "'") for c in SINGLE_QUOTES] + [(c, '"') for c in DOUBLE_QUOTES] + \
             [(c, "-") for c in DASHES] + [(c, " ") for c in SPACES]

# A base character followed by combining marks: the only places NFC can change.
_COMBINING_CLUSTER = re.compile(r".[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f"
                                r"\u0900-\u0903\u093a-\u094f\u0981-\u0983\u09bc-\u09d7\u1ab0-\u1aff"
                                r"\u1dc0-\u1dff\u20d0-\u20ff\u302a-\u302f\u3099\u309a\ufe20-\ufe2f]+", re.S)


class OffsetMap:
    """Maps positions in a rewritten string back to the string it came from (and roughly forward).

    `points` are (new, old) pairs, sorted: from each pair on, positions advance one for one until the
    next pair. A position inside a shortened stretch maps to where that stretch began.
    """

    __slots__ = ("new", "old")

    def __init__(self, points: list[tuple[int, int]]):
        self.new = [0] + [p[0] for p in points]
        self.old = [0] + [p[1] for p in points]

    def to_old(self, pos: int) -> int:
        i = bisect_right(self.new, pos) - 1
        return self.old[i] + (pos - self.new[i])

    def to_new(self, pos: int) -> int:
        i = bisect_right(self.old, pos) - 1
        return min(self.new[i] + (pos - self.old[i]), self.new[i + 1] if i + 1 < len(self.new) else 1 << 62)


def _space_runs(text: str) -> list[tuple[int, int]]:
    """Spans of two or more spaces (str.find runs at C speed; a regex scan was several times slower)."""
    runs, at, length = [], text.find("  "), len(text)
    while at != -1:
        end = at + 2
        while end < length and text[end] == " ":
            end += 1
        runs.append((at, end))
        at = text.find("  ", end)
    return runs


def _invisible_runs(text: str) -> list[tuple[int, int]]:
    """Spans of invisible characters (rare: one str.find sweep per character)."""
    positions = []
    for char in INVISIBLE:
        at = text.find(char)
        while at != -1:
            positions.append(at)
            at = text.find(char, at + 1)
    runs: list[list[int]] = []
    for at in sorted(positions):
        if runs and runs[-1][1] == at:
            runs[-1][1] = at + 1
        else:
            runs.append([at, at + 1])
    return [(start, end) for start, end in runs]


def _rewrite(text: str, spans: list[tuple[int, int]], replacement) -> tuple[str, OffsetMap | None]:
    """Replace each span (sorted, disjoint) by `replacement` (a string, or a function of the
    replaced text), recording where offsets shift."""
    if not spans:
        return text, None
    pieces, points, last, shift = [], [], 0, 0
    for start, end in spans:
        new_piece = replacement if isinstance(replacement, str) else replacement(text[start:end])
        pieces.append(text[last:start])
        pieces.append(new_piece)
        shift += len(new_piece) - (end - start)
        points.append((end + shift, end))
        last = end
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(points)


def _lower(text: str) -> str:
    # Final sigma depends on the next letter, so a quote and the page could lower-case the same
    # word differently: fold it to the ordinary sigma.
    lowered = text.lower().replace("\u03c2", "\u03c3")
    if len(lowered) == len(text):
        return lowered
    # A few characters lower-case into two (e.g. "İ"); keep those as they are to keep offsets.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text).replace("\u03c2", "\u03c3")


class Folded:
    """A text folded for matching, and the way back to the original offsets."""

    __slots__ = ("original", "text", "_maps")

    def __init__(self, original: str):
        self.original = original
        self._maps: list[OffsetMap] = []
        text = original
        if not text.isascii():
            if not unicodedata.is_normalized("NFC", text):
                clusters = [m.span() for m in _COMBINING_CLUSTER.finditer(text)]
                text = self._apply(*_rewrite(text, clusters, lambda s: unicodedata.normalize("NFC", s)))
            text = self._apply(*_rewrite(text, _invisible_runs(text), ""))
            for char, replacement in ONE_TO_ONE:
                if char in text:
                    text = text.replace(char, replacement)
        else:
            for char in "\t\n\r\x0b\x0c":
                if char in text:
                    text = text.replace(char, " ")
        text = _lower(text)
        self.text = self._apply(*_rewrite(text, _space_runs(text), " "))

    def _apply(self, text: str, offset_map: OffsetMap | None) -> str:
        if offset_map is not None:
            self._maps.append(offset_map)
        return text

    def to_original(self, pos: int) -> int:
        for offset_map in reversed(self._maps):
            pos = offset_map.to_old(pos)
        return pos

    def to_folded(self, pos: int) -> int:
        for offset_map in self._maps:
            pos = offset_map.to_new(pos)
        return pos

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded [start, end), trimmed of whitespace and invisible characters."""
        begin, finish = self.to_original(start), self.to_original(end)
        original = self.original
        while begin < finish and (original[begin].isspace() or original[begin] in INVISIBLE):
            begin += 1
        while finish > begin and (original[finish - 1].isspace() or original[finish - 1] in INVISIBLE):
            finish -= 1
        return begin, finish


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The folded form of a short string (a quote, a prefix), without the offset map. Cached: each
    note's quote, prefix and suffix are folded by several steps, and pages are anchored again."""
    return Folded(text).text
