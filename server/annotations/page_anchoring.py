"""A page's notes, anchored on the text the reader's browser sees (POST /api/anchor). Named apart from
server/anchoring/, the pure matcher this calls: this module reads the notes and the page's document."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from flask import Flask, current_app
from sqlalchemy import update

from server.anchoring import ANCHORED, Anchor, PageIndex, PositionSelector, QuoteSelector
from server.anchoring.versions import LegacyText
from server.annotations.reads import NoteRow, page_notes
from server.annotations.visibility import ANONYMOUS, Viewer
from server.db import db
from server.documents.models import Document
from server.documents.services import find_document
from server.documents.urls import document_key, same_site

# Notes of other documents whose quote stands on the page (a syndicated copy) come from the quote index:
# server/fingerprints/copies.py, copies_on_page (its docstring says what it takes and gives). fingerprints
# builds on annotations (its rows are notes, read as NoteRow under the visibility rule), so annotations
# does not import it: the finder is handed in at app setup (server.fingerprints.hooks), and an app
# without one anchors a page's own notes only.
CopyFinder = Callable[[PageIndex, list[tuple[int, int]], str | None, int, Viewer],
                      tuple[list[tuple[NoteRow, Anchor, str]], bool]]
_COPY_FINDER = "gloss.copy_finder"


def use_copy_finder(app: Flask, finder: CopyFinder) -> None:
    app.extensions[_COPY_FINDER] = finder


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


@dataclass(frozen=True)
class PageText:
    """The page text a reader's browser sent, in the model it says (server/anchoring/versions.py)."""

    text: str
    extraction: int = 1
    breaks: list[int] = field(default_factory=list)  # version 2: the inserted block breaks
    links: list[tuple[int, int]] = field(default_factory=list)  # link-text ranges


def anchor_notes(index: PageIndex, page: PageText, notes: list[NoteRow]) -> list[Anchor]:
    """Where each note lands on the page. Notes measured on the text model the page was sent in are
    anchored on it directly; version-1 notes on a version-2 text are anchored on that text without
    its inserted breaks (what they were written on, less hidden text) and mapped back."""
    legacy_ids = {note.id for note in notes if page.extraction == 2 and note.text_version == 1}
    current = [note for note in notes if note.id not in legacy_ids]
    found = dict(zip((note.id for note in current), index.anchor_all([selectors_of(note) for note in current]),
                     strict=True))
    if legacy_ids:
        legacy = [note for note in notes if note.id in legacy_ids]
        view = LegacyText(page.text, page.breaks)
        old = PageIndex(view.text).anchor_all([selectors_of(note) for note in legacy])
        found.update((note.id, _onto(view, result)) for note, result in zip(legacy, old, strict=True))
    return [found[note.id] for note in notes]


def _onto(view: LegacyText, result: Anchor) -> Anchor:
    if result.state != ANCHORED:
        return result
    return replace(result, start=view.start_to_v2(result.start), end=view.end_to_v2(result.end))


def anchor_page(url: str, canonical_url: str | None, page: PageText, max_notes: int, viewer: Viewer = ANONYMOUS,
                cross_document: bool = True) -> tuple[Document | None, list[tuple[NoteRow, Anchor, str | None]], bool]:
    """The page's visible notes (oldest first, at most `max_notes`), each with where it lands on
    the page's text; then, within the same limit, notes of other documents whose quote is on this
    page (see copies_on_page), each with the URL of the document it was written on. Notes from
    elsewhere come only when anchored (exactly or fuzzily): their words must be here. The text is
    never stored."""
    document, found_by = page_document(url, canonical_url)
    index = PageIndex(page.text, page.links) if document is not None or cross_document else None
    anchored: list[tuple[NoteRow, Anchor, str | None]] = []
    truncated = False
    if document is not None:
        count_view(document.id)
        notes, _ = page_notes(document_key(found_by), max_notes + 1, None, viewer)
        truncated = len(notes) > max_notes
        notes = notes[:max_notes]
        anchored = [(note, result, None) for note, result in zip(notes, anchor_notes(index, page, notes), strict=True)]
    room = max_notes - len(anchored)
    copies_on_page = current_app.extensions.get(_COPY_FINDER)
    if cross_document and not truncated and copies_on_page is not None:
        copies, truncated = copies_on_page(index, page.links, document.id if document else None, room, viewer)
        anchored += copies
    return document, anchored, truncated
