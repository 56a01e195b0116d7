"""Shapes every endpoint shares in the API reference (the error body), and the reference's own."""
from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "snake_case, stable: branch on this."})
    message = fields.String(required=True, metadata={"description": "One sentence for a person."})
    fields_ = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), data_key="fields",
                          metadata={"description": "Per field (dotted path), what is wrong with it."})


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)


class OpenAPIDocumentSchema(Schema):
    """The OpenAPI 3.1 document itself (see https://spec.openapis.org/oas/v3.1.0)."""

    class Meta:
        unknown = INCLUDE

    openapi = fields.String(required=True)
    info = fields.Dict(required=True)
    servers = fields.List(fields.Dict(), required=True)
    paths = fields.Dict(required=True)
    components = fields.Dict(required=True)
    tags = fields.List(fields.Dict())
