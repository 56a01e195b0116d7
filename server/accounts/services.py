"""Accounts: registration, password sign-in, bearer tokens."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import ROLES, ApiToken, UiSession, User
from server.accounts.passwords import passwords
from server.db import db, utcnow
from server.errors import Conflict, NotFound, Unauthorized, Unprocessable

TOKEN_PREFIX = "gls_"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(secret: str) -> str:
    # A token carries 256 random bits, so a fast hash is enough: nothing to brute-force.
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def register_user(username: str, email: str, password: str, role: str = "contributor") -> User:
    if role not in ROLES:
        raise Unprocessable(fields={"role": [f"One of {', '.join(ROLES)}."]})
    # Only the username is checked: usernames are public (they sign every note), e-mail addresses are
    # not, so a taken address registers exactly like a free one (same answer, same argon2 work, and a
    # working account) and registration never tells anyone whether an address has an account.
    session = db.session
    if session.scalars(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict("That username is already registered.", code="username_taken")
    user = User(username=username, email=email, password_hash=passwords.hash(password), role=role)
    session.add(user)
    try:
        session.commit()
    except IntegrityError:  # a concurrent registration of the same username won the race
        session.rollback()
        raise Conflict("That username is already registered.", code="username_taken") from None
    return user


def find_user(username: str) -> User | None:
    return db.session.scalars(select(User).where(User.username == username.lower())).first()


def check_password(username: str, password: str) -> User:
    user = find_user(username)
    if not passwords.verify(user.password_hash if user else None, password):
        raise Unauthorized("Wrong username or password.", code="bad_credentials")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
        db.session.commit()
    return user


def issue_token(username: str, password: str, name: str) -> tuple[ApiToken, str]:
    """Sign in with a password; returns the stored token and its secret, which is shown only once."""
    user = check_password(username, password)
    return create_token(user, name)


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.commit()
    return token, secret


def user_for_token(secret: str) -> User | None:
    token = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == hash_token(secret), ApiToken.revoked.is_(None))).first()
    if token is None:
        return None
    note_use(token)
    return token.user


def note_use(credential) -> None:
    """Record that a token or app key was used, at most once a minute, to spare a write per request."""
    now = utcnow()
    if credential.last_used is None or now - credential.last_used >= LAST_USED_RESOLUTION:
        credential.last_used = now
        db.session.commit()


def list_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(None))
        .order_by(ApiToken.created.desc(), ApiToken.id)))


def revoke_token(user: User, token_id: str) -> None:
    token = db.session.get(ApiToken, token_id)
    # Someone else's token answers like a missing one: ids of other users' tokens are not confirmed.
    if token is None or token.user_id != user.id or token.revoked is not None:
        raise NotFound("No such token.")
    token.revoked = utcnow()
    db.session.commit()


# --- moderator web UI sessions ---------------------------------------------------------------------------

def start_ui_session(user: User, hours: int) -> str:
    """A new UI sign-in for `user`, valid for `hours`; returns the secret for the session cookie."""
    now = utcnow()
    db.session.execute(delete(UiSession).where(UiSession.user_id == user.id, UiSession.expires <= now))
    secret = secrets.token_urlsafe(32)
    db.session.add(UiSession(token_hash=hash_token(secret), user_id=user.id, created=now,
                             expires=now + timedelta(hours=hours)))
    db.session.commit()
    return secret


def ui_session_user(secret) -> User | None:
    """The user a live UI session secret signs in, else None (unknown, ended or expired)."""
    if not isinstance(secret, str) or not secret:
        return None
    found = db.session.get(UiSession, hash_token(secret))
    if found is None or found.expires <= utcnow():
        return None
    return found.user


def end_ui_session(secret) -> None:
    """Sign-out: this session no longer works, whoever holds a copy of its cookie."""
    if isinstance(secret, str) and secret:
        db.session.execute(delete(UiSession).where(UiSession.token_hash == hash_token(secret)))
        db.session.commit()


def end_ui_sessions(user: User) -> None:
    """End every UI session of `user` (suspension, role change, password change), in the caller's
    transaction: it commits them together with the change."""
    db.session.execute(delete(UiSession).where(UiSession.user_id == user.id))
