"""The one reader of times a client sends: query parameters, cursors and body fields alike.

A time is RFC 3339 with its zone (`2026-11-24T21:14:56Z`, `...+01:00`, fractions allowed) and comes back
as an aware datetime in UTC. `datetime.fromisoformat` alone accepted more than RFC 3339 (week dates,
`20261124T000000Z`, `T00Z`) and kept the offset, so a time near year 1 or 9999 parsed and then overflowed
where it met the database (`9999-12-31T23:59:59-14:00` is in year 10000 in UTC): a 500. Here such a
time is refused up front, with the reason.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

from marshmallow import ValidationError, fields

RFC3339 = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,32})?([Zz]|[+-]\d{2}:\d{2})")
HINT = "An RFC 3339 time with its zone, e.g. 2026-11-24T00:00:00Z."


class BadTimeError(ValueError):
    pass


def parse(text) -> datetime:
    """An RFC 3339 time as an aware UTC datetime; BadTimeError (a ValueError) saying why not."""
    match = RFC3339.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise BadTimeError(HINT)
    date, clock, fraction, zone = match.groups()
    zone = "+00:00" if zone in "Zz" else zone
    try:
        moment = datetime.fromisoformat(f"{date}T{clock}{(fraction or '')[:7]}{zone}")
    except ValueError:
        raise BadTimeError(f"Not a real date or time. {HINT}") from None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise BadTimeError("The time falls outside the years 1 to 9999 in UTC.") from None


class Time(fields.DateTime):
    """A marshmallow field for a time a client sends (body or query): `parse`, errors on the field.
    Serializing is DateTime's; the API reference shows it as `format: date-time`."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse(value)
        except BadTimeError as err:
            raise ValidationError(str(err)) from None
