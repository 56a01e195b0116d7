"""Opaque keyset cursors: a short JSON list in base64url, and a clear 400 for anything forged.

Whatever a cursor carries goes into a query, so each value is held to what the database takes: times
through the one time reader (server.times: RFC 3339, within years 1-9999 in UTC), text without NUL or
lone surrogates (PostgreSQL refuses both), numbers within a BIGINT and not negative (every number a
cursor carries is a sequence or a count)."""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from server import times
from server.errors import BadRequest
from server.web import text_problem

BIGINT_MAX = 2**63 - 1


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
    """A time a cursor carries: RFC 3339 with its zone, as UTC."""
    try:
        return times.parse(value)
    except ValueError:
        raise _forged() from None


def text(value) -> str:
    if not isinstance(value, str) or text_problem(value):
        raise _forged()
    return value


def number(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= BIGINT_MAX:
        raise _forged()
    return value
