"""Request shapes for registration and sign-in, and the shapes of users and tokens in responses."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from server.accounts.models import ROLES

USERNAME = validate.Regexp(r"^[A-Za-z0-9_-]{3,32}$",
                           error="3 to 32 letters, digits, '_' or '-'.")
PASSWORD = validate.Length(min=10, max=256, error="Between 10 and 256 characters.")


class RegisterSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=PASSWORD)

    @post_load
    def fold_case(self, data, **_):
        data["username"] = data["username"].lower()
        data["email"] = data["email"].lower()
        return data


class TokenRequestSchema(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=256))
    name = fields.String(load_default="token", validate=validate.Length(min=1, max=100))

    @post_load
    def fold_case(self, data, **_):
        data["username"] = data["username"].lower()
        return data


# Response shapes (for the API reference; the views build these dicts in present_user / present_token).

class UserSchema(Schema):
    id = fields.String(required=True)
    username = fields.String(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    suspended = fields.Boolean(required=True)
    created = fields.DateTime(required=True)


class TokenSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True,
                           metadata={"description": "The token's first characters, to tell tokens apart."})
    created = fields.DateTime(required=True)
    last_used = fields.DateTime(required=True, allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(required=True,
                          metadata={"description": "The bearer token (gls_…); shown once, stored hashed."})


class TokenListSchema(Schema):
    items = fields.List(fields.Nested(TokenSchema), required=True)
    next = fields.String(required=True, allow_none=True, metadata={"description": "Always null: one page."})
