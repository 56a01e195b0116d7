"""Who is calling: the bearer token on the request, resolved once per request."""
from __future__ import annotations

from flask import g, request

from server.accounts.models import User
from server.accounts.services import user_for_token
from server.errors import Forbidden, Unauthorized

_UNSET = object()


def current_user() -> User | None:
    """The signed-in user, None when anonymous; a present but bad token is a 401, never anonymous."""
    cached = g.get("current_user", _UNSET)
    if cached is not _UNSET:
        return cached
    header = request.headers.get("Authorization", "")
    user = None
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise Unauthorized("Use 'Authorization: Bearer <token>'.", code="bad_authorization_header")
        user = user_for_token(secret.strip())
        if user is None:
            raise Unauthorized("The token is unknown or revoked.", code="invalid_token")
    g.current_user = user
    return user


def require_user() -> User:
    user = current_user()
    if user is None:
        raise Unauthorized()
    return user


def require_writer() -> User:
    """A user allowed to write notes: a contributor or above, not suspended."""
    user = require_user()
    if user.is_suspended:
        raise Forbidden("Your account is suspended.", code="suspended")
    if user.role == "reader":
        raise Forbidden("Readers cannot write notes yet.", code="role_too_low")
    return user


def require_key_holder() -> User:
    """A caller with credentials: a signed-in user's token (this branch; the `keys` branch replaces
    this with one that also accepts a third-party app key), else 401."""
    return require_user()
