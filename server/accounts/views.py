"""Accounts API: register, sign in for a token, list and revoke tokens, who am I."""
from __future__ import annotations

from flask import Blueprint, jsonify

from server.accounts import services
from server.accounts.auth import require_user
from server.accounts.schemas import NewTokenSchema, RegisterSchema, TokenListSchema, TokenRequestSchema, UserSchema
from server.apidocs.declare import documented
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
@documented(tag="Accounts", summary="Register", body=RegisterSchema, status=201, response=UserSchema,
            headers=("Location",), errors=(409,))
def register():
    data = RegisterSchema().load(json_body())
    user = services.register_user(**data)
    response = jsonify(present_user(user))
    response.status_code = 201
    response.headers["Location"] = absolute_url("/api/me")
    return response


@bp.post("/tokens")
@documented(tag="Accounts", summary="Sign in: trade a username and password for a bearer token",
            description="The token is shown once; the server keeps only its hash.", body=TokenRequestSchema,
            status=201, response=NewTokenSchema, headers=("Cache-Control",), errors=(401,))
def create_token():
    data = TokenRequestSchema().load(json_body())
    token, secret = services.issue_token(data["username"], data["password"], data["name"])
    response = jsonify(present_token(token, secret))
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/tokens")
@documented(tag="Accounts", summary="List my tokens (never their secrets)", auth="required", response=TokenListSchema,
            errors=(403,), description="A user token only: an app key is a 403 `app_key_read_only`.")
def list_tokens():
    user = require_user()
    return jsonify({"items": [present_token(t) for t in services.list_tokens(user)], "next": None})


@bp.delete("/tokens/<token_id>")
@documented(tag="Accounts", summary="Revoke one of my tokens", auth="required", status=204, errors=(404,))
def revoke_token(token_id: str):
    services.revoke_token(require_user(), token_id)
    return "", 204


@bp.get("/me")
@documented(tag="Accounts", summary="Who am I", auth="required", response=UserSchema, errors=(403,),
            description="A user token only: an app key is a 403 `app_key_read_only`.")
def me():
    return jsonify(present_user(require_user()))
