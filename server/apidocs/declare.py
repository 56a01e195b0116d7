"""How a view says what it does for the API reference: one `@documented(...)` line above the view.

    @bp.get("/api/tokens")
    @documented(tag="Accounts", summary="List my tokens", auth="required", response=TokenListSchema)
    def list_tokens(): ...

Paths, path parameters and methods come from the Flask rule, so a declaration cannot name a path that
does not exist. The common error responses are added from what the declaration says (a body can be
malformed, too large, of the wrong type or invalid; a token can be missing or bad); `errors=` lists
the ones only this endpoint gives (403, 404, 409, 410, 412...). This module imports nothing of the
features, so every feature's views may use it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from marshmallow import Schema, fields

from server.web import JSON_TYPES

JSON = "application/json"
JSON_BODY_TYPES = JSON_TYPES
AUTH_LEVELS = ("none", "optional", "required")


@dataclass(frozen=True)
class Operation:
    """One documented operation; see `documented` for the meaning of each field."""

    tag: str
    summary: str
    description: str = ""
    auth: str = "none"
    query: type[Schema] | None = None
    body: type[Schema] | None = None
    body_types: tuple[str, ...] = JSON_BODY_TYPES
    status: tuple[int, ...] = (200,)
    response: type[Schema] | tuple[type[Schema], ...] | None = None
    media_type: str = JSON
    headers: tuple[str, ...] = ()
    request_headers: tuple[str, ...] = ()
    errors: tuple[int, ...] = ()
    extra_responses: dict[int, str] = field(default_factory=dict)


def documented(*, tag: str, summary: str, description: str = "", auth: str = "none",
               query: type[Schema] | None = None, body: type[Schema] | None = None,
               body_types: tuple[str, ...] = JSON_BODY_TYPES, status: int | tuple[int, ...] = 200,
               response: type[Schema] | tuple[type[Schema], ...] | None = None, media_type: str = JSON,
               headers: tuple[str, ...] = (), request_headers: tuple[str, ...] = (),
               errors: tuple[int, ...] = (), extra_responses: dict[int, str] | None = None):
    """Attach an Operation to a view function.

    tag: the group in the reference. auth: "none" (a token is ignored), "optional" (anonymous allowed; a
    bad token is still a 401) or "required". query: a Schema whose fields are the query parameters.
    body: the request body's Schema, sent as one of `body_types`. status: the success status(es).
    response: the success body's Schema (a tuple means "one of these"), served as `media_type`; None
    means an empty body, or, when `media_type` is not JSON, a document of that type (HTML, CSS).
    headers / request_headers: names from HEADERS below. errors: statuses beyond the ones
    implied by auth and body. extra_responses: other non-error statuses, e.g. {304: "Not modified."}.
    """
    if auth not in AUTH_LEVELS:
        raise ValueError(f"auth must be one of {AUTH_LEVELS}")
    unknown = [name for name in (*headers, *request_headers) if name not in HEADERS]
    if unknown:
        raise ValueError(f"describe these headers in HEADERS first: {unknown}")
    operation = Operation(tag=tag, summary=summary, description=description, auth=auth, query=query, body=body,
                          body_types=body_types, status=status if isinstance(status, tuple) else (status,),
                          response=response, media_type=media_type, headers=headers,
                          request_headers=request_headers, errors=errors, extra_responses=extra_responses or {})

    def attach(view):
        view.openapi = operation
        return view
    return attach


class Alternatives(fields.Field):
    """A response value that takes one of several shapes (documented as oneOf); output only."""

    def __init__(self, *choices: fields.Field, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices


HEADERS = {
    "Accept-Post": "Media types this container accepts in a POST.",
    "Allow": "Methods this resource answers.",
    "Cache-Control": "`no-store` when the response holds a secret shown once; `public, max-age=N` when it is "
                     "the same for everyone and may be cached N seconds.",
    "Content-Location": "The IRI of the representation returned (it depends on query and Prefer).",
    "ETag": "The representation's version: send it back in If-Match to update safely, or in If-None-Match "
            "to get a 304 while it has not changed.",
    "If-Match": "An ETag from a previous response: the change applies only if the note is still at that "
                "version (else 412). Omit it, or send `*`, to skip the check.",
    "If-None-Match": "An ETag from a previous response: 304 Not Modified if it still matches.",
    "Link": "Typed links (RFC 8288), e.g. the LDP interaction model of the resource.",
    "Location": "The absolute IRI of the created resource.",
    "Prefer": 'RFC 7240 preference, e.g. `return=representation;include="http://www.w3.org/ns/ldp#'
              'PreferMinimalContainer"` (or PreferContainedIRIs, or oa#PreferContainedDescriptions).',
    "Vary": "Request headers the representation depends on.",
}
