"""Writing the change log: every service that changes a note calls one of these inside its own
transaction, so a change and its log row commit (or roll back) together.

The row is added last, just before the caller commits: its sequence number is assigned at INSERT, and
the shorter the time from INSERT to COMMIT, the safer the change feed's settle window (see services).
"""
from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from server.annotations.models import Annotation
from server.db import db, utcnow
from server.feeds.models import NoteChange


def record(annotation: Annotation, kind: str) -> None:
    """Add one change row to the request's session (the caller commits), and mark the note public
    once it is live and not held back (annotations.ever_public: the feed names only such notes)."""
    if annotation.deleted is None and annotation.moderation_state in (None, "visible") and not annotation.ever_public:
        annotation.ever_public = True  # None: a new note before its INSERT, visible by default
    db.session.add(NoteChange(annotation=annotation, kind=kind, at=utcnow()))


def record_many(connection: Connection, annotation_ids: list[str], kind: str) -> None:
    """One change row per note, through a Core connection inside the caller's transaction."""
    if annotation_ids:
        now = utcnow()
        connection.execute(insert(NoteChange), [{"annotation_id": note, "kind": kind, "at": now}
                                                 for note in annotation_ids])
