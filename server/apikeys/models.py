"""App keys for third-party apps: they identify an app, never a person, and only read."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow


class AppKey(Base):
    __tablename__ = "app_keys"
    __table_args__ = (
        # Listing a user's keys newest first, and counting their live keys against the cap.
        Index("ix_app_keys_user_created", "user_id", "created"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    # The user who made the key and answers for it; the key does not act as them.
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 hex of the secret; the secret itself is shown once and never stored.
    # Unique index: every request carrying a key looks it up by this hash.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # First characters of the secret, so a person can tell their keys apart in a list.
    prefix: Mapped[str] = mapped_column(String(12))
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Updated at most once a minute, to spare a write on every request.
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when revoked; the row stays so the owner's list shows what was revoked and when.
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime())
