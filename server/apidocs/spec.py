"""Build the OpenAPI 3.1 document from the app's own routes and the `@documented` declarations on them.

Every rule under the API prefixes is looked at: its path and path parameters come from the rule, its
meaning from the view's Operation (server.apidocs.declare), its shapes from marshmallow schemas through
apispec's MarshmallowPlugin. A view without a declaration is left out here, and the test suite fails on
it (tests/apidocs/test_spec.py), so the reference cannot silently miss an endpoint.
"""
from __future__ import annotations

import re
from collections import defaultdict
from importlib import metadata

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from server.apidocs.declare import HEADERS, JSON, Alternatives, Operation
from server.apidocs.schemas import ErrorSchema
from server.ratelimits import is_rate_limited
from server.web import is_api_path, is_write

OPENAPI_VERSION = "3.1.0"
DOCUMENTED_PREFIXES = ("/api/", "/annotations/", "/feeds/")
RULE_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

# Groups of the reference, in the order the docs page shows them; a tag not listed here comes last.
TAGS = {
    "Annotations": "Notes as W3C Web Annotations (JSON-LD): write, read, search, anchor on a page's text.",
    "W3C Annotation Protocol": "The LDP container at /annotations/ for W3C Web Annotation Protocol clients. "
                               "Each note's IRI, /annotations/{id}, answers GET, PUT, PATCH and DELETE like "
                               "/api/annotations/{id}.",
    "Ratings": "Readers rate notes; the community model turns ratings into a status.",
    "Moderation": "Flags from readers, and moderators' actions, queue and audit log.",
    "Accounts": "Register, sign in for a bearer token, manage tokens.",
    "App keys": "Read-only keys (`glk_…`) for third-party apps, made and revoked by a signed-in user.",
    "Feeds": "For third parties: the change feed, an Atom feed, a bulk export, fact-check verdicts as "
             "schema.org ClaimReview.",
    "Lookup": "Privacy-preserving page lookup for the extension: which URL hashes have notes, and a Bloom filter "
              "of quoted passages. Both answer everyone the same and learn nothing about the page.",
    "Service": "Health, and this reference.",
}

PATH_PARAMETERS = {
    "annotation_id": "The note's id (the last segment of its IRI).",
    "key_id": "The app key's id, from GET /api/keys.",
    "token_id": "The token's id, from GET /api/tokens.",
    "username": "A username.",
}

SUCCESS = {200: "OK.", 201: "Created.", 204: "Done; no body.", 304: "Not modified (the ETag matches)."}

ERRORS = {
    400: "Malformed: the path or query string holds NUL or bytes that are not UTF-8 (`bad_text`, any "
         "request), the body is not JSON (`malformed_json`) or nested more than 64 levels deep (`too_deep`), or a "
         "cursor was not one this server gave out (`bad_cursor`).",
    401: "No, malformed or unknown bearer token (`WWW-Authenticate: Bearer`). A bad token is a 401 even "
         "where anonymous access is allowed.",
    403: "Authenticated, but not allowed (suspended, wrong role, not the author...): see `error.code`.",
    404: "Unknown resource.",
    409: "Conflicts with existing data (already registered, already flagged, a stale moderation decision).",
    410: "The note was deleted, or removed by a moderator.",
    412: "If-Match names a version the note no longer has: fetch it again.",
    413: "The request body is larger than the server accepts.",
    415: "The body must be application/json or application/ld+json.",
    422: "Valid JSON or parameters that break the schema or a rule; `error.fields` says which and why.",
    429: "Rate limited: wait `Retry-After` seconds. Every response this limit counts carries `RateLimit-Limit`, "
         "`RateLimit-Remaining` and `RateLimit-Reset` (seconds), so a client can slow down before it gets here.",
    503: "The database cannot be reached (`unavailable`; `database_unavailable` from /api/health): retry after "
         "`Retry-After` seconds. Nothing was changed.",
}

# Statuses every documented operation can answer whatever it declares: 400 `bad_text`, for a path or query
# string that is not text (server.web.reject_unreadable_input runs before every view); and 503 while the
# database is down (server/outage.py), except on the operations below, which never touch it. Two more
# follow from the route rather than the declaration: 429 wherever server.ratelimits counts requests (not
# /api/health or OPTIONS), and 403 `app_key_read_only` on every API write (an app key is refused before
# the view).
COMMON_ERRORS: tuple[int, ...] = (400,)
DATABASE_ERRORS: tuple[int, ...] = (503,)
NO_DATABASE_ENDPOINTS = frozenset({"apidocs.openapi_document", "apidocs.docs_page", "apidocs.docs_stylesheet",
                                   "protocol.container_options"})

APP_KEY_WRITE = " An app key (`glk_…`) gets `app_key_read_only`: app keys cannot write."

ERROR_HEADERS = {
    401: {"WWW-Authenticate": 'Bearer realm="gloss"'},
    429: {"Retry-After": "Seconds to wait before trying again.",
          "RateLimit-Limit": "Requests allowed in the window of the limit that applied (reads and writes, "
                             "per app key, user or address, are counted apart).",
          "RateLimit-Remaining": "Requests left in this window: 0.",
          "RateLimit-Reset": "Seconds until the window resets."},
    503: {"Retry-After": "Seconds to wait before trying again."},
}

BEARER = ("`Authorization: Bearer <token>`. Users' tokens (`gls_…`, from POST /api/tokens) and third-party app "
          "keys (`glk_…`) share this one scheme. A request with an app key reads as the public does: only "
          "publicly visible notes.")

DESCRIPTION = ("Community notes in the margin of the news. Errors are always "
               '`{"error": {"code", "message", "fields"}}`; every response carries `X-Request-Id`. '
               "Lists are `{items, next, total}` with opaque cursors: follow `next`. Timestamps are RFC 3339 UTC.")


def api_version() -> str:
    try:
        return metadata.version("gloss")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def openapi_path(rule: str) -> str:
    return RULE_PARAMETER.sub(r"{\1}", rule)


def documentable_routes(app: Flask):
    """(rule, method) for every route under the documented prefixes, except the implicit HEAD (with GET)
    and OPTIONS (Flask's automatic answer) methods."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(DOCUMENTED_PREFIXES):
            continue
        methods = set(rule.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")
        if getattr(rule, "provide_automatic_options", False):
            methods.discard("OPTIONS")
        for method in sorted(methods):
            yield rule, method


def build_spec(app: Flask, server_url: str) -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(title="Gloss API", version=api_version(), openapi_version=OPENAPI_VERSION, plugins=[plugin],
                   info={"description": DESCRIPTION}, servers=[{"url": server_url}])
    plugin.converter.add_attribute_function(alternatives2properties)
    plugin.converter.add_attribute_function(one_or_many2properties)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "description": BEARER})
    spec.components.schema("Error", schema=ErrorSchema)

    operations: dict[str, dict] = defaultdict(dict)
    for rule, method in documentable_routes(app):
        operation = getattr(app.view_functions[rule.endpoint], "openapi", None)
        if operation is not None:
            path = openapi_path(rule.rule)
            operations[path][method.lower()] = _operation(operation, path, method, rule)

    used_tags = {op["tags"][0] for ops in operations.values() for op in ops.values()}
    for name in [*TAGS, *sorted(used_tags - set(TAGS))]:
        if name in used_tags:
            spec.tag({"name": name, "description": TAGS.get(name, "")})
    for path in sorted(operations):
        spec.path(path=path, operations=operations[path], parameters=_path_parameters(path))
    return spec.to_dict()


def _path_parameters(path: str) -> list[dict]:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "string"},
             "description": PATH_PARAMETERS.get(name, "")}
            for name in re.findall(r"{([^}]+)}", path)]


def _operation(operation: Operation, path: str, method: str, rule) -> dict:
    shown = {"tags": [operation.tag], "summary": operation.summary,
             "operationId": re.sub(r"[^A-Za-z0-9]+", "_", f"{method.lower()}{path}").strip("_"),
             "security": _security(operation.auth),
             "responses": _responses(operation, is_rate_limited(rule.rule, method, rule.endpoint),
                                     is_api_path(rule.rule) and is_write(method, rule.endpoint),
                                     rule.endpoint not in NO_DATABASE_ENDPOINTS)}
    if operation.description:
        shown["description"] = operation.description
    parameters = [{"in": "header", "name": name, "required": False, "schema": {"type": "string"},
                   "description": HEADERS[name]} for name in operation.request_headers]
    if operation.query is not None:
        parameters.insert(0, {"in": "query", "schema": operation.query})
    if parameters:
        shown["parameters"] = parameters
    if operation.body is not None:
        shown["requestBody"] = {"required": True,
                                "content": {kind: {"schema": operation.body} for kind in operation.body_types}}
    return shown


def _security(auth: str) -> list[dict]:
    return {"none": [], "optional": [{}, {"bearer": []}], "required": [{"bearer": []}]}[auth]


def error_statuses(operation: Operation, rate_limited: bool = False, app_key_refused: bool = False,
                   database: bool = True) -> list[int]:
    """The error statuses an operation can answer: implied by its auth, body and query, by its route (rate
    limited, an API write refusing app keys, reading the database), plus its own."""
    statuses = {*operation.errors, *COMMON_ERRORS, *(DATABASE_ERRORS if database else ())}
    if rate_limited:
        statuses.add(429)
    if app_key_refused:
        statuses.add(403)
    if operation.auth != "none":
        statuses.add(401)
    if operation.body is not None:
        statuses.update((400, 413, 415, 422))
    if operation.query is not None:
        statuses.add(422)
        if "cursor" in operation.query._declared_fields:
            statuses.add(400)
    return sorted(statuses)


def _responses(operation: Operation, rate_limited: bool, app_key_refused: bool, database: bool) -> dict:
    responses: dict[str, dict] = {}
    for status in operation.status:
        responses[str(status)] = _success(operation, status)
    for status, description in operation.extra_responses.items():
        responses[str(status)] = {"description": description}
    for status in error_statuses(operation, rate_limited, app_key_refused, database):
        description = ERRORS[status] + (APP_KEY_WRITE if status == 403 and app_key_refused else "")
        error = {"description": description,
                 "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}
        if status in ERROR_HEADERS:
            error["headers"] = {name: {"description": text, "schema": {"type": "string"}}
                                for name, text in ERROR_HEADERS[status].items()}
        responses[str(status)] = error
    return responses


def _success(operation: Operation, status: int) -> dict:
    success: dict = {"description": SUCCESS.get(status, "Success.")}
    if operation.headers:
        success["headers"] = {name: {"description": HEADERS[name], "schema": {"type": "string"}}
                              for name in operation.headers}
    if status != 204:
        response = operation.response
        if isinstance(response, tuple):
            success["content"] = {operation.media_type: {"schema": {"oneOf": list(response)}}}
        elif response is not None:
            success["content"] = {operation.media_type: {"schema": response}}
        elif operation.media_type != JSON:  # a document that is not JSON: HTML, CSS...
            success["content"] = {operation.media_type: {"schema": {"type": "string"}}}
    return success


# apispec attribute functions (bound to its converter): shapes marshmallow fields do not say by themselves.

def alternatives2properties(self, field, **_) -> dict:
    """Alternatives(a, b): oneOf the choices' own schemas."""
    if isinstance(field, Alternatives):
        return {"oneOf": [self.field2property(choice) for choice in field.choices]}
    return {}


def one_or_many2properties(self, field, **_) -> dict:
    """metadata={"one_or_many": (SchemaA, SchemaB)}: one such object, or a non-empty list of them."""
    schemas = field.metadata.get("one_or_many")
    if not schemas:
        return {}
    refs = [self.resolve_nested_schema(schema) for schema in schemas]
    item = refs[0] if len(refs) == 1 else {"oneOf": refs}
    return {"oneOf": [item, {"type": "array", "items": item, "minItems": 1}]}
