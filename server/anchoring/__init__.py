"""Anchoring: where a note's quote stands on the current page text (pure Python, no Flask, no ORM)."""
from server.anchoring.matcher import PageIndex, anchor
from server.anchoring.types import ANCHORED, CHANGED, ORPHANED, Anchor, PositionSelector, QuoteSelector

__all__ = ["ANCHORED", "CHANGED", "ORPHANED", "Anchor", "PageIndex", "PositionSelector", "QuoteSelector", "anchor"]
