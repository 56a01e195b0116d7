"""Helpers every view shares: reading a JSON body, absolute URLs, JSON responses (query strings:
server/queryargs.py).

What a client sends is read here, once for every endpoint, so each class of bad input gets one clear
4xx instead of reaching the database or the schemas (issue 13, item 3):
- the URL: NUL and bytes that are not UTF-8, anywhere in the path or query string (and NUL in a form
  field), are a 400 `bad_text` before any view runs (`reject_unreadable_input`; PostgreSQL refuses NUL);
- a JSON body: nested deeper than MAX_JSON_DEPTH is a 400 `too_deep`; NUL and lone surrogates in its
  strings a 422 `bad_text`;
- query parameters: through the endpoint's query schema (server/queryargs.py).
"""
from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

import orjson
from flask import Response, current_app, request

from server.errors import BadRequest, Unprocessable, UnsupportedMediaType

# Deeper than any document the API takes (a note is 4 levels deep), and far below the ~1,000 levels
# where the standard library's parser raises RecursionError.
MAX_JSON_DEPTH = 64

JSON_TYPES = ("application/json", "application/ld+json")
# The W3C Web Annotation media type: what notes are served as, and what the reference names.
W3C_JSON_LD = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def settings():
    return current_app.config["GLOSS"]


def json_body() -> dict:
    """The request's JSON object, or a 415/400/422 that says what is wrong with it."""
    if request.mimetype not in JSON_TYPES:
        raise UnsupportedMediaType()
    raw = request.get_data(cache=True)  # MAX_CONTENT_LENGTH turns an oversized body into a 413 here
    try:
        data = json.loads(raw)
    except RecursionError:  # ~1,000 levels: past the limit anyway
        raise _too_deep() from None
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The body is not valid JSON.", code="malformed_json") from None
    if not isinstance(data, dict):
        raise Unprocessable("The body must be a JSON object.")
    _check_depth_and_text(data)
    return data


def _too_deep() -> BadRequest:
    return BadRequest(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.", code="too_deep")


def _check_depth_and_text(document) -> None:
    """400 past MAX_JSON_DEPTH nested arrays and objects; 422 for a string with NUL or a lone surrogate
    (valid JSON, but not storable: PostgreSQL refuses NUL). Walked with a stack, not recursion, so no
    document can exhaust Python's recursion limit here or later in the schemas."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, inner in items:
            if isinstance(key, str):
                _check_text(key)
            if isinstance(inner, str):
                _check_text(inner)
            elif isinstance(inner, (dict, list)):
                stack.append((inner, depth + 1))


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored (PostgreSQL refuses NUL; a lone surrogate is no UTF-8), or None."""
    if "\x00" in value:
        return "Text must not contain NUL characters."
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "Text must be valid Unicode (no lone surrogates)."
    return None


def _check_text(value: str) -> None:
    problem = text_problem(value)
    if problem:
        raise Unprocessable(problem, code="bad_text")


FORM_TYPE = "application/x-www-form-urlencoded"  # the moderator UI's forms; nothing reads multipart


def reject_unreadable_input():
    """Before every request (API, moderator UI, pages): a path or query string with NUL, or with bytes
    that are not UTF-8 (an overlong NUL, an encoded surrogate, a stray %FF), is a 400; so is NUL in a
    form field (the moderator UI's forms). Werkzeug would pass NUL through to the views and quietly turn
    bad bytes into U+FFFD."""
    path = request.environ.get("PATH_INFO", "")
    try:
        path_bytes = path.encode("latin-1")  # WSGI hands the raw bytes over as latin-1
        query = unquote_to_bytes(request.query_string.replace(b"+", b" ")).decode("utf-8")
        path_bytes.decode("utf-8")
    except UnicodeError:
        raise BadRequest("The address must be UTF-8 text.", code="bad_text") from None
    if b"\x00" in path_bytes or "\x00" in query:
        raise BadRequest("The address must not contain NUL characters.", code="bad_text")
    if request.mimetype == FORM_TYPE and any("\x00" in key or "\x00" in value
                                             for key, value in request.form.items(multi=True)):
        raise BadRequest("Form fields must not contain NUL characters.", code="bad_text")


# --- what kind of request this is (app keys may not write; the rate limits and the API reference ask too) ---

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Endpoints that take a POST body only because the input is large, and change nothing: they count as
# reads (for app keys and for the rate limits). A new read-shaped POST endpoint is added here.
READ_ONLY_POST_ENDPOINTS = frozenset({"annotations.anchor"})


def is_api_path(path: str) -> bool:
    return path.startswith(("/api/", "/annotations", "/feeds/"))


def is_write(method: str, endpoint: str | None) -> bool:
    """Whether a request changes something (app keys may not; the rate limits count it as a write).
    Pure, so the API reference (server/apidocs/spec.py) can ask it about a route."""
    return method in WRITE_METHODS and endpoint not in READ_ONLY_POST_ENDPOINTS


def is_api_request() -> bool:
    return is_api_path(request.path)


def is_write_request() -> bool:
    return is_write(request.method, request.endpoint)


def base_url() -> str:
    """The public origin ids are minted under: PUBLIC_BASE_URL, else the address the client used (only
    an allowed host gets this far without PUBLIC_BASE_URL: server/hosts.py)."""
    return settings().public_base_url or request.host_url.rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def rfc3339(moment) -> str:
    """RFC 3339 in UTC with Z, whole seconds (isoformat is several times faster than strftime)."""
    return moment.isoformat(timespec="seconds")[:19] + "Z"


def json_response(payload, status: int = 200, content_type: str = "application/json") -> Response:
    """A JSON response encoded with orjson: listings serialize many notes, and the standard
    library's encoder was a sixth of a listing request's time."""
    return Response(orjson.dumps(payload), status=status, content_type=content_type)
