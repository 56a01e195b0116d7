"""What anchoring takes and gives: selectors in, an anchor result out (plain data, no framework)."""
from __future__ import annotations

from dataclasses import dataclass

ANCHORED, CHANGED, ORPHANED = "anchored", "changed", "orphaned"


@dataclass(frozen=True)
class QuoteSelector:
    """W3C TextQuoteSelector: the quoted words and the text just before and after them."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class PositionSelector:
    """W3C TextPositionSelector: code-point offsets into the page text, end exclusive."""

    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a note lands on the current page text.

    state: "anchored" (start/end set; fuzzy when the words differ slightly from the quote),
    "changed" (the quote's place was found by its context but its words changed too much: show the
    note with its original quote, highlight nothing), or "orphaned" (not found).
    score: similarity in [0, 1] of the best candidate (1.0 for an exact match).
    """

    state: str
    start: int | None = None
    end: int | None = None
    fuzzy: bool = False
    score: float = 0.0

    def as_dict(self) -> dict:
        out = {"state": self.state, "fuzzy": self.fuzzy, "score": round(self.score, 4)}
        if self.state == ANCHORED:
            out["start"], out["end"] = self.start, self.end
        return out
