"""The quote index: each live note's quote fingerprint (see shingles.quote_fingerprint)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.annotations.models import Annotation
from server.db import Base, UTCDateTime, utcnow


class QuoteFingerprint(Base):
    """One row per live note whose quote has at least 8 whole words; none for deleted notes."""

    __tablename__ = "quote_fingerprints"

    annotation_id: Mapped[str] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), primary_key=True)
    # The quote's smallest 8-word shingle hash as a signed 64-bit number (the hex read as unsigned,
    # minus 2^64 when above 2^63-1). Indexed: POST /api/anchor finds notes by their page's hashes.
    fingerprint: Mapped[int] = mapped_column(BigInteger, index=True)
    # The window key (fingerprints.window_keys) of the shingle that gave the fingerprint, signed
    # 64-bit: workers pre-screen a page's windows with these before hashing any with SHA-256. Not
    # indexed: only ever read in bulk, with the fingerprint, into each worker's memory.
    window_key: Mapped[int] = mapped_column(BigInteger)
    # When the row was (re)written. Indexed: each worker adds rows newer than its last look to its
    # in-memory filter.
    added: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    annotation: Mapped[Annotation] = relationship()
