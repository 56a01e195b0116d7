"""Request shapes for app keys, and the response shapes views.present_key builds (for the API reference)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.queryargs import Cursor, Limit


class AppKeyRequestSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))


class AppKeyListQuerySchema(Schema):
    """GET /api/keys query parameters."""

    limit = Limit()
    cursor = Cursor()


class AppKeyOutSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True, metadata={
        "description": "The key's first characters, to tell keys apart; the key itself is never shown again."})
    created = fields.DateTime(required=True)
    last_used = fields.DateTime(required=True, allow_none=True)
    revoked = fields.DateTime(required=True, allow_none=True, metadata={"description": "null while the key works."})


class AppKeyCreatedSchema(AppKeyOutSchema):
    key = fields.String(required=True, metadata={
        "description": "The secret (`glk_…`), shown this once: send it as `Authorization: Bearer <key>`."})


class AppKeyListSchema(Schema):
    """Newest first; revoked keys included. No `total`: a user has a handful of keys."""

    items = fields.List(fields.Nested(AppKeyOutSchema), required=True)
    next = fields.String(required=True, allow_none=True,
                         metadata={"description": "The next page's URL; null on the last."})
