"""Annotations API: W3C Web Annotations in, W3C JSON-LD out."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, request

from server.accounts.auth import current_user, require_writer
from server.annotations import services
from server.annotations.anchoring import PageText, anchor_page
from server.annotations.representation import (AnchorResponseSchema, AnnotationListSchema, AnnotationOutSchema,
                                               annotation_iri, expected_version, present, present_document,
                                               w3c_response)
from server.annotations.queries import SEARCH_PARAMS, search_filters
from server.annotations.schemas import (AnchorRequestSchema, AnnotationInSchema, AnnotationPatchSchema,
                                        AnnotationSearchQuerySchema)
from server.annotations.visibility import requested_statuses
from server.apidocs.declare import W3C_JSON_LD, documented
from server.documents.urls import InvalidURL, normalize_url
from server.errors import ApiError, Unprocessable
from server.privacy import mark_private
from server.web import base_url, json_body, json_response, page_limit, settings

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
    viewer = current_user()  # a bad token is a 401 even where anonymous reading is allowed
    args = request.args
    raw_url = args.get("url")
    url = None
    if raw_url is not None:
        try:
            url = normalize_url(raw_url)
        except InvalidURL as err:
            raise Unprocessable(fields={"url": [str(err)]}) from None
    limit = page_limit()
    raw_status = args.get("status")
    statuses = requested_statuses(raw_status, viewer)
    if url is not None and not any(k in args for k in SEARCH_PARAMS):
        # The reader's path: one page's notes, through the prebuilt statement.
        items, next_cursor, total = services.list_for_page(url, limit, args.get("cursor"), statuses, viewer)
    else:
        filters, sort = search_filters(args, url)
        items, next_cursor, total = services.search(filters, sort, limit, args.get("cursor"), statuses, viewer)
    next_url = None
    if next_cursor:
        query = {**{k: v for k, v in args.items() if k != "cursor"}, "limit": limit, "cursor": next_cursor}
        if url is not None:
            query["url"] = url
        next_url = f"{base_url()}/api/annotations?{urlencode(query)}"
    base = base_url()
    payload = {"items": [present(a, base) for a in items], "next": next_url, "total": total}
    return json_response(payload)


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
    document, anchored, truncated = anchor_page(data["url"], data["canonical_url"], page,
                                                limits.max_anchor_notes, requested_statuses(data.get("status"), viewer),
                                                viewer.id if viewer else None, bool(viewer and viewer.can_moderate),
                                                settings().cross_document_anchoring)
    items, base = [], base_url()
    for note, result, via in anchored:
        shown = present(note, base)
        shown["gloss"]["anchor"] = result.as_dict()
        if via is not None:
            shown["gloss"]["anchor"]["via"] = via
        items.append(shown)
    payload = {"document": present_document(document) if document else None, "items": items,
               "total": len(items), "truncated": truncated}
    return json_response(payload)
