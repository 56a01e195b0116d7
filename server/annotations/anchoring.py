"""Notes of a page, anchored on the text the reader's browser sees (POST /api/anchor)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from server.anchoring import Anchor, PageIndex, PositionSelector, QuoteSelector
from server.annotations.models import Annotation
from server.db import db
from server.documents.models import Document
from server.documents.services import find_document
from server.documents.urls import same_site


def selectors_of(annotation: Annotation) -> tuple[QuoteSelector, PositionSelector | None]:
    quote = QuoteSelector(annotation.quote_exact, annotation.quote_prefix, annotation.quote_suffix)
    position = None
    if annotation.position_start is not None:
        position = PositionSelector(annotation.position_start, annotation.position_end)
    return quote, position


def page_document(url: str, canonical_url: str | None) -> Document | None:
    """The page's document by its URL, else by its rel=canonical when that is on the same site.
    Never creates one: looking at a page must not write anything."""
    document = find_document(url)
    if document is None and canonical_url and same_site(url, canonical_url):
        document = find_document(canonical_url)
    return document


def anchor_page(url: str, canonical_url: str | None, text: str, max_notes: int
                ) -> tuple[Document | None, list[tuple[Annotation, Anchor]], bool]:
    """The page's visible notes, each with where it lands on `text`. One query fetches the notes
    (authors joined, tags in one more query for all); the text is only read, never stored."""
    document = page_document(url, canonical_url)
    if document is None:
        return None, [], False
    notes = list(db.session.scalars(
        select(Annotation)
        .where(Annotation.document_id == document.id, Annotation.deleted.is_(None),
               Annotation.moderation_state == "visible")
        .order_by(Annotation.created, Annotation.id).limit(max_notes + 1)
        .options(joinedload(Annotation.author), selectinload(Annotation.tag_rows))))
    truncated = len(notes) > max_notes
    page = PageIndex(text)
    return document, [(note, page.anchor(*selectors_of(note))) for note in notes[:max_notes]], truncated
