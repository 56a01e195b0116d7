"""Reading for third parties: the change feed, the Atom feed's pages and the JSON Lines export.

All three show only what an anonymous reader may see, through the one visibility rule
(server.annotations.visibility.visible_to_viewer with no viewer and no moderator rights), and read plain
rows (reads.NOTE_COLUMNS), never ORM objects.

Change feed ordering. `note_changes.seq` is taken at INSERT, so on PostgreSQL a transaction can take
seq 10, another take 11 and commit first; a mirror that read 11 and moved its cursor past it would
never see 10. The feed therefore serves a change only once it is `changes_settle_seconds` old, and
stops at the first change that is not: everything before that horizon has had the window to commit.
Writers add their change row last in a short transaction (server/feeds/changelog.py), so the window
(2 s by default) is far longer than the gap between a row's INSERT and its COMMIT.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Engine

from server import cursors
from server.accounts.models import User
from server.annotations.models import Annotation
from server.annotations.reads import NOTE_COLUMNS, SORTS, NoteRow, search_filters, search_notes
from server.annotations.visibility import Viewer, visible_to_viewer
from server.db import db, utcnow
from server.feeds.models import NoteChange

EXPORT_BATCH = 1_000


# --- change feed --------------------------------------------------------------------------------------

@dataclass(slots=True)
class Change:
    seq: int
    kind: str
    annotation_id: str
    at: datetime
    note: NoteRow | None  # the note as a stranger sees it now, None when they may not see it


# The change log's order: each change's own cursor carries its sequence number.
BY_SEQ = cursors.Keyset((cursors.number,), lambda change: (change.seq,))


def changes(since: str | None, limit: int, viewer: Viewer, settle_seconds: int) -> list[Change]:
    """Up to `limit` changes after the change whose cursor is `since` (None: from the start), in
    sequence order, none newer than the settle horizon; each with the note as `viewer` (the public)
    sees it now, or None."""
    (since,) = BY_SEQ.decode(since) or (0,)
    cutoff = utcnow() - timedelta(seconds=settle_seconds)
    visible_now = and_(*visible_to_viewer(Annotation))
    query = (select(NoteChange.seq, NoteChange.kind, NoteChange.annotation_id, NoteChange.at,
                    visible_now.label("visible"), *NOTE_COLUMNS)
             .join(Annotation, Annotation.id == NoteChange.annotation_id)
             .join(User, User.id == Annotation.author_id)
             # A note held back since it was written never appears, not even as a null item: its id
             # would tell that it exists.
             .where(NoteChange.seq > since, or_(visible_now, Annotation.ever_public)))
    with db.engine.connect() as connection:
        # The changes still inside the window, a few rows read through ix_note_changes_at (min() in SQL
        # would walk the primary key instead): serve only changes before the first of them.
        unsettled = connection.scalars(select(NoteChange.seq).where(NoteChange.at > cutoff)).all()
        horizon = min(unsettled, default=None)
        if horizon is not None:
            query = query.where(NoteChange.seq < horizon)
        rows = connection.execute(query.order_by(NoteChange.seq).limit(limit), viewer.params).all()
    return [Change(row[0], row[1], row[2], row[3], NoteRow(*row[5:]) if row[4] else None) for row in rows]


# --- Atom ----------------------------------------------------------------------------------------------

def newest_notes(query: dict, viewer: Viewer) -> tuple[list[NoteRow], str | None]:
    """A page of the notes `viewer` (the public) sees matching a loaded search query (the filters of
    GET /api/annotations), newest first by its `sort`, and the cursor of the next page (None on the last)."""
    sort, limit = query.get("sort", "created"), query["limit"]
    keyset = SORTS[sort][1]
    notes, _total = search_notes(search_filters(query), sort, limit + 1, keyset.decode(query.get("cursor")), viewer,
                                 newest_first=True)
    return keyset.cut(notes, limit)


# --- JSON Lines export ---------------------------------------------------------------------------------

def _export_statement(updated_after: datetime | None, after: tuple[datetime, str] | None, size: int):
    query = (select(*NOTE_COLUMNS).join(User, User.id == Annotation.author_id)
             .where(*visible_to_viewer(Annotation)))
    if updated_after is not None:
        query = query.where(Annotation.modified > updated_after)
    if after is not None:
        query = query.where(cursors.seek((Annotation.modified, Annotation.id), after))
    return query.order_by(Annotation.modified, Annotation.id).limit(size)


def export_batches(engine: Engine, updated_after: datetime | None, viewer: Viewer,
                   size: int | None = None) -> Iterator[list[NoteRow]]:
    """Every public note modified after `updated_after`, ordered by (modified, id), `size` at a time.

    Each batch is one short query on its own connection (nothing held open between batches, so a
    slow client never pins a connection or a snapshot); memory holds one batch, whatever the total.
    A note edited while the export runs moves to the end and may come out twice: a mirror keys by id.
    """
    size = size or EXPORT_BATCH
    after = None
    params = viewer.params
    while True:
        with engine.connect() as connection:
            rows = connection.execute(_export_statement(updated_after, after, size), params).all()
        if not rows:
            return
        batch = [NoteRow(*row) for row in rows]
        yield batch
        if len(batch) < size:
            return
        after = (batch[-1].modified, batch[-1].id)
