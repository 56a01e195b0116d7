"""Who is calling: the bearer credential on the request, resolved once per request.

Two kinds of bearer credential: a user token (`gls_...`) signs a person in; an app key (`glk_...`)
identifies a third-party app and only reads what anyone may read. For a request carrying an app key,
`current_user()` is None and `require_user()` (so also `require_active()`, `require_writer()` and
`require_moderator()`) answers 403
`app_key_read_only`; `reject_app_key_writes` (a before-request hook) refuses every API write even
where no user is required.

App keys are the apikeys feature's (server/apikeys), which builds on this one (a key's owner is a User,
its secret is hashed with accounts' hash_token, its routes use these guards). So accounts does not
import it: apikeys hands in its prefix and lookup at app setup (`use_app_keys`, called by
server.apikeys.services.init_app), and an app without them knows user tokens only.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g, request

from server.accounts.models import User
from server.accounts.services import user_for_token
from server.errors import Forbidden, Unauthorized
from server.web import is_api_request, is_write_request


@dataclass(frozen=True)
class Caller:
    user: User | None = None
    app_key: object | None = None  # a server.apikeys.models.AppKey, as the registered lookup found it


@dataclass(frozen=True)
class AppKeys:
    """How an app key is told from a user token (its prefix) and found from its secret (None when
    unknown or revoked)."""

    prefix: str
    lookup: Callable[[str], object | None]


_APP_KEYS = "gloss.app_keys"


def use_app_keys(app: Flask, prefix: str, lookup: Callable[[str], object | None]) -> None:
    """At app setup: bearer secrets starting with `prefix` are app keys, found by `lookup`."""
    app.extensions[_APP_KEYS] = AppKeys(prefix, lookup)


def _app_keys() -> AppKeys | None:
    return current_app.extensions.get(_APP_KEYS)


def _bearer_secret() -> str | None:
    """The bearer secret sent, None without an Authorization header; a malformed header is a 401."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Unauthorized("Use 'Authorization: Bearer <token>'.", code="bad_authorization_header")
    return secret.strip()


def _resolve() -> Caller:
    secret = _bearer_secret()
    if secret is None:
        return Caller()
    app_keys = _app_keys()
    if app_keys is not None and secret.startswith(app_keys.prefix):
        key = app_keys.lookup(secret)
        if key is None:
            raise Unauthorized("The app key is unknown or revoked.", code="invalid_token")
        return Caller(app_key=key)
    user = user_for_token(secret)
    if user is None:
        raise Unauthorized("The token is unknown or revoked.", code="invalid_token")
    return Caller(user=user)


def _caller() -> Caller:
    """The request's caller; a present but bad credential is a 401 (every time it is asked for)."""
    cached = g.get("gloss_caller")
    if cached is None:
        try:
            cached = _resolve()
        except Unauthorized as err:
            cached = err
        g.gloss_caller = cached
    if isinstance(cached, Unauthorized):
        raise cached
    return cached


def caller_or_none() -> Caller | None:
    """The caller, or None when the credential is bad (the rate limiter then counts by address)."""
    try:
        return _caller()
    except Unauthorized:
        return None


def current_user() -> User | None:
    """The signed-in user; None when anonymous or when an app (app key) calls."""
    return _caller().user


def current_app_key() -> object | None:
    """The app key on this request, None when there is none."""
    return _caller().app_key


def require_key_holder() -> User | object:
    """An app key or a signed-in user's token, else 401."""
    caller = _caller()
    holder = caller.app_key or caller.user
    if holder is None:
        raise Unauthorized("Send an app key or a user token: 'Authorization: Bearer <key>'.")
    return holder


def require_user() -> User:
    caller = _caller()
    if caller.app_key is not None:
        raise _app_key_read_only()
    if caller.user is None:
        raise Unauthorized()
    return caller.user


def require_active() -> User:
    """A signed-in user whose account is not suspended: the one guard under every role check (writing,
    rating, flagging, making keys, moderating). A suspended user keeps reading and managing their own
    credentials."""
    user = require_user()
    if user.is_suspended:
        raise Forbidden("Your account is suspended.", code="suspended")
    return user


def require_writer() -> User:
    """A user allowed to write notes: a contributor or above, not suspended."""
    user = require_active()
    if user.role == "reader":
        raise Forbidden("Readers cannot write notes yet.", code="role_too_low")
    return user


def require_moderator() -> User:
    """A moderator or admin, not suspended."""
    user = require_active()
    if not user.is_moderator:
        raise Forbidden("Only moderators can do this.", code="not_moderator")
    return user


def reject_app_key_writes() -> None:
    """Before every request: an app key may not write anywhere in the API (a revoked one is a 401)."""
    if not (is_api_request() and is_write_request()):
        return
    header, app_keys = request.headers.get("Authorization", ""), _app_keys()
    if (app_keys is not None and header.partition(" ")[2].strip().startswith(app_keys.prefix)
            and current_app_key() is not None):
        raise _app_key_read_only()


def _app_key_read_only() -> Forbidden:
    return Forbidden("App keys can only read; this needs a signed-in user's token.", code="app_key_read_only")
