"""Notes of a page, anchored on the text the reader's browser sees (POST /api/anchor)."""
from __future__ import annotations

from sqlalchemy import update

from server.anchoring import Anchor, PageIndex, PositionSelector, QuoteSelector
from server.annotations.reads import NoteRow, page_notes
from server.db import db
from server.documents.models import Document
from server.documents.services import find_document
from server.documents.urls import document_key, same_site


def selectors_of(note) -> tuple[QuoteSelector, PositionSelector | None]:
    quote = QuoteSelector(note.quote_exact, note.quote_prefix, note.quote_suffix)
    position = None
    if note.position_start is not None:
        position = PositionSelector(note.position_start, note.position_end)
    return quote, position


def page_document(url: str, canonical_url: str | None) -> tuple[Document | None, str]:
    """The page's document and the URL that found it: its own URL, else its rel=canonical when that
    is on the same site. Never creates one: looking at a page must not write anything."""
    document = find_document(url)
    if document is None and canonical_url and same_site(url, canonical_url):
        return find_document(canonical_url), canonical_url
    return document, url


def count_view(document_id: str) -> None:
    """One more view of the page (a number only: no reader, time or address is kept)."""
    with db.engine.begin() as connection:
        connection.execute(update(Document).where(Document.id == document_id).values(views=Document.views + 1))


def anchor_page(url: str, canonical_url: str | None, text: str, max_notes: int,
                statuses: tuple[str, ...] = ("helpful",), viewer_id: str | None = None, moderator: bool = False
                ) -> tuple[Document | None, list[tuple[NoteRow, Anchor]], bool]:
    """The page's visible notes (oldest first, at most `max_notes`), each with where it lands on
    `text`. One statement fetches the notes; the text is only read, never stored."""
    document, found_by = page_document(url, canonical_url)
    if document is None:
        return None, [], False
    count_view(document.id)
    notes, _ = page_notes(document_key(found_by), max_notes + 1, None, statuses, viewer_id, moderator)
    truncated = len(notes) > max_notes
    notes = notes[:max_notes]
    anchors = PageIndex(text).anchor_all([selectors_of(note) for note in notes])
    return document, list(zip(notes, anchors)), truncated
