"""The page-text models a note's selectors were measured on, and the way between them.

Version 1 (notes written before issue 12): every text node under <body> concatenated, hidden ones
included, nothing between blocks, so "libertarians" and the next paragraph's "In" ran together.
Version 2 (the extension since issue 12): rendered text nodes only, with one "\\n" inserted between
two text nodes whenever a block boundary lies between them; the extension reports where it inserted
each one (`breaks`, code points).

A version-1 note is anchored on the version-2 text with the inserted newlines taken out again
(`LegacyText.text`), which is the version-1 text less its hidden parts, and its answer is mapped
back onto the version-2 text. Its stored selectors are never rewritten: page text comes from any
reader and is not evidence enough to change what an author wrote.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

TEXT_VERSION = 2  # what new notes are measured on
TEXT_VERSIONS = (1, 2)


class LegacyText:
    """A version-2 text without its inserted block breaks, with offsets mapped both ways."""

    def __init__(self, text: str, breaks: list[int]):
        self.breaks = breaks
        pieces, last = [], 0
        for at in breaks:
            pieces.append(text[last:at])
            last = at + 1
        pieces.append(text[last:])
        self.text = "".join(pieces)
        # The legacy position of each break: the number of characters kept before it.
        self._legacy_at = [at - i for i, at in enumerate(breaks)]

    def start_to_v2(self, start: int) -> int:
        """A span's start: after every break that stood at or before it."""
        return start + bisect_right(self._legacy_at, start)

    def end_to_v2(self, end: int) -> int:
        """A span's (exclusive) end: after the breaks strictly inside or before the span's last character."""
        return end + bisect_left(self._legacy_at, end)
