"""Opaque keyset cursors: a short JSON list in base64url, and a clear 400 for anything forged."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from server.errors import BadRequest


def _forged() -> BadRequest:
    return BadRequest("The cursor is not one this server gave out.", code="bad_cursor")


def encode(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).rstrip(b"=").decode()


def decode(cursor: str, size: int) -> list:
    """The `size` values a cursor carries, or a 400."""
    try:
        values = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise _forged() from None
    if not isinstance(values, list) or len(values) != size:
        raise _forged()
    return values


def moment(value) -> datetime:
    """A time a cursor carries: ISO 8601 with its time zone."""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise _forged() from None
    if parsed.tzinfo is None:
        raise _forged()
    return parsed


def text(value) -> str:
    if not isinstance(value, str):
        raise _forged()
    return value


def number(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _forged()
    return value
