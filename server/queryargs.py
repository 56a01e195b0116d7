"""Query strings, parsed by the schemas that document them.

A view declares its query parameters once, as `@documented(query=SomeQuerySchema)`; `query_args()`
loads the request's query string with that same schema, so the API reference and what the server
accepts cannot drift apart. A bad value is a 422 naming the parameter (marshmallow's ValidationError,
answered by server.errors); a forged cursor a 400 (server.cursors). Unknown parameters are ignored, as
they always were.

The fields every listing shares are here: a page size bounded by the page-size setting, an opaque
cursor, a 0-or-1 flag and a bounded whole number. Times are server.times.Time; URLs, hosts and
community statuses are their features' fields (server.documents.fields, server.annotations.schemas).
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from server.errors import ApiError
from server.web import base_url, settings, text_problem

# Whole-number parameters are at most this (PostgreSQL INTEGER), whatever their own range says.
INT_MAX = 2**31 - 1


class MissingParameter(ApiError):
    status, code = 400, "missing_parameter"


def query_args(schema: type[Schema] | None = None) -> dict:
    """The request's query string loaded with `schema`, by default the one the endpoint's
    @documented(query=...) declares (the moderator web UI, which is not in the reference, names its own).
    A required parameter that is absent is a 400 `missing_parameter`; a bad value a 422."""
    if schema is None:
        schema = current_app.view_functions[request.endpoint].openapi.query
    loader = schema(unknown=EXCLUDE)
    missing = [field.data_key or name for name, field in loader.fields.items()
               if field.required and (field.data_key or name) not in request.args]
    if missing:
        raise MissingParameter(f"Send {', '.join(missing)}: see the API reference.",
                               fields={name: ["Required."] for name in missing})
    return loader.load(request.args)


def _whole(raw, low: int, high: int) -> int:
    # isascii: "¹".isdigit() is true; the length check keeps int() from a 4,300-digit ValueError.
    if not (isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 10) or not low <= int(raw) <= high:
        raise ValidationError(f"Must be a whole number from {low} to {high}.")
    return int(raw)


class Whole(fields.Integer):
    """A whole number from `low` to `high` (at most INT_MAX, PostgreSQL's INTEGER), written in digits."""

    def __init__(self, low: int = 0, high: int = INT_MAX, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = low, min(high, INT_MAX)

    def _deserialize(self, value, attr, data, **kwargs):
        return _whole(value, self.low, self.high)


class Limit(fields.Integer):
    """A page size: 1 to the GLOSS_PAGE_MAX setting, GLOSS_PAGE_DEFAULT when absent."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"description": "Default GLOSS_PAGE_DEFAULT (50), at most GLOSS_PAGE_MAX (200)."})
        # The Range is for the reference (the upper bound is a setting, checked when loading).
        super().__init__(load_default=lambda: settings().limits.page_default, validate=validate.Range(min=1), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return _whole(value, 1, settings().limits.page_max)


class Flag(fields.Integer):
    """0 or 1 (documented as such), loaded as a bool."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value not in ("0", "1"):
            raise ValidationError("0 or 1.")
        return value == "1"


class Cursor(fields.String):
    """An opaque cursor from a `next` link; the listing's Keyset (server.cursors) reads it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"description": "Opaque, from `next`."})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem)
        return text


def first_link(path: str, name: str = "cursor") -> str:
    """The absolute URL of this listing's first page: this request's query without `name`."""
    query = urlencode({key: value for key, value in request.args.items() if key != name})
    return f"{base_url()}{path}" + (f"?{query}" if query else "")


def next_link(path: str, cursor: str | None, name: str = "cursor", **replaced) -> str | None:
    """The absolute URL of the next page: this request's query with `name` set to `cursor` and the
    `replaced` parameters given their parsed value (a normalized URL, the page size used). None when
    there is no next page."""
    if cursor is None:
        return None
    query = {key: value for key, value in request.args.items() if key != name}
    query.update({key: value for key, value in replaced.items() if value is not None})
    query[name] = cursor
    return f"{base_url()}{path}?{urlencode(query)}"
