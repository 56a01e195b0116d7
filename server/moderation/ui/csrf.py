"""Per-session CSRF tokens: one random token per session, a hidden input in every form, compared in
constant time on every POST."""
from __future__ import annotations

import hmac
import secrets

from flask import session

SESSION_KEY = "_csrf"
FIELD = "csrf_token"


def token() -> str:
    value = session.get(SESSION_KEY)
    if not value:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def valid(submitted) -> bool:
    expected = session.get(SESSION_KEY)
    if not expected or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), submitted.encode("utf-8"))
