"""Feeds for third parties: GET /api/changes, GET /feeds/annotations.atom,
GET /api/export/annotations.jsonl and GET /api/annotations/<id>/claimreview (docs/api.md "Feeds for third parties")."""
from __future__ import annotations

import itertools

import orjson
from flask import Blueprint, Response, request

from server import outage
from server.accounts.auth import current_user, require_key_holder
from server.annotations import services as annotation_services
from server.annotations.representation import AnnotationOutSchema, present
from server.annotations.visibility import Viewer
from server.apidocs.declare import documented
from server.db import db, utcnow
from server.errors import NotFound
from server.feeds import atom, services
from server.feeds.claimreview import CLAIMREVIEW_CONTENT_TYPE, claim_review
from server.feeds.schemas import (
    AtomQuerySchema,
    ChangeListSchema,
    ChangesQuerySchema,
    ClaimReviewSchema,
    ExportQuerySchema,
)
from server.queryargs import first_link, next_link, query_args
from server.web import base_url, json_response, rfc3339, settings

bp = Blueprint("feeds", __name__)

EXPORT_CONTENT_TYPE = "application/x-ndjson"
EXPORT_CUT_SHORT = ("The database became unavailable during the export; resume with updated_after one second "
                    "before the last complete line's modified.")


@bp.get("/api/changes")
@documented(tag="Feeds", summary="Changes to public notes since a cursor", auth="optional", query=ChangesQuerySchema,
            response=ChangeListSchema, errors=(400,),
            description="The change log, oldest first, for mirrors: keep the last item's `cursor` and ask again "
                        "with `since`. Only changes at least GLOSS_CHANGES_SETTLE_SECONDS old (default 2) are "
                        "served. The same for everyone who asks.")
def change_feed():
    """Changes after `since`, oldest first; each with the note as anyone may see it now, or null."""
    current_user()  # a bad token is a 401; what the feed shows never depends on who asks
    query = query_args()
    found = services.changes(query.get("since"), query["limit"], Viewer.public(query.get("status", ())),
                             settings().changes_settle_seconds)
    base = base_url()
    items = [{"cursor": services.BY_SEQ.cursor_of(change), "kind": change.kind,
              "id": f"{base}/annotations/{change.annotation_id}", "at": rfc3339(change.at),
              "annotation": present(change.note, base) if change.note else None} for change in found]
    # A full page: there may be more right now. Otherwise the client is up to date and polls later.
    last = items[-1]["cursor"] if len(found) == query["limit"] else None
    return json_response({"items": items, "next": next_link("/api/changes", last, name="since")})


@bp.get("/feeds/annotations.atom")
@documented(tag="Feeds", summary="Public notes as an Atom feed", query=AtomQuerySchema,
            media_type="application/atom+xml",
            description="Atom 1.0, newest first, paged as RFC 5005 says (`<link rel=\"next\">`). The search "
                        "filters of GET /api/annotations; bad values are the same JSON errors. Rate limited as "
                        "reads (429 with Retry-After).")
def atom_feed():
    """Public notes matching the search filters, newest first, RFC 5005 paged."""
    query = query_args()
    notes, next_cursor = services.newest_notes(query, Viewer.public(query.get("status", ())))
    base = base_url()
    self_url = f"{base}{request.full_path.rstrip('?')}"
    document = atom.feed_document(notes, base, self_url, first_link("/feeds/annotations.atom"),
                                  next_link("/feeds/annotations.atom", next_cursor), utcnow())
    return Response(document, content_type=atom.ATOM_CONTENT_TYPE)


@bp.get("/api/export/annotations.jsonl")
@documented(tag="Feeds", summary="Export every public note", auth="required", query=ExportQuerySchema,
            response=AnnotationOutSchema, media_type=EXPORT_CONTENT_TYPE,
            description="JSON Lines: each line is one note in the form of GET /api/annotations/{id} (the schema "
                        "below describes a line), ordered by (modified, id), streamed. An app key or a user token.")
def export():
    """Every public note (modified after `updated_after`), one W3C JSON-LD annotation per line,
    ordered by (modified, id), streamed in constant memory."""
    require_key_holder()
    query = query_args()
    engine, base = db.engine, base_url()  # the generator runs after this request context is gone
    batches = services.export_batches(engine, query.get("updated_after"), Viewer.public(query.get("status", ())))
    first = next(batches, [])  # read before the 200 is sent: a database already lost is a plain 503
    return Response(_export_lines(itertools.chain([first], batches), base, outage.stream_recorder()),
                    content_type=EXPORT_CONTENT_TYPE, headers={"X-Content-Type-Options": "nosniff"})


def _export_lines(batches, base: str, lost_database):
    """The export's body, one line per note; it runs after the request context is gone."""
    try:
        for batch in batches:
            yield b"".join(orjson.dumps(present(note, base)) + b"\n" for note in batch)
    except Exception as err:
        if not lost_database(err):
            raise
        # The 200 is sent: end with one error line (docs/api.md "Bulk export") so the client knows the
        # download is incomplete, and resumes with updated_after.
        yield orjson.dumps({"error": {"code": "unavailable", "message": EXPORT_CUT_SHORT}}) + b"\n"


@bp.get("/api/annotations/<annotation_id>/claimreview")
@documented(tag="Feeds", summary="A note's verdict as schema.org ClaimReview", auth="optional",
            response=ClaimReviewSchema, media_type=CLAIMREVIEW_CONTENT_TYPE, errors=(404, 410),
            description="For notes that carry a verdict (motivation `assessing`); a note without one is a 404 "
                        "`no_verdict`. Whoever may read the note may read this.")
def claimreview(annotation_id: str):
    """The note's verdict as schema.org ClaimReview, to whoever may read the note."""
    note = annotation_services.get_visible_annotation(annotation_id, current_user())
    if not note.verdict:
        raise NotFound("This note carries no verdict, so it has no ClaimReview.", code="no_verdict")
    return json_response(claim_review(note, base_url()), content_type=CLAIMREVIEW_CONTENT_TYPE)
