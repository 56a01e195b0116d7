"""Opaque keyset cursors: a short JSON list in base64url, and a clear 400 for anything forged.

Whatever a cursor carries goes into a query, so each value is held to what the database takes: times
through the one time reader (server.times: RFC 3339, within years 1-9999 in UTC), text without NUL or
lone surrogates (PostgreSQL refuses both), numbers within a BIGINT and not negative (every number a
cursor carries is a sequence or a count).

Every paged listing walks its order with a `Keyset` (decode the cursor, `seek` past it in SQL, `cut`
the page and encode the next cursor), so that none writes its own.
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_

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


Reader = Callable[[object], object]


@dataclass(frozen=True)
class Keyset:
    """One listing's order as its cursor carries it: a reader per value (`moment`, `text`, `number`),
    and the function that takes those values off a row (the last row of a page)."""

    readers: tuple[Reader, ...]
    key: Callable[[object], Sequence]

    def decode(self, cursor: str | None) -> tuple | None:
        """Where the previous page ended, or None for the first page; a 400 for a forged cursor."""
        if not cursor:
            return None
        return tuple(read(value) for read, value in zip(self.readers, decode(cursor, len(self.readers)), strict=True))

    def cursor_of(self, row) -> str:
        return encode([value.isoformat() if isinstance(value, datetime) else value for value in self.key(row)])

    def cut(self, rows: list, limit: int) -> tuple[list, str | None]:
        """Rows read with `limit + 1`: the page, and the next page's cursor (None on the last page)."""
        if len(rows) > limit:
            return rows[:limit], self.cursor_of(rows[limit - 1])
        return rows, None


def seek(columns: Sequence, values: Sequence, descending: bool | Sequence[bool] = False):
    """The SQL condition for rows after `values` in the order of `columns` (lexicographic, each column
    ascending unless `descending` says otherwise). The first column's plain range comes first, so the
    database seeks into an index on the columns rather than scanning it."""
    directions = [descending] * len(columns) if isinstance(descending, bool) else list(descending)

    def past(column, value, down):
        return column < value if down else column > value

    terms = [past(columns[0], values[0], directions[0])]
    # Past the first column's range condition below, a tie on it is implied: later terms need only
    # the ties between it and their own column.
    for i in range(1, len(columns)):
        ties = [columns[j] == values[j] for j in range(1, i)]
        terms.append(and_(*ties, past(columns[i], values[i], directions[i])))
    first, value = columns[0], values[0]
    return and_(first <= value if directions[0] else first >= value, or_(*terms))
