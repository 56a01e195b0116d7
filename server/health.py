"""GET /api/health: is the service up and can it reach its database?"""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from marshmallow import Schema, fields, validate
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.apidocs.declare import documented
from server.db import db
from server.errors import error_response

bp = Blueprint("health", __name__, url_prefix="/api")
log = logging.getLogger("gloss")


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.Equal("ok"))
    database = fields.String(required=True, validate=validate.Equal("ok"))


@bp.get("/health")
@documented(tag="Service", summary="Is the service up, and can it reach its database?", response=HealthSchema,
            errors=(503,))
def health():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return error_response(503, "database_unavailable", "The database cannot be reached.")
    return jsonify({"status": "ok", "database": "ok"})
