"""Annotations API: W3C Web Annotations in, W3C JSON-LD out."""
from __future__ import annotations

from flask import Blueprint, request

from server.accounts.auth import current_user, require_writer
from server.annotations import services
from server.annotations.page_anchoring import PageText, anchor_page
from server.annotations.representation import (
    AnchorResponseSchema,
    AnnotationListSchema,
    AnnotationOutSchema,
    annotation_iri,
    expected_version,
    present,
    present_anchored,
    w3c_response,
)
from server.annotations.schemas import (
    AnchorRequestSchema,
    AnnotationInSchema,
    AnnotationPatchSchema,
    AnnotationSearchQuerySchema,
)
from server.annotations.visibility import Viewer
from server.apidocs.declare import documented
from server.errors import ApiError
from server.privacy import mark_private
from server.queryargs import next_link, query_args
from server.web import W3C_JSON_LD, base_url, json_body, json_response, settings

bp = Blueprint("annotations", __name__)


def _load(partial: bool) -> dict:
    return AnnotationInSchema(limits=settings().limits, partial=partial).load(json_body())


@bp.post("/api/annotations")
@documented(tag="Annotations", summary="Write a note", auth="required", body=AnnotationInSchema, status=201,
            response=AnnotationOutSchema, media_type=W3C_JSON_LD, headers=("ETag", "Location"), errors=(403,),
            description="Contributors and above, not suspended. Give the quote (TextQuoteSelector), a position "
                        "(TextPositionSelector) or both; with gloss.page_text the server fills in the other.")
def create():
    author = require_writer()
    annotation = services.create_annotation(author, _load(partial=False))
    response = w3c_response(present(annotation), 201, annotation)
    response.headers["Location"] = annotation_iri(annotation.id)
    return response


@bp.get("/api/annotations/<annotation_id>")
@bp.get("/annotations/<annotation_id>")
@documented(tag="Annotations", summary="Read a note", auth="optional", response=AnnotationOutSchema,
            media_type=W3C_JSON_LD, headers=("ETag", "Link", "Allow", "Vary"), errors=(404, 410),
            description="Notes held back by moderators are 404 except to their author and moderators.")
def read(annotation_id: str):
    annotation = services.get_visible_annotation(annotation_id, current_user())
    return w3c_response(present(annotation), annotation=annotation)


@bp.put("/api/annotations/<annotation_id>")
@bp.put("/annotations/<annotation_id>")
@documented(tag="Annotations", summary="Replace my note", auth="required", body=AnnotationInSchema,
            response=AnnotationOutSchema, media_type=W3C_JSON_LD, headers=("ETag", "Link", "Allow", "Vary"),
            request_headers=("If-Match",), errors=(403, 404, 410, 412),
            description="The author only. The target's page cannot change. What GET gave can be sent back.")
def replace(annotation_id: str):
    return _update(annotation_id, partial=False)


@bp.patch("/api/annotations/<annotation_id>")
@bp.patch("/annotations/<annotation_id>")
@documented(tag="Annotations", summary="Change some fields of my note", auth="required",
            body=AnnotationPatchSchema, response=AnnotationOutSchema, media_type=W3C_JSON_LD,
            headers=("ETag", "Link", "Allow", "Vary"), request_headers=("If-Match",), errors=(403, 404, 410, 412))
def patch(annotation_id: str):
    return _update(annotation_id, partial=True)


def _update(annotation_id: str, partial: bool):
    user = require_writer()
    data = _load(partial)
    annotation = services.update_annotation(user, annotation_id, data, expected_version())
    return w3c_response(present(annotation), annotation=annotation)


@bp.delete("/api/annotations/<annotation_id>")
@bp.delete("/annotations/<annotation_id>")
@documented(tag="Annotations", summary="Delete my note", auth="required", status=204,
            request_headers=("If-Match",), errors=(403, 404, 410, 412))
def delete(annotation_id: str):
    services.delete_annotation(require_writer(), annotation_id, expected_version())
    return "", 204


@bp.get("/api/annotations")
@documented(tag="Annotations", summary="Search notes, or list one page's notes", auth="optional",
            query=AnnotationSearchQuerySchema, response=AnnotationListSchema,
            description="Anonymous clients and app keys see publicly visible notes only; a signed-in user also "
                        "sees their own. Oldest first by `sort` (created, else updated), then id; follow `next` "
                        "to page (keyset cursors, no depth limit).")
def list_for_page():
    mark_private()  # ?url= names the page a reader is on
    query = query_args()
    viewer = Viewer.of(current_user(), query.get("status", ()))  # a bad token is a 401 even for reading
    items, next_cursor, total = services.find_notes(query, viewer)
    base = base_url()
    next_url = next_link("/api/annotations", next_cursor, limit=query["limit"], url=query.get("url"))
    return json_response({"items": [present(a, base) for a in items], "next": next_url, "total": total})


class TextTooLarge(ApiError):
    status, code = 413, "text_too_large"


@bp.post("/api/anchor")
@documented(tag="Annotations", summary="Anchor a page's notes on its current text", auth="optional",
            body=AnchorRequestSchema, response=AnchorResponseSchema,
            description="The extension sends the page's text; each visible note comes back with where it lands "
                        "(gloss.anchor). The text is used for this answer and dropped, never stored.")
def anchor():
    """The page's visible notes with where each lands on the text sent. The text is used and dropped."""
    mark_private()
    viewer = current_user()
    limits = settings().limits
    request.max_content_length = limits.max_anchor_body_bytes
    data = AnchorRequestSchema().load(json_body())
    if len(data["text"].encode("utf-8")) > limits.max_page_text_bytes:
        raise TextTooLarge(f"The page text is larger than {limits.max_page_text_bytes:,} bytes.")
    page = PageText(data["text"], data["extraction"], data["breaks"], data["links"])
    document, anchored, truncated = anchor_page(data["url"], data["canonical_url"], page, limits.max_anchor_notes,
                                                Viewer.of(viewer, data.get("status", ())),
                                                settings().cross_document_anchoring)
    return json_response(present_anchored(document, anchored, truncated))
