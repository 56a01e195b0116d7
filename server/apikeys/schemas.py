"""Request shapes for app keys."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class AppKeyRequestSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
