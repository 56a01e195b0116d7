"""Flags raised by readers and the append-only log of every moderation change."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow

FLAG_REASONS = ("spam", "abuse", "harassment", "private_information", "off_topic", "misleading", "other")
NOTE_ACTIONS = ("approve", "hide", "remove", "restore")
USER_ACTIONS = ("suspend", "unsuspend", "set_role", "hide_notes")


class Flag(Base):
    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(f"reason IN {FLAG_REASONS}", name="reason_known"),
        CheckConstraint("state IN ('open', 'reviewed')", name="state_known"),
        # One open flag per reader per note (a reviewed flag may be raised again).
        Index("uq_flags_open_per_flagger", "annotation_id", "flagger_id", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
        # The queue counts a note's open flags.
        Index("ix_flags_annotation_state", "annotation_id", "state"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    flagger_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(12), default="open")
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewer_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AuditEntry(Base):
    """One row per moderation change, never updated or deleted (who, what, when, old -> new, why)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        # The log newest first, and filtered by target.
        Index("ix_audit_log_created", "created"),
        Index("ix_audit_log_target", "target_type", "target_id"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    # NULL when the system acted (auto-triage).
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(24))
    target_type: Mapped[str] = mapped_column(String(12))  # "annotation" or "user"
    target_id: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(String(64), default="")
    new_value: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
