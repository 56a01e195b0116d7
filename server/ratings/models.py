"""Ratings of notes, the scorer's latest view of each note, and the history of visible statuses."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow

HELPFULNESS = ("helpful", "somewhat_helpful", "not_helpful")
# What a rating's value is in the model: helpful 1, somewhat 0.5, not helpful 0.
HELPFULNESS_VALUE = {"helpful": 1.0, "somewhat_helpful": 0.5, "not_helpful": 0.0}
HELPFUL_REASONS = ("clear", "good_sources", "addresses_claim", "important_context", "unbiased_language")
NOT_HELPFUL_REASONS = ("incorrect", "sources_missing", "opinion", "hard_to_understand", "off_topic", "outdated",
                       "spam")


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (
        # One rating per rater per note: re-rating replaces it.
        UniqueConstraint("annotation_id", "rater_id", name="uq_ratings_annotation_rater"),
        CheckConstraint(f"helpfulness IN {HELPFULNESS}", name="helpfulness_known"),
        # A rater's ratings (the scorer's per-rater agreement, account views).
        Index("ix_ratings_rater", "rater_id"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    rater_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    helpfulness: Mapped[str] = mapped_column(String(16))
    # Reason tags, from HELPFUL_REASONS and/or NOT_HELPFUL_REASONS depending on helpfulness.
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    modified: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NoteScore(Base):
    """The last scoring run's result for a note; the visible status lives on annotations.status."""

    __tablename__ = "note_scores"

    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True)
    # Model parameters (NULL when the note had too few ratings to be fitted).
    intercept: Mapped[float | None] = mapped_column(Float)
    factor: Mapped[float | None] = mapped_column(Float)
    rating_count: Mapped[int] = mapped_column(default=0)
    # The status the scorer computes now, and since when it has computed it without a break:
    # it becomes the visible status once it has held for the configured time.
    candidate_status: Mapped[str] = mapped_column(String(24), default="needs_more_ratings")
    candidate_since: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scored: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StatusChange(Base):
    """Every change of a note's visible community status, with the scores that decided it."""

    __tablename__ = "status_changes"
    __table_args__ = (
        # A note's history, oldest first.
        Index("ix_status_changes_annotation_changed", "annotation_id", "changed"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    old_status: Mapped[str] = mapped_column(String(24))
    new_status: Mapped[str] = mapped_column(String(24))
    intercept: Mapped[float | None] = mapped_column(Float)
    factor: Mapped[float | None] = mapped_column(Float)
    changed: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
