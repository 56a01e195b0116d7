"""The moderation queue: one statement ranks the notes that need a decision and loads them with their
authors; a second loads their tags. Two statements for any page size: what a page shows of a note
(its author's name, its tags in the JSON form) is loaded here, never lazily one note at a time."""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from server import cursors
from server.accounts.models import User
from server.annotations.models import Annotation
from server.db import db
from server.documents.hosts import on_host
from server.documents.models import Document
from server.moderation.models import Flag
from server.ratings.models import Rating


class QueueRow(NamedTuple):
    note: Annotation  # with its author and tags loaded
    open_flags: int
    reach: int
    created: datetime


# Most urgent first: most open flags, then most reach, then oldest, then by id.
BY_URGENCY = cursors.Keyset((cursors.number, cursors.number, cursors.moment, cursors.text),
                            lambda row: (row.open_flags, row.reach, row.created, row.note.id))


def queue_rows(state: str | None, reason: str | None, domain: str | None, author: str | None,
               since: datetime | None, limit: int, after: tuple | None) -> list[QueueRow]:
    """Up to limit + 1 rows ordered by open flags, then reach (the note's ratings plus the views of its
    page), then age; keyset paged on all four (`after`: BY_URGENCY). `domain` is a parsed host."""
    open_flags = (select(func.count(Flag.id)).where(Flag.annotation_id == Annotation.id, Flag.state == "open")
                  .correlate(Annotation).scalar_subquery())
    ratings = (select(func.count(Rating.id)).where(Rating.annotation_id == Annotation.id)
               .correlate(Annotation).scalar_subquery())
    views = (select(Document.views).where(Document.id == Annotation.document_id).correlate(Annotation)
             .scalar_subquery())
    ranked = (select(Annotation.id.label("id"), open_flags.label("flags"), (ratings + views).label("reach"),
                     Annotation.created.label("created"))
              .where(Annotation.deleted.is_(None)))
    if state:
        ranked = ranked.where(Annotation.moderation_state == state)
    else:
        ranked = ranked.where(or_(Annotation.moderation_state == "pending", open_flags > 0))
    if reason:
        ranked = ranked.where(select(Flag.id).where(Flag.annotation_id == Annotation.id, Flag.state == "open",
                                                    Flag.reason == reason).correlate(Annotation).exists())
    if domain:
        ranked = ranked.where(on_host(domain, Annotation.document_id))
    if author:
        ranked = ranked.where(Annotation.author_id == select(User.id).where(User.username == author.lower())
                              .scalar_subquery())
    if since:
        ranked = ranked.where(Annotation.created >= since)
    q = ranked.subquery()
    query = (select(Annotation, q.c.flags, q.c.reach, q.c.created).join(q, q.c.id == Annotation.id)
             .options(joinedload(Annotation.author), selectinload(Annotation.tag_rows)))
    if after:
        query = query.where(cursors.seek((q.c.flags, q.c.reach, q.c.created, q.c.id), after,
                                         descending=(True, True, False, False)))
    rows = db.session.execute(query.order_by(q.c.flags.desc(), q.c.reach.desc(), q.c.created, q.c.id)
                              .limit(limit + 1)).all()
    return [QueueRow(*row) for row in rows]
