"""The change log mirrors follow: one row per change of a note, in commit-ish order (see services)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, IdColumn, UTCDateTime, utcnow

CHANGE_KINDS = ("created", "updated", "deleted", "status_changed", "moderated")


class NoteChange(Base):
    __tablename__ = "note_changes"
    __table_args__ = (
        CheckConstraint(f"kind IN {CHANGE_KINDS}", name="kind_known"),
        # The feed's settle horizon: the first change still inside the window is found among the few newest.
        Index("ix_note_changes_at", "at"),
        # Removing a note's rows when the note itself goes (user deletion cascades).
        Index("ix_note_changes_annotation", "annotation_id"),
        # AUTOINCREMENT on SQLite: a sequence number is never reused, even after the newest row goes.
        {"sqlite_autoincrement": True},
    )

    # The feed's order and cursor: assigned at INSERT, so it can commit out of order (see the settle window).
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    annotation_id: Mapped[str] = mapped_column(IdColumn(), ForeignKey("annotations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    # So the flush writes a new note's row before its first change row (never loaded otherwise).
    annotation: Mapped[Annotation] = relationship(lazy="raise")  # noqa: F821
    # When the change was written (application clock), compared with the settle window.
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
