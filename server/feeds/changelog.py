"""Writing the change log: one row per change of a note, inside the writer's own transaction, so a
change and its log row commit (or roll back) together.

Note writes reach it through the write hook (annotations.events.note_written, connected by init_app):
annotations and moderation send it, and import nothing of feeds. The scorer's status changes, written
in bulk on a Core connection, call record_many.

A row is added just before the writer commits: its sequence number is assigned at INSERT, and the
shorter the time from INSERT to COMMIT, the safer the change feed's settle window (see services).
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import insert
from sqlalchemy.engine import Connection

from server.annotations.events import NoteWrite, note_written
from server.annotations.models import Annotation
from server.db import db, utcnow
from server.feeds.models import NoteChange


def init_app(app: Flask) -> None:
    note_written.connect(_log_written_note, sender=app)


def _log_written_note(_app: Flask, write: NoteWrite) -> None:
    """One row per write; an edit that triage held is two changes, the hold logged first (a hold on
    creation is part of the `created` change)."""
    if write.hold is not None and write.kind != "created":
        record(write.note, "moderated")
    record(write.note, write.kind)


def record(annotation: Annotation, kind: str) -> None:
    """Add one change row to the request's session (the caller commits)."""
    db.session.add(NoteChange(annotation=annotation, kind=kind, at=utcnow()))


def record_many(connection: Connection, annotation_ids: list[str], kind: str) -> None:
    """One change row per note, through a Core connection inside the caller's transaction."""
    if annotation_ids:
        now = utcnow()
        connection.execute(insert(NoteChange), [{"annotation_id": note, "kind": kind, "at": now}
                                                 for note in annotation_ids])
