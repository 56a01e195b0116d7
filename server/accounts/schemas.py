"""Request shapes for registration and sign-in."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

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
