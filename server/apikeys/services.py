"""App keys: make one (secret shown once), list, revoke, and find the key a request carries."""
from __future__ import annotations

import secrets

from flask import Flask
from sqlalchemy import func, select

from server import cursors
from server.accounts.auth import use_app_keys
from server.accounts.models import User
from server.accounts.services import hash_token, note_use
from server.apikeys.models import AppKey
from server.db import db, utcnow
from server.errors import NotFound, Unprocessable

KEY_PREFIX = "glk_"


def init_app(app: Flask) -> None:
    """Bearer secrets starting with KEY_PREFIX are app keys (accounts.auth asks this feature for them)."""
    use_app_keys(app, KEY_PREFIX, key_for_secret)


def create_key(user: User, name: str, max_live_keys: int) -> tuple[AppKey, str]:
    """A new key for `user`'s app; returns the stored key and its secret, which is shown only once."""
    # Lock the owner's row (PostgreSQL) so two concurrent requests cannot both pass the cap.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    live = db.session.scalar(select(func.count()).select_from(AppKey)
                             .where(AppKey.user_id == user.id, AppKey.revoked.is_(None)))
    if live >= max_live_keys:
        db.session.rollback()
        raise Unprocessable(f"You already have {max_live_keys} live app keys; revoke one first.",
                            code="too_many_keys")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    key = AppKey(user_id=user.id, name=name, key_hash=hash_token(secret), prefix=secret[:12])
    db.session.add(key)
    db.session.commit()
    return key, secret


def key_for_secret(secret: str) -> AppKey | None:
    """The live key with this secret, or None; notes its use at most once a minute."""
    key = db.session.scalars(
        select(AppKey).where(AppKey.key_hash == hash_token(secret), AppKey.revoked.is_(None))).first()
    if key is None:
        return None
    note_use(key)
    return key


# Newest first, then by id.
NEWEST_FIRST = cursors.Keyset((cursors.moment, cursors.text), lambda key: (key.created, key.id))


def list_keys(user: User, limit: int, cursor: str | None) -> tuple[list[AppKey], str | None]:
    """A page of the user's keys, revoked ones included, newest first; and the next page's cursor."""
    query = select(AppKey).where(AppKey.user_id == user.id)
    after = NEWEST_FIRST.decode(cursor)
    if after is not None:
        query = query.where(cursors.seek((AppKey.created, AppKey.id), after, descending=(True, False)))
    keys = list(db.session.scalars(query.order_by(AppKey.created.desc(), AppKey.id).limit(limit + 1)))
    return NEWEST_FIRST.cut(keys, limit)


def revoke_key(user: User, key_id: str) -> None:
    """Revoke one of the user's keys. Revoking a revoked key succeeds again (DELETE is idempotent)."""
    key = db.session.get(AppKey, key_id)
    # Someone else's key answers like a missing one: ids of other users' keys are not confirmed.
    if key is None or key.user_id != user.id:
        raise NotFound("No such app key.")
    if key.revoked is None:
        key.revoked = utcnow()
        db.session.commit()
