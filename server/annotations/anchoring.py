"""Notes of a page, anchored on the text the reader's browser sees (POST /api/anchor)."""
from __future__ import annotations

from sqlalchemy import update

from server.anchoring import ANCHORED, Anchor, PageIndex, PositionSelector, QuoteSelector
from server.annotations.reads import NoteRow, page_notes
from server.db import db
from server.documents.models import Document
from server.documents.services import find_document
from server.documents.urls import document_key, same_site
from server.fingerprints.services import copied_notes


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
                statuses: tuple[str, ...] = ("helpful",), viewer_id: str | None = None, moderator: bool = False,
                cross_document: bool = True) -> tuple[Document | None, list[tuple[NoteRow, Anchor, str | None]], bool]:
    """The page's visible notes (oldest first, at most `max_notes`), each with where it lands on
    `text`; then, within the same limit, notes of other documents whose quote is on this page (see
    copied_notes), each with the URL of the document it was written on. Notes from elsewhere come
    only when anchored (exactly or fuzzily): their words must be here. The text is never stored."""
    document, found_by = page_document(url, canonical_url)
    index = PageIndex(text) if document is not None or cross_document else None
    anchored: list[tuple[NoteRow, Anchor, str | None]] = []
    truncated = False
    if document is not None:
        count_view(document.id)
        notes, _ = page_notes(document_key(found_by), max_notes + 1, None, statuses, viewer_id, moderator)
        truncated = len(notes) > max_notes
        notes = notes[:max_notes]
        anchors = index.anchor_all([selectors_of(note) for note in notes])
        anchored = [(note, result, None) for note, result in zip(notes, anchors)]
    room = max_notes - len(anchored)
    if cross_document and not truncated:
        copies = copied_notes(text, document.id if document else None, room + 1, statuses, viewer_id, moderator)
        truncated = len(copies) > room
        # Their positions were measured on another page: only the quote and its context count here.
        anchors = index.anchor_all([(selectors_of(note)[0], None) for note, _ in copies[:room]])
        anchored += [(note, result, via) for (note, via), result in zip(copies, anchors) if result.state == ANCHORED]
    return document, anchored, truncated
