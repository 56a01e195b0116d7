"""GET /api/lookup (which URL hashes have notes) and GET /api/fingerprints (the quote filter).

Both answer the same thing to everyone and take nothing that identifies the page: a 4-digit hash
prefix, or nothing at all. Neither logs anything about the request (see docs/privacy.md).
"""
from __future__ import annotations

from flask import Blueprint, Response, request

from server.apidocs.declare import documented
from server.fingerprints import services
from server.fingerprints.schemas import FingerprintFilterSchema, LookupQuerySchema, LookupResponseSchema
from server.privacy import mark_private
from server.queryargs import query_args
from server.web import json_response, settings

bp = Blueprint("fingerprints", __name__)

LOOKUP_MAX_AGE = 60


@bp.get("/api/lookup")
@documented(tag="Lookup", summary="Which page URLs under a hash prefix have notes", query=LookupQuerySchema,
            response=LookupResponseSchema, headers=("Cache-Control",), errors=(400,),
            description="k-anonymous: the server learns 4 hex digits, never the URL, and logs nothing about the "
                        "request. Counts every note of any community status that anyone may see.")
def lookup():
    mark_private()
    prefix = query_args()["prefix"]
    response = json_response({"prefix": prefix, "hashes": services.lookup_hashes(prefix)})
    response.headers["Cache-Control"] = f"public, max-age={LOOKUP_MAX_AGE}"
    return response


@bp.get("/api/fingerprints")
@documented(tag="Lookup", summary="The Bloom filter of public notes' quotes", response=FingerprintFilterSchema,
            headers=("ETag", "Cache-Control"), request_headers=("If-None-Match",),
            extra_responses={304: "Not modified: If-None-Match holds the current ETag."},
            description="The extension tests a page's 8-word shingles against it and sends text to POST "
                        "/api/anchor only on a hit. The same for everyone; rebuilt at most every "
                        "GLOSS_FINGERPRINT_FILTER_SECONDS (default 300).")
def fingerprints():
    mark_private()
    etag, body = services.published_filter()
    max_age = settings().fingerprint_filter_seconds
    known = _etags(request.headers.get("If-None-Match", ""))
    if etag in known or "*" in known:
        response = Response(status=304)
    else:
        response = Response(body, status=200, content_type="application/json")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal, RFC 9110 13.1.2)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
