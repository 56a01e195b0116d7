"""Reading the annotation container: the visible notes of every page (or one page), oldest first,
by page number. Visibility is the rule of server.annotations.visibility (visible_to_viewer), reused, not copied."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from server.accounts.models import User
from server.annotations.models import Annotation
from server.annotations.reads import NOTE_COLUMNS, NoteRow
from server.annotations.visibility import Viewer, visible_to_viewer
from server.db import db
from server.documents.models import DocumentUrl
from server.documents.urls import key_of_normalized


def _scoped(query, url: str | None):
    if url:
        document_id = (select(DocumentUrl.document_id)
                       .where(DocumentUrl.url_key == key_of_normalized(url)).scalar_subquery())
        query = query.where(Annotation.document_id == document_id)
    return query.where(*visible_to_viewer(Annotation))


def container_summary(url: str | None, viewer: Viewer) -> tuple[int, datetime | None]:
    """How many notes the viewer sees in the container, and when the newest change among them was."""
    query = _scoped(select(func.count(), func.max(Annotation.modified)).select_from(Annotation), url)
    with db.engine.connect() as connection:
        total, newest = connection.execute(query, viewer.params).one()
    if isinstance(newest, str):  # SQLite's max() can hand back the stored text
        newest = datetime.fromisoformat(newest)
    return total, newest


def container_page(url: str | None, viewer: Viewer, offset: int, size: int) -> list[NoteRow]:
    """`size` notes from `offset` in container order (created, then id)."""
    query = (_scoped(select(*NOTE_COLUMNS).join(User, User.id == Annotation.author_id), url)
             .order_by(Annotation.created, Annotation.id).offset(offset).limit(size))
    with db.engine.connect() as connection:
        rows = connection.execute(query, viewer.params).all()
    return [NoteRow(*row) for row in rows]
