"""One error shape for the whole API: {"error": {"code", "message", "fields"?}} and a request id.

Services raise `ApiError` subclasses; the handlers here turn them, marshmallow validation errors and
Werkzeug's HTTP errors into JSON. A lost or unreachable database is a 503 with Retry-After, logged in
a bounded number of lines (server/outage.py). Anything else unexpected is logged with the request id and
answered as a JSON 500 carrying the same id, so a report from a user can be matched to the log line.
"""
from __future__ import annotations

import logging
import secrets
import traceback

from flask import Flask, g, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from server import outage
from server.privacy import is_private

log = logging.getLogger("gloss")


class ApiError(Exception):
    status = 400
    code = "bad_request"
    message = "The request is malformed."

    def __init__(self, message: str | None = None, *, fields: dict | None = None, code: str | None = None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.fields = fields
        if code:
            self.code = code

    def headers(self) -> dict:
        return {}


class BadRequest(ApiError):
    pass


class Unauthorized(ApiError):
    status, code, message = 401, "unauthorized", "Sign in with a valid bearer token."

    def headers(self) -> dict:
        return {"WWW-Authenticate": 'Bearer realm="gloss"'}


class Forbidden(ApiError):
    status, code, message = 403, "forbidden", "You are not allowed to do this."


class NotFound(ApiError):
    status, code, message = 404, "not_found", "There is nothing here."


class Conflict(ApiError):
    status, code, message = 409, "conflict", "This conflicts with existing data."


class Gone(ApiError):
    status, code, message = 410, "gone", "This was deleted."


class PreconditionFailed(ApiError):
    status, code, message = 412, "precondition_failed", "The resource changed since you loaded it."


class UnsupportedMediaType(ApiError):
    status, code, message = 415, "unsupported_media_type", "Send JSON (application/json or application/ld+json)."


class Unprocessable(ApiError):
    status, code, message = 422, "invalid", "The request breaks the schema or a rule."


# Werkzeug's default codes, renamed into our vocabulary.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    412: "precondition_failed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
}


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None):
    payload = {"code": code, "message": message}
    if fields:
        payload["fields"] = fields
    response = jsonify({"error": payload})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _flatten_fields(messages) -> dict:
    """marshmallow nests errors by field; the API promises {"field.path": ["message", ...]}."""
    flat: dict[str, list[str]] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            flat.setdefault(prefix or "_schema", []).extend(value)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                walk(f"{prefix}.{index}", inner)
        else:
            flat.setdefault(prefix or "_schema", []).append(str(value))

    walk("", messages)
    return flat


def register_error_handlers(app: Flask) -> None:
    @app.before_request
    def _assign_request_id():
        incoming = request.headers.get("X-Request-Id", "")
        # Accept a proxy's id only when it is short and plain, so it is safe to echo and log.
        if 0 < len(incoming) <= 64 and incoming.replace("-", "").isalnum():
            g.request_id = incoming
        else:
            g.request_id = secrets.token_hex(8)

    @app.after_request
    def _echo_request_id(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        return response

    @app.errorhandler(ApiError)
    def _api_error(err: ApiError):
        return error_response(err.status, err.code, err.message, err.fields, err.headers())

    @app.errorhandler(ValidationError)
    def _validation_error(err: ValidationError):
        return error_response(422, "invalid", "Some fields are invalid.", _flatten_fields(err.messages))

    @app.errorhandler(HTTPException)
    def _http_error(err: HTTPException):
        status = err.code or 500
        message = {
            404: "There is nothing at this address.",
            405: "This method is not allowed here.",
            413: "The request body is too large.",
        }.get(status, err.description or "The request failed.")
        headers = {}
        if status == 405 and err.valid_methods:
            headers["Allow"] = ", ".join(sorted(err.valid_methods))
        return error_response(status, HTTP_CODES.get(status, "error"), message, headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception):
        if outage.failure_class(err) is not None:
            return outage.unavailable_response(err)
        if is_private():
            # The request carried a page: log where it failed, not the message (it may quote the URL).
            log.error("unexpected error (request id %s): %s\n%s", g.get("request_id"), type(err).__name__,
                      "".join(traceback.format_tb(err.__traceback__)))
        else:
            log.exception("unexpected error (request id %s)", g.get("request_id"))
        return error_response(500, "internal_error",
                              f"Something went wrong on our side; quote request id {g.get('request_id')}.")
