"""Request shapes for flags and moderation actions, and the shapes of their responses."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

from server.accounts.models import ROLES
from server.annotations.models import MODERATION_STATES
from server.annotations.representation import AnnotationOutSchema
from server.annotations.schemas import Username
from server.documents.fields import Host
from server.moderation.models import FLAG_REASONS, NOTE_ACTIONS, USER_ACTIONS
from server.queryargs import Cursor, Limit
from server.times import Time


class FlagSchema(Schema):
    reason = fields.String(required=True, validate=validate.OneOf(FLAG_REASONS))
    comment = fields.String(load_default="", validate=validate.Length(max=1000))


class NoteActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(NOTE_ACTIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    # The note's gloss.version the moderator decided on: a newer note is a 409.
    expected_version = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2**31 - 1))


class UserActionSchema(Schema):
    action = fields.String(required=True, validate=validate.OneOf(USER_ACTIONS))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    until = Time(load_default=None, allow_none=True)  # suspend: end of the suspension
    role = fields.String(load_default=None, validate=validate.OneOf(ROLES))


# Response shapes and query parameters, for the API reference (the views build the dicts).

class FlagOutSchema(Schema):
    id = fields.String(required=True)
    annotation = fields.String(required=True, metadata={"description": "The note's IRI."})
    reason = fields.String(required=True, validate=validate.OneOf(FLAG_REASONS))
    comment = fields.String(required=True)
    state = fields.String(required=True, metadata={"description": "open, or how a moderator resolved it."})
    created = fields.DateTime(required=True)
    flagger_id = fields.String(metadata={"description": "Shown to moderators only."})


class FlagListSchema(Schema):
    items = fields.List(fields.Nested(FlagOutSchema), required=True)
    next = fields.String(required=True, allow_none=True, metadata={"description": "Always null: one page."})


class ModeratedUserSchema(Schema):
    username = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    suspended = fields.Boolean(required=True)
    suspended_until = fields.DateTime(required=True, allow_none=True)


class QueueItemSchema(Schema):
    annotation = fields.Nested(AnnotationOutSchema, required=True)
    open_flags = fields.Integer(required=True)
    reach = fields.Integer(required=True, metadata={"description": "The note's ratings plus the views of its page."})


class QueueSchema(Schema):
    items = fields.List(fields.Nested(QueueItemSchema), required=True)
    next = fields.String(required=True, allow_none=True)


class LogEntrySchema(Schema):
    id = fields.String(required=True)
    actor_id = fields.String(required=True, allow_none=True, metadata={"description": "null for the system."})
    action = fields.String(required=True)
    target_type = fields.String(required=True, validate=validate.OneOf(("annotation", "user")))
    target_id = fields.String(required=True)
    old = fields.String(required=True)
    new = fields.String(required=True)
    reason = fields.String(required=True)
    created = fields.DateTime(required=True)


class LogSchema(Schema):
    items = fields.List(fields.Nested(LogEntrySchema), required=True)
    next = fields.String(required=True, allow_none=True)


class QueueQuerySchema(Schema):
    """Pending or flagged notes, most urgent first: open flags, then reach, then age."""

    state = fields.String(validate=validate.OneOf(MODERATION_STATES, error=f"One of {', '.join(MODERATION_STATES)}."))
    reason = fields.String(validate=validate.OneOf(FLAG_REASONS, error=f"One of {', '.join(FLAG_REASONS)}."),
                           metadata={"description": "Only notes with an open flag of this reason."})
    domain = Host(metadata={"description": "Notes on pages of this host or its subdomains, any port."})
    author = Username(metadata={"description": "The author's username."})
    since = Time(metadata={"description": "Flagged since (RFC 3339 with zone)."})
    limit = Limit()
    cursor = Cursor()


class LogQuerySchema(Schema):
    """Newest first."""

    actor = Username(metadata={"description": "The moderator's username."})
    action = fields.String()
    target = fields.String(metadata={"description": "A note's or user's id."})
    since = Time()
    limit = Limit()
    cursor = Cursor()


class _FilterForm:
    """The web UI's filter forms send every field, empty when unused: an empty field is no filter."""

    @pre_load
    def _drop_empty_fields(self, data, **kwargs):
        return {name: value.strip() for name, value in data.items() if value.strip()}


class QueueFilterForm(_FilterForm, QueueQuerySchema):
    """The web UI's queue filters: the API's parameters, parsed the same way."""


class LogFilterForm(_FilterForm, LogQuerySchema):
    """The web UI's audit log filters: the API's parameters, parsed the same way."""
