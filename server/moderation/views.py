"""Moderation API: flags on notes, moderators' actions on notes and users, the queue and the log."""
from __future__ import annotations

from flask import Blueprint

from server.accounts.auth import require_active, require_moderator, require_user
from server.annotations.representation import AnnotationOutSchema, present, w3c_response
from server.apidocs.declare import documented
from server.errors import Unprocessable
from server.moderation import services
from server.moderation.schemas import (
    FlagListSchema,
    FlagOutSchema,
    FlagSchema,
    LogQuerySchema,
    LogSchema,
    ModeratedUserSchema,
    NoteActionSchema,
    QueueQuerySchema,
    QueueSchema,
    UserActionSchema,
)
from server.queryargs import next_link, query_args
from server.web import W3C_JSON_LD, absolute_url, base_url, json_body, json_response, rfc3339

bp = Blueprint("moderation", __name__, url_prefix="/api")


def present_flag(flag, show_flagger: bool) -> dict:
    shown = {"id": flag.id, "annotation": absolute_url(f"/annotations/{flag.annotation_id}"), "reason": flag.reason,
             "comment": flag.comment, "state": flag.state, "created": rfc3339(flag.created)}
    if show_flagger:
        shown["flagger_id"] = flag.flagger_id
    return shown


@bp.post("/annotations/<annotation_id>/flags")
@documented(tag="Moderation", summary="Flag a note for moderators", auth="required", body=FlagSchema, status=201,
            response=FlagOutSchema, errors=(403, 404, 409))
def raise_flag(annotation_id: str):
    user = require_active()
    data = FlagSchema().load(json_body())
    return json_response(present_flag(services.flag(user, annotation_id, data["reason"], data["comment"]), False), 201)


@bp.get("/annotations/<annotation_id>/flags")
@documented(tag="Moderation", summary="Flags on my note (moderators: on any note)", auth="required",
            response=FlagListSchema, errors=(403, 404))
def list_flags(annotation_id: str):
    user = require_user()
    flags = services.flags_on_own_note(user, annotation_id)
    return json_response({"items": [present_flag(f, user.can_moderate) for f in flags], "next": None})


@bp.post("/moderation/annotations/<annotation_id>/actions")
@documented(tag="Moderation", summary="Approve, hide, remove or restore a note", auth="required",
            body=NoteActionSchema, response=AnnotationOutSchema, media_type=W3C_JSON_LD, headers=("ETag",),
            errors=(403, 404, 409, 410),
            description="Moderators only. expected_version is the gloss.version decided on: a newer note is a 409.")
def act_on_note(annotation_id: str):
    moderator = require_moderator()
    data = NoteActionSchema().load(json_body())
    note = services.act_on_note(moderator, annotation_id, data["action"], data["reason"], data["expected_version"])
    return w3c_response(present(note), annotation=note)


@bp.post("/moderation/users/<username>/actions")
@documented(tag="Moderation", summary="Suspend, unsuspend, change the role of, or hide the notes of a user",
            auth="required", body=UserActionSchema, response=ModeratedUserSchema, errors=(403, 404),
            description="Moderators only; acting on a moderator and changing roles are for admins.")
def act_on_user(username: str):
    moderator = require_moderator()
    data = UserActionSchema().load(json_body())
    if data["action"] == "set_role" and not data["role"]:
        raise Unprocessable(fields={"role": ["Give the new role."]})
    user = services.act_on_user(moderator, username, data["action"], data["reason"], data["until"], data["role"])
    return json_response({"username": user.username, "role": user.role, "suspended": user.is_suspended,
                          "suspended_until": rfc3339(user.suspended_until) if user.suspended_until else None})


def present_entry(entry) -> dict:
    return {"id": entry.id, "actor_id": entry.actor_id, "action": entry.action, "target_type": entry.target_type,
            "target_id": entry.target_id, "old": entry.old_value, "new": entry.new_value, "reason": entry.reason,
            "created": rfc3339(entry.created)}


@bp.get("/moderation/queue")
@documented(tag="Moderation", summary="The moderation queue", auth="required", query=QueueQuerySchema,
            response=QueueSchema, errors=(403,))
def queue():
    require_moderator()
    query = query_args()
    page = services.queue_page(query, query["limit"], query.get("cursor"))
    base = base_url()
    items = [{"annotation": present(row.note, base), "open_flags": row.open_flags, "reach": row.reach}
             for row in page.rows]
    return json_response({"items": items, "next": next_link("/api/moderation/queue", page.next)})


@bp.get("/moderation/log")
@documented(tag="Moderation", summary="The audit log of moderators' actions", auth="required", query=LogQuerySchema,
            response=LogSchema, errors=(403,))
def audit_log():
    require_moderator()
    query = query_args()
    page = services.log_page(query, query["limit"], query.get("cursor"))
    items = [present_entry(entry) for entry in page.entries]
    return json_response({"items": items, "next": next_link("/api/moderation/log", page.next)})
