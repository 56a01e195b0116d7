"""Helpers every view shares: reading a JSON body, absolute URLs, paging parameters."""
from __future__ import annotations

import json

import orjson
from flask import Response, current_app, request

from server.errors import BadRequest, UnsupportedMediaType, Unprocessable

JSON_TYPES = ("application/json", "application/ld+json")
W3C_CONTENT_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def settings():
    return current_app.config["GLOSS"]


def json_body() -> dict:
    """The request's JSON object, or a 415/400/422 that says what is wrong with it."""
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)  # MAX_CONTENT_LENGTH turns an oversized body into a 413 here
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The body is not valid JSON.", code="malformed_json") from None
    if not isinstance(data, dict):
        raise Unprocessable("The body must be a JSON object.")
    _reject_unstorable_text(data)
    return data


def _reject_unstorable_text(value) -> None:
    """NUL and lone surrogates are valid JSON but cannot be stored (PostgreSQL rejects NUL)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise Unprocessable("Text must not contain NUL characters.", code="bad_text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Unprocessable("Text must be valid Unicode (no lone surrogates).", code="bad_text") from None
    elif isinstance(value, dict):
        for key, inner in value.items():
            _reject_unstorable_text(key)
            _reject_unstorable_text(inner)
    elif isinstance(value, list):
        for inner in value:
            _reject_unstorable_text(inner)


def base_url() -> str:
    """The public origin ids are minted under: PUBLIC_BASE_URL, else the address the client used (only
    an allowed host gets this far without PUBLIC_BASE_URL: server/hosts.py)."""
    return settings().public_base_url or request.host_url.rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def page_limit() -> int:
    limits = settings().limits
    raw = request.args.get("limit")
    if raw is None:
        return limits.page_default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= limits.page_max:  # "¹".isdigit() too
        raise Unprocessable(fields={"limit": [f"Must be a whole number from 1 to {limits.page_max}."]})
    return int(raw)


def rfc3339(moment) -> str:
    """RFC 3339 in UTC with Z, whole seconds (isoformat is several times faster than strftime)."""
    return moment.isoformat(timespec="seconds")[:19] + "Z"


def json_response(payload, status: int = 200, content_type: str = "application/json") -> Response:
    """A JSON response encoded with orjson: listings serialize many notes, and the standard
    library's encoder was a sixth of a listing request's time."""
    return Response(orjson.dumps(payload), status=status, content_type=content_type)
