"""App keys API: a signed-in user makes, lists and revokes read-only keys for third-party apps."""
from __future__ import annotations

from flask import Blueprint, jsonify

from server.accounts.auth import require_active, require_user
from server.apidocs.declare import documented
from server.apikeys import services
from server.apikeys.schemas import AppKeyCreatedSchema, AppKeyListQuerySchema, AppKeyListSchema, AppKeyRequestSchema
from server.queryargs import next_link, query_args
from server.web import absolute_url, json_body, rfc3339, settings

bp = Blueprint("apikeys", __name__, url_prefix="/api/keys")


def present_key(key, secret: str | None = None) -> dict:
    shown = {"id": key.id, "name": key.name, "prefix": key.prefix, "created": rfc3339(key.created),
             "last_used": rfc3339(key.last_used) if key.last_used else None,
             "revoked": rfc3339(key.revoked) if key.revoked else None}
    if secret is not None:
        shown["key"] = secret
    return shown


@bp.post("")
@documented(tag="App keys", summary="Make an app key", auth="required", body=AppKeyRequestSchema, status=201,
            response=AppKeyCreatedSchema, headers=("Cache-Control", "Location"), errors=(403,),
            description="A user token only (an app key cannot make keys); not while suspended. The secret is in "
                        "this response only. At most GLOSS_MAX_APP_KEYS live keys per user (else 422).")
def create_key():
    user = require_active()  # a user token: an app key cannot mint keys (require_user answers 403 for one)
    data = AppKeyRequestSchema().load(json_body())
    key, secret = services.create_key(user, data["name"], settings().limits.max_app_keys)
    response = jsonify(present_key(key, secret))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    response.headers["Location"] = absolute_url("/api/keys")
    return response


@bp.get("")
@documented(tag="App keys", summary="List my app keys", auth="required", query=AppKeyListQuerySchema,
            response=AppKeyListSchema, errors=(403,),
            description="A user token only. Newest first, revoked keys included; follow `next` to page.")
def list_keys():
    user = require_user()
    query = query_args()
    keys, cursor = services.list_keys(user, query["limit"], query.get("cursor"))
    return jsonify({"items": [present_key(k) for k in keys],
                    "next": next_link("/api/keys", cursor, limit=query["limit"])})


@bp.delete("/<key_id>")
@documented(tag="App keys", summary="Revoke one of my app keys", auth="required", status=204, errors=(403, 404),
            description="A user token only. The key stops working at once; revoking it again is a 204 too. "
                        "Another user's key is a 404.")
def revoke_key(key_id: str):
    services.revoke_key(require_user(), key_id)
    return "", 204
