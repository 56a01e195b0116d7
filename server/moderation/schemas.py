"""Request shapes for flags and moderation actions."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.accounts.models import ROLES
from server.moderation.models import FLAG_REASONS, NOTE_ACTIONS, USER_ACTIONS


class FlagSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(FLAG_REASONS))
    comment = fields.String(load_default="", validate=validate.Length(max=1000))


class NoteActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(NOTE_ACTIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    # The note's gloss.version the moderator decided on: a newer note is a 409.
    expected_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class UserActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(USER_ACTIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    until = fields.AwareDateTime(load_default=None, allow_none=True)  # suspend: end of the suspension
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))
