"""Documents (news articles) and every URL known to show the same document."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow
from server.documents.urls import key_hashes


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    # Normalized URL the document is best known by (the page's rel=canonical when it sent one).
    canonical_url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(500))
    # How many times readers' browsers asked for this page's notes (POST /api/anchor): a count
    # only, never who or when; part of a note's reach in the moderation queue.
    views: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    urls: Mapped[list[DocumentUrl]] = relationship(back_populates="document", cascade="all, delete-orphan")


class DocumentUrl(Base):
    __tablename__ = "document_urls"

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    # documents.urls.document_key(): normalized, http folded into https. Unique: one URL, one
    # document; the index also serves every "which document is this page?" lookup.
    url_key: Mapped[str] = mapped_column(String(2048), unique=True)
    # SHA-256 hex of url_key, and of its http:// form when one folds into it (null otherwise): GET
    # /api/lookup publishes these instead of URLs. Indexed for its range scan on the first 4 digits.
    url_hash: Mapped[str] = mapped_column(String(64), index=True, default=lambda ctx: _hashes(ctx)[0])
    http_url_hash: Mapped[str | None] = mapped_column(String(64), index=True, default=lambda ctx: _hashes(ctx)[1])
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="urls")


def _hashes(context) -> tuple[str, str | None]:
    return key_hashes(context.get_current_parameters()["url_key"])
