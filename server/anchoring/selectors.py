"""Describing a span of page text as W3C selectors, and finding a quote to describe it."""
from __future__ import annotations

from server.anchoring.matcher import PageIndex
from server.anchoring.types import ANCHORED, PositionSelector, QuoteSelector

CONTEXT_CHARS = 32


def describe(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> QuoteSelector:
    """The TextQuoteSelector of text[start:end], with `context` characters of prefix and suffix."""
    return QuoteSelector(text[start:end], text[max(0, start - context):start], text[end:end + context])


def locate(text: str, quote: QuoteSelector, position: PositionSelector | None = None) -> PositionSelector | None:
    """Where the quote stands, word for word, on this text (None when it is not there exactly)."""
    result = PageIndex(text).anchor(quote, position)
    if result.state != ANCHORED or result.fuzzy or text[result.start:result.end] != quote.exact:
        return None
    return PositionSelector(result.start, result.end)
