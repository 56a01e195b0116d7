"""GET /api/health: is the service up and can it reach its database?"""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from server.db import db
from server.errors import error_response

bp = Blueprint("health", __name__, url_prefix="/api")
log = logging.getLogger("gloss")


@bp.get("/health")
def health():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.exception("health check: database unreachable")
        return error_response(503, "database_unavailable", "The database cannot be reached.")
    return jsonify({"status": "ok", "database": "ok"})
