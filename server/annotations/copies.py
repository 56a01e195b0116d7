"""Notes written on other documents whose quote stands on this page (a syndicated copy), for
POST /api/anchor. Only notes anchored here (exactly or fuzzily) come back: their words must be here."""
from __future__ import annotations

from server.anchoring import ANCHORED, Anchor, PageIndex, QuoteSelector
from server.annotations.reads import NoteRow
from server.fingerprints.services import copied_notes


def copies_on_page(index: PageIndex, links: list[tuple[int, int]], document_id: str | None, room: int,
                   statuses: tuple[str, ...], viewer_id: str | None,
                   moderator: bool) -> tuple[list[tuple[NoteRow, Anchor, str]], bool]:
    """(note, where it lands, the URL it was written on) for at most `room` notes, and whether more
    were found. `links` are the page's link-text ranges (code points) as the extension marks them."""
    copies = copied_notes(index.text, document_id, room + 1, statuses, viewer_id, moderator)
    truncated = len(copies) > room
    # Their positions were measured on another page: only the quote and its context count here.
    anchors = index.anchor_all([(QuoteSelector(n.quote_exact, n.quote_prefix, n.quote_suffix), None)
                                for n, _ in copies[:room]])
    return [(note, result, via) for (note, via), result in zip(copies, anchors) if result.state == ANCHORED], truncated
