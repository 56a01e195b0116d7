"""Finding every occurrence of a short needle on a long page without scanning the page each time.

A note whose words changed is looked up by a dozen needles (pieces of its quote, the ends of its
context, the quote with a piece of context), each of which may occur anywhere on the page; most of
them, on an edited page, occur nowhere. One `str.find` plus one `str.rfind` per needle is a whole
page scan each (about 0.3 ms on 1 MB), and that was most of the matcher's time on big pages.

`TextSearch` answers the first few lookups by scanning, then builds an index once: the key of the
GRAM code points that start at every word start of the page (after a space, and at and after each
character of a script written without spaces), sorted. A needle is then looked up by the rarest of
its own word-start grams, and each candidate is checked against the page letter for letter, so the
answers are exactly str.find's. A needle with no whole gram at one of its word starts (shorter than
GRAM + 1, one long word) is still scanned for.

The index costs about 8 ms on a 1 MB page (numpy), the price of some 25 scans, so it is built only
after SCANS_BEFORE_INDEX lookups on the same page.
"""
from __future__ import annotations

import re

import numpy as np

GRAM = 8  # code points per key: long enough that most keys are rare, short enough for a piece of a quote
SCANS_BEFORE_INDEX = 24
SEED_HITS, SEED_HITS_PAGE = 8, 100_000
LOOKUP_GRAMS = 6  # grams of a needle whose hit counts are compared to pick the rarest
_MULTIPLIER_INT = 0x100000001B3
_MULTIPLIER = np.uint64(_MULTIPLIER_INT)
_MASK64 = (1 << 64) - 1
_POSITION_BITS = 23  # positions packed under the key; longer pages keep scanning
# Scripts written without spaces (Han, kana, Hangul syllables, Thai): each character starts a word
# here, and in the matcher one such character carries about as much as two Latin letters.
_UNSPACED_RANGES = ((0x0E00, 0x0E7F), (0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3100, 0x31FF), (0x3400, 0x4DBF),
                    (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F))
UNSPACED = re.compile("[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _UNSPACED_RANGES) + "]")


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _unspaced(codes: np.ndarray) -> np.ndarray:
    """Indexes of the characters of unspaced scripts."""
    wide = np.flatnonzero(codes >= _UNSPACED_RANGES[0][0])
    if not len(wide):
        return wide
    values = codes[wide]
    inside = np.zeros(len(wide), dtype=bool)
    for low, high in _UNSPACED_RANGES:
        inside |= (values >= low) & (values <= high)
    return wide[inside]


def _word_starts(codes: np.ndarray) -> np.ndarray:
    """Sorted positions that start a word: after a space, and at and after an unspaced character."""
    unspaced = _unspaced(codes)
    if not len(unspaced):
        return np.flatnonzero(codes[:-1] == 32) + 1
    starts = np.zeros(len(codes) + 1, dtype=bool)
    starts[1:] = codes == 32
    starts[unspaced] = True
    starts[unspaced + 1] = True
    return np.flatnonzero(starts[:len(codes)])


def _needle_starts(needle: str) -> list[int]:
    """The needle's own word starts (offset 0 only when an unspaced character stands there): an
    occurrence of the needle has a page word start at each of them."""
    if needle.isascii():
        return [i for i in range(1, len(needle) - GRAM + 1) if needle[i - 1] == " "]
    return [i for i in range(len(needle) - GRAM + 1) if (i and needle[i - 1] == " ") or UNSPACED.match(needle, i)
            or (i and UNSPACED.match(needle, i - 1))]


def _needle_key(needle: str, offset: int) -> int:
    key = 0
    for char in needle[offset:offset + GRAM]:
        key = (key * _MULTIPLIER_INT + ord(char)) & _MASK64
    return key >> _POSITION_BITS


def _keys(codes: np.ndarray, starts: np.ndarray) -> np.ndarray:
    keys = codes[starts].astype(np.uint64)
    for j in range(1, GRAM):
        keys = keys * _MULTIPLIER + codes[starts + j]
    return keys


class TextSearch:
    """Occurrences of needles in one text: str.find's answers, from an index once it pays."""

    def __init__(self, text: str):
        self.text = text
        self.scans = 0
        self._keys: np.ndarray | None = None  # sorted gram keys of the word starts
        self._positions: np.ndarray | None = None  # the word start of each key

    def occurrences(self, needle: str, hint: int | None, limit: int) -> list[int]:
        """Up to `limit` occurrences of `needle`, those nearest `hint` first (the first ones on the
        page without a hint), in page order."""
        found = self._indexed(needle)
        if found is None:
            return self._scan(needle, hint, limit)
        if hint is None:
            return found[:limit]
        if len(found) > limit:
            found = sorted(sorted(found, key=lambda at: (abs(at - hint), at))[:limit])
        return found

    def seeds(self, quote: str) -> list[int]:
        """Where the quote would start, by each of its word-start grams found on the page (one entry
        per hit). A gram on more word starts than SEED_HITS, plus one per SEED_HITS_PAGE characters
        of the page (a long page repeats its phrases more), says too little and is skipped. An
        edited quote keeps most of its grams: where several of them agree, it stands."""
        max_hits = SEED_HITS + len(self.text) // SEED_HITS_PAGE
        offsets = _needle_starts(quote)
        if len(quote) >= GRAM and quote[:1].isalnum():
            offsets = [0] + offsets  # a quote is taken on word edges: its first letter starts a page word
        if not offsets or not self._ready(now=True):
            return []
        starts: list[int] = []
        for offset, low, high in zip(offsets, *self._hit_ranges(quote, offsets), strict=True):
            if 0 < high - low <= max_hits:
                starts.extend((self._positions[low:high] - offset).tolist())
        return starts

    # --- the index ---------------------------------------------------------------------------------
    def _indexed(self, needle: str) -> list[int] | None:
        """Every occurrence of `needle`, by the index; None when the index cannot answer."""
        if len(needle) <= GRAM or not self._ready(now=False):
            return None
        offsets = _needle_starts(needle)
        if not offsets:
            return None
        if len(offsets) > LOOKUP_GRAMS:  # a few grams spread over a long needle find a rare one
            step = len(offsets) / LOOKUP_GRAMS
            offsets = [offsets[int(i * step)] for i in range(LOOKUP_GRAMS)]
        lows, highs = self._hit_ranges(needle, offsets)
        offset, low, high = min(zip(offsets, lows, highs, strict=True), key=lambda hit: hit[2] - hit[1])
        text, found = self.text, []
        for at in (self._positions[low:high] - offset).tolist():
            if at >= 0 and text.startswith(needle, at):
                found.append(at)
        found.sort()
        return found

    def _ready(self, now: bool) -> bool:
        """Is the index there, building it if `now` or once SCANS_BEFORE_INDEX scans have been made?
        (Never for a page too long for the packed positions: it keeps scanning.)"""
        if self._keys is None:
            if len(self.text) >= 1 << _POSITION_BITS or not (now or self.scans >= SCANS_BEFORE_INDEX):
                return False
            self._build()
        return True

    def _hit_ranges(self, needle: str, offsets: list[int]) -> tuple[list[int], list[int]]:
        """For the gram at each offset of the needle, the [low, high) range of its page hits."""
        keys = [_needle_key(needle, offset) for offset in offsets]
        return np.searchsorted(self._keys, keys, "left").tolist(), np.searchsorted(self._keys, keys, "right").tolist()

    def _build(self) -> None:
        codes = _codes(self.text)
        starts = _word_starts(codes)
        starts = starts[starts + GRAM <= len(codes)]
        # Key in the high bits, position in the low ones: one plain sort orders both.
        packed = (_keys(codes, starts) & ~np.uint64((1 << _POSITION_BITS) - 1)) | starts.astype(np.uint64)
        packed.sort()
        self._keys = (packed >> np.uint64(_POSITION_BITS)).astype(np.int64)  # int64: searched with Python ints
        self._positions = (packed & np.uint64((1 << _POSITION_BITS) - 1)).astype(np.int64)

    # --- scanning ----------------------------------------------------------------------------------
    def _scan(self, needle: str, hint: int | None, limit: int) -> list[int]:
        self.scans += 1
        text = self.text
        if hint is None:
            found, at = [], text.find(needle)
            while at != -1 and len(found) < limit:
                found.append(at)
                at = text.find(needle, at + 1)
            return found
        after, at = [], text.find(needle, max(0, hint))
        while at != -1 and len(after) < limit:
            after.append(at)
            at = text.find(needle, at + 1)
        before, end = [], min(len(text), max(0, hint) + len(needle) - 1)
        at = text.rfind(needle, 0, end)
        while at != -1 and len(before) < limit:
            before.append(at)
            at = text.rfind(needle, 0, at + len(needle) - 1)
        return sorted(sorted(after + before, key=lambda a: (abs(a - hint), a))[:limit])
