"""Users and their API tokens."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.db import Base, IdColumn, UTCDateTime, new_id, utcnow

ROLES = ("reader", "contributor", "moderator", "admin")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN {ROLES}", name="role_known"),)

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    # Stored lower-cased, so "Alice" and "alice" cannot both register.
    username: Mapped[str] = mapped_column(String(32), unique=True)
    # Lower-cased. Not unique (migration 0011): addresses are never verified, and a unique one only told
    # strangers which addresses have accounts (docs/operations.md "Security").
    email: Mapped[str] = mapped_column(String(254))
    # argon2id encoded hash (parameters and salt inside the string).
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="contributor")
    # A suspended user keeps reading but may not write, rate or flag (enforced in services)...
    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    # ...until this time; NULL with `suspended` means indefinitely.
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_suspended(self) -> bool:
        return self.suspended and (self.suspended_until is None or self.suspended_until > utcnow())

    @property
    def is_moderator(self) -> bool:
        """The role alone (who a moderator may act on); for what a caller may do, ask can_moderate."""
        return self.role in ("moderator", "admin")

    @property
    def can_moderate(self) -> bool:
        """Moderator powers: the role and an active account (a suspended moderator has none of them)."""
        return self.is_moderator and not self.is_suspended


class ApiToken(Base):
    __tablename__ = "api_tokens"
    __table_args__ = (
        # Listing a user's tokens, newest first.
        Index("ix_api_tokens_user_created", "user_id", "created"),
    )

    id: Mapped[str] = mapped_column(IdColumn(), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    # SHA-256 hex of the secret; the secret itself is shown once and never stored.
    # Unique index: every authenticated request looks a token up by this hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # First characters of the secret, so a person can tell their tokens apart in a list.
    prefix: Mapped[str] = mapped_column(String(12))
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Updated at most once a minute, to spare a write on every request.
    last_used: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="tokens")


class UiSession(Base):
    """A moderator web UI sign-in, held on the server so that it can end there: the signed session
    cookie carries only the secret, and a cookie copied before sign-out, suspension or a role change
    no longer signs anyone in (server/moderation/ui/views.py)."""
    __tablename__ = "ui_sessions"

    # SHA-256 hex of the secret in the session cookie, as for API tokens.
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
