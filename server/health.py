"""GET /api/health: is the service up and can it reach its database?"""
from __future__ import annotations

from flask import Blueprint, jsonify
from marshmallow import Schema, fields, validate
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server import outage
from server.apidocs.declare import documented
from server.db import db
from server.errors import error_response

bp = Blueprint("health", __name__, url_prefix="/api")


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.Equal("ok"))
    database = fields.String(required=True, validate=validate.Equal("ok"))


@bp.get("/health")
@documented(tag="Service", summary="Is the service up, and can it reach its database?", response=HealthSchema,
            errors=(503,))
def health():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        # Polled every few seconds by a balancer: logged like any request the outage fails (one line
        # per failure class, repeats counted), never a traceback per poll.
        outage.record_failure(err)
        return error_response(503, "database_unavailable", "The database cannot be reached.",
                              headers={"Retry-After": str(outage.RETRY_AFTER_SECONDS)})
    return jsonify({"status": "ok", "database": "ok"})
