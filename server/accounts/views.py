"""Accounts API: register, sign in for a token, list and revoke tokens, who am I."""
from __future__ import annotations

from flask import Blueprint, jsonify

from server.accounts import services
from server.accounts.auth import require_user
from server.accounts.schemas import RegisterSchema, TokenRequestSchema
from server.web import absolute_url, json_body, rfc3339

bp = Blueprint("accounts", __name__, url_prefix="/api")


def present_user(user) -> dict:
    return {"id": user.id, "username": user.username, "email": user.email, "role": user.role,
            "suspended": user.is_suspended, "created": rfc3339(user.created)}


def present_token(token, secret: str | None = None) -> dict:
    shown = {"id": token.id, "name": token.name, "prefix": token.prefix, "created": rfc3339(token.created),
             "last_used": rfc3339(token.last_used) if token.last_used else None}
    if secret is not None:
        shown["token"] = secret
    return shown


@bp.post("/users")
def register():
    data = RegisterSchema().load(json_body())
    user = services.register_user(**data)
    response = jsonify(present_user(user))
    response.status_code = 201
    response.headers["Location"] = absolute_url("/api/me")
    return response


@bp.post("/tokens")
def create_token():
    data = TokenRequestSchema().load(json_body())
    token, secret = services.issue_token(data["username"], data["password"], data["name"])
    response = jsonify(present_token(token, secret))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tokens")
def list_tokens():
    user = require_user()
    return jsonify({"items": [present_token(t) for t in services.list_tokens(user)], "next": None})


@bp.delete("/tokens/<token_id>")
def revoke_token(token_id: str):
    services.revoke_token(require_user(), token_id)
    return "", 204


@bp.get("/me")
def me():
    return jsonify(present_user(require_user()))
