"""Which document a page is: every equivalent URL leads to one document row."""
from __future__ import annotations

from sqlalchemy import select

from server.db import db
from server.documents.models import Document, DocumentUrl
from server.documents.urls import document_key, normalize_url, same_site


def find_document(url: str) -> Document | None:
    """The document any equivalent URL belongs to (url must already be valid)."""
    return db.session.scalars(
        select(Document).join(DocumentUrl).where(DocumentUrl.url_key == document_key(url))).first()


def resolve_document(url: str, canonical_url: str | None = None, title: str | None = None) -> Document:
    """Find or create the document for a page, joining its rel=canonical URL when that is safe.

    A canonical URL joins only when it is on the same site as the page: otherwise any client could
    attach one site's notes to another's pages. Two documents that both exist are never merged.
    Does not commit: the caller's transaction creates the document together with what needs it (and
    retries once on an IntegrityError, which means a concurrent request registered the same URL).
    """
    if canonical_url and not same_site(url, canonical_url):
        canonical_url = None
    keys = list(dict.fromkeys([document_key(url)] + ([document_key(canonical_url)] if canonical_url else [])))
    rows = db.session.scalars(select(DocumentUrl).where(DocumentUrl.url_key.in_(keys))).all()
    known = {row.url_key: row.document for row in rows}
    document = known.get(keys[0]) or known.get(keys[-1])
    if document is None:
        document = Document(canonical_url=normalize_url(canonical_url or url), title=title)
        db.session.add(document)
    elif title and not document.title:
        document.title = title
    for key in keys:
        if key not in known:
            db.session.add(DocumentUrl(document=document, url_key=key))
    return document
