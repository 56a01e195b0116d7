"""The keyset cursors of the moderation queue and of the audit log, for the JSON API and the web UI
alike: what a `?cursor=` names, and the cursor of the page that follows (server.cursors).

All of the moderation pages' cursor handling is here, one pair per keyset, so that a shared paging
helper can replace it in one place."""
from __future__ import annotations

from server import cursors
from server.moderation.services import AuditPage, QueuePage


def queue_after(cursor: str | None) -> tuple | None:
    """The queue row a cursor names, (open flags, reach, created, note id); None for the first page."""
    if not cursor:
        return None
    flags, reach, created, note_id = cursors.decode(cursor, 4)
    return cursors.number(flags), cursors.number(reach), cursors.moment(created), cursors.text(note_id)


def queue_next(page: QueuePage) -> str | None:
    """The cursor of the queue page after this one; None on the last."""
    if not page.more:
        return None
    last = page.rows[-1]
    return cursors.encode([last.open_flags, last.reach, last.created.isoformat(), last.note.id])


def log_before(cursor: str | None) -> tuple | None:
    """The audit entry a cursor names, (created, id); None for the first page."""
    if not cursor:
        return None
    created, entry_id = cursors.decode(cursor, 2)
    return cursors.moment(created), cursors.text(entry_id)


def log_next(page: AuditPage) -> str | None:
    """The cursor of the audit log page after this one; None on the last."""
    if not page.more:
        return None
    last = page.entries[-1]
    return cursors.encode([last.created.isoformat(), last.id])
