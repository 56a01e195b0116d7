"""Annotations (community notes) on documents, in the shape of the W3C Web Annotation model."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.accounts.models import User
from server.anchoring.versions import TEXT_VERSION
from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow
from server.documents.models import Document

COMMUNITY_STATUSES = ("needs_more_ratings", "helpful", "not_helpful")
MODERATION_STATES = ("visible", "pending", "hidden", "removed")
# Fact-check verdicts an `assessing` note may carry, best to worst (ClaimReview ratings: server/feeds/claimreview.py).
VERDICTS = ("accurate", "mostly_accurate", "missing_context", "unsupported", "misleading", "false")


class Annotation(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint(f"status IN {COMMUNITY_STATUSES}", name="status_known"),
        CheckConstraint(f"moderation_state IN {MODERATION_STATES}", name="moderation_state_known"),
        CheckConstraint("position_end IS NULL OR position_end >= position_start", name="position_ordered"),
        CheckConstraint(f"verdict IS NULL OR verdict IN {VERDICTS}", name="verdict_known"),
        # A document's notes in listing order: the keyset of GET /api/annotations?url= (no scan).
        Index("ix_annotations_document_created_id", "document_id", "created", "id"),
        # "My notes" and per-author moderation views.
        Index("ix_annotations_author_created", "author_id", "created"),
        # The export's keyset (modified, id), also search's sort=updated.
        Index("ix_annotations_modified_id", "modified", "id"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The page URL the note was written on (normalized, so no tracking parameters are kept).
    target_source: Mapped[str] = mapped_column(Text)
    motivation: Mapped[str] = mapped_column(String(32), default="commenting")
    # The client's own IRI for this note (W3C `canonical`), kept as given on creation.
    canonical: Mapped[str | None] = mapped_column(String(2048))
    body_text: Mapped[str] = mapped_column(Text)
    # BCP 47 tag of the note's language, when the client says.
    body_language: Mapped[str | None] = mapped_column(String(35))
    # TextQuoteSelector: the quoted words and up to a few dozen characters either side.
    quote_exact: Mapped[str] = mapped_column(Text)
    quote_prefix: Mapped[str] = mapped_column(Text, default="")
    quote_suffix: Mapped[str] = mapped_column(Text, default="")
    # TextPositionSelector, in Unicode code points of the page text; optional hint for anchoring.
    position_start: Mapped[int | None] = mapped_column(Integer)
    position_end: Mapped[int | None] = mapped_column(Integer)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    modified: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Bumped on every change of the representation; the ETag and If-Match compare it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Tombstone: set by DELETE; the row stays so the id answers 410 and mirrors learn of it.
    deleted: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The tags in the author's order, copied from annotation_tags so that listings need no join
    # (annotation_tags stays the source for finding notes by tag).
    tag_list: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Community rating status (set by the scorer).
    status: Mapped[str] = mapped_column(String(24), default="needs_more_ratings")
    # Moderators' decision, separate from the community status.
    moderation_state: Mapped[str] = mapped_column(String(16), default="visible")
    # Whether anyone but its author and moderators could ever read it (set on every write, events.written):
    # the change feed names only such notes, so a note held back from the start never shows its id.
    ever_public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # A fact-check verdict (VERDICTS), only on notes whose motivation is `assessing`.
    verdict: Mapped[str | None] = mapped_column(String(24))
    # Which page-text model the position selector and context were measured on
    # (server/anchoring/versions.py): 1 for notes written before block breaks, 2 since.
    text_version: Mapped[int] = mapped_column(Integer, default=TEXT_VERSION, server_default=str(TEXT_VERSION))

    # Every UPDATE checks and bumps `version`, so two concurrent edits cannot both win.
    __mapper_args__ = {"version_id_col": version}

    document: Mapped[Document] = relationship()
    author: Mapped[User] = relationship()
    tag_rows: Mapped[list[AnnotationTag]] = relationship(
        back_populates="annotation", cascade="all, delete-orphan", order_by="AnnotationTag.position")

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @property
    def author_name(self) -> str:
        return self.author.username


class AnnotationTag(Base):
    __tablename__ = "annotation_tags"
    __table_args__ = (
        # Finding notes by tag (search filters).
        Index("ix_annotation_tags_tag", "tag"),
    )

    annotation_id: Mapped[str] = mapped_column(
        ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(50), primary_key=True)
    # Keeps the author's order of tags.
    position: Mapped[int] = mapped_column(Integer, default=0)

    annotation: Mapped[Annotation] = relationship(back_populates="tag_rows")
