"""W3C Web Annotation Protocol: the Annotation Container at /annotations/.

The container is an LDP BasicContainer and an AnnotationCollection of the notes a reader may see:
live notes moderators have not held back, whose community status is one asked for with `?status=`
(comma-separated, as in GET /api/annotations; the default is `helpful`, so freshly written notes show
only with `?status=needs_more_ratings`), plus the reader's own notes. `?url=` scopes it to one page.
Notes are ordered by created, then id, and paged PAGE_SIZE at a time as AnnotationPages
(`?page=N`, 0-based).

Representations (each its own IRI, given as `id` and Content-Location):
- `Prefer: return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"`
  (or `?minimal=1`): the container description only, `first`/`last` as page IRIs.
- `...include="http://www.w3.org/ns/ldp#PreferContainedIRIs"` (or `?iris=1`): the first page embedded,
  its items as annotation IRIs.
- `...include="http://www.w3.org/ns/oa#PreferContainedDescriptions"` (the default, or `?iris=0`):
  the first page embedded with full annotation descriptions.
Query parameters win over the Prefer header, so page IRIs are stable links.

POST to the container creates a note exactly like POST /api/annotations (201, Location = its IRI,
which is the container IRI + the note's id). The existing /annotations/<id> routes serve each note;
this blueprint adds the protocol's Link/Allow/Vary headers to their responses.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

from flask import Blueprint, Response, request

from server.accounts.auth import current_user, require_writer
from server.annotations import services as annotation_services
from server.annotations.representation import AnnotationOutSchema, annotation_iri, present, w3c_response
from server.annotations.schemas import AnnotationInSchema
from server.annotations.visibility import Viewer
from server.apidocs.declare import documented
from server.errors import NotFound
from server.protocol import services
from server.protocol.schemas import AnnotationContainerSchema, AnnotationPageSchema, ContainerQuerySchema
from server.queryargs import query_args
from server.web import W3C_JSON_LD, base_url, json_body, json_response, rfc3339, settings

bp = Blueprint("protocol", __name__)

PAGE_SIZE = 20
CONTAINER_PATH = "/annotations/"
COLLECTION_CONTEXT = ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld"]

LDP = "http://www.w3.org/ns/ldp#"
PREFER_MINIMAL = LDP + "PreferMinimalContainer"
PREFER_IRIS = LDP + "PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"

CONTAINER_LINKS = ('<http://www.w3.org/ns/ldp#BasicContainer>; rel="type", '
                   '<http://www.w3.org/TR/annotation-protocol/>; rel="http://www.w3.org/ns/ldp#constrainedBy"')
CONTAINER_ALLOW = "GET, HEAD, OPTIONS, POST"
ANNOTATION_LINK = '<http://www.w3.org/ns/ldp#Resource>; rel="type"'
ANNOTATION_ALLOW = "PUT, GET, OPTIONS, HEAD, DELETE, PATCH"
ANNOTATION_PATH = re.compile(r"^/(?:api/)?annotations/[^/]+$")
# The representation depends on the reader's own notes too, so shared caches must key on Authorization.
CONTAINER_VARY = "Accept, Prefer, Authorization"


class View:
    """What was asked of the container: scope (url, status), item style, minimal or not, page."""

    def __init__(self):
        user = current_user()  # a bad token is a 401 even where anonymous reading is allowed
        query = query_args()
        self.url = query.get("url")
        self.asked = query.get("status", ())
        self.viewer = Viewer.of(user, self.asked)
        preferred = _preferred_includes()
        self.iris = query.get("iris", PREFER_IRIS in preferred and PREFER_DESCRIPTIONS not in preferred)
        self.minimal = query.get("minimal", PREFER_MINIMAL in preferred)
        self.page = query.get("page")
        self.base = base_url()

    def iri(self, page: int | None = None, minimal: bool = False) -> str:
        query = {}
        if self.url:
            query["url"] = self.url
        if self.asked:
            query["status"] = ",".join(self.asked)
        query["iris"] = int(self.iris)
        if minimal:
            query["minimal"] = 1
        if page is not None:
            query["page"] = page
        return f"{self.base}{CONTAINER_PATH}?{urlencode(query)}"


def _preferred_includes() -> set[str]:
    """The IRIs of `include="…"` in Prefer: return=representation (RFC 7240, LDP 7.2)."""
    wanted: set[str] = set()
    for preference in request.headers.getlist("Prefer"):
        for part in preference.split(";")[1:] if "return=representation" in preference.replace(" ", "") else []:
            name, _, value = part.strip().partition("=")
            if name.strip().lower() == "include":
                wanted.update(value.strip().strip('"').split())
    return wanted


def _last_page(total: int) -> int:
    return max(0, (total - 1) // PAGE_SIZE)


def _page(view: View, number: int, total: int, newest, embedded: bool) -> dict:
    rows = services.container_page(view.url, view.viewer, number * PAGE_SIZE, PAGE_SIZE)
    part_of = {"id": view.iri(), "total": total}
    if newest is not None:
        part_of["modified"] = rfc3339(newest)
    page = {} if embedded else {"@context": COLLECTION_CONTEXT[0]}
    page.update({"id": view.iri(number), "type": "AnnotationPage", "partOf": part_of, "startIndex": number * PAGE_SIZE})
    if number > 0:
        page["prev"] = view.iri(number - 1)
    if number < _last_page(total):
        page["next"] = view.iri(number + 1)
    if view.iris:
        page["items"] = [f"{view.base}/annotations/{row.id}" for row in rows]
    else:
        page["items"] = [present(row, view.base) for row in rows]
    return page


def _container(view: View, total: int, newest) -> dict:
    container = {"@context": COLLECTION_CONTEXT, "id": view.iri(minimal=view.minimal),
                 "type": ["BasicContainer", "AnnotationCollection"], "total": total}
    if newest is not None:
        container["modified"] = rfc3339(newest)
    container["label"] = "Gloss notes" + (f" on {view.url}" if view.url else "")
    if view.minimal:
        container["first"] = view.iri(0)
    else:
        container["first"] = _page(view, 0, total, newest, embedded=True)
    container["last"] = view.iri(_last_page(total))
    return container


def _container_headers(response: Response) -> Response:
    response.headers["Link"] = CONTAINER_LINKS
    response.headers["Allow"] = CONTAINER_ALLOW
    response.headers["Accept-Post"] = W3C_JSON_LD
    response.headers["Vary"] = CONTAINER_VARY
    return response


@bp.get(CONTAINER_PATH, provide_automatic_options=False)
@documented(tag="W3C Annotation Protocol", summary="The annotation container, or one page of it (also HEAD)",
            auth="optional", query=ContainerQuerySchema, request_headers=("Prefer", "If-None-Match"),
            response=(AnnotationContainerSchema, AnnotationPageSchema), media_type=W3C_JSON_LD,
            headers=("ETag", "Link", "Allow", "Accept-Post", "Vary", "Content-Location"), errors=(404,),
            extra_responses={304: "Not modified: If-None-Match names the current ETag."},
            description="Visible notes, oldest first, 20 a page. Without ?page the container itself (its first page "
                        "embedded unless minimal); with ?page=N an AnnotationPage. 404 past the last page.")
def container():
    view = View()
    total, newest = services.container_summary(view.url, view.viewer)
    if view.page is None:
        payload = _container(view, total, newest)
    else:
        if view.page > _last_page(total):
            raise NotFound("No such page in this container.")
        payload = _page(view, view.page, total, newest, embedded=False)
    response = _container_headers(json_response(payload, 200, W3C_JSON_LD))
    response.headers["Content-Location"] = payload["id"]
    # The representation's own bytes: any change to the notes shown (or their count) changes it.
    response.headers["ETag"] = '"c' + hashlib.sha256(response.get_data()).hexdigest()[:32] + '"'
    return response.make_conditional(request)


@bp.route(CONTAINER_PATH, methods=["OPTIONS"])
@documented(tag="W3C Annotation Protocol", summary="What the container allows",
            headers=("Link", "Allow", "Accept-Post", "Vary"))
def container_options():
    return _container_headers(Response(status=200))


@bp.post(CONTAINER_PATH, provide_automatic_options=False)
@documented(tag="W3C Annotation Protocol", summary="Create a note in the container", auth="required",
            body=AnnotationInSchema, status=201, response=AnnotationOutSchema, media_type=W3C_JSON_LD,
            headers=("ETag", "Location", "Link", "Vary"), errors=(403,),
            description="As POST /api/annotations; the new note's IRI is the container IRI + its id.")
def create():
    author = require_writer()
    data = AnnotationInSchema(limits=settings().limits, partial=False).load(json_body())
    annotation = annotation_services.create_annotation(author, data)
    response = w3c_response(present(annotation), 201, annotation)
    response.headers["Location"] = annotation_iri(annotation.id)
    response.headers["Link"] = ANNOTATION_LINK
    response.headers["Vary"] = "Accept"
    return response


@bp.after_app_request
def annotation_headers(response: Response) -> Response:
    """The protocol's headers on a note's own responses (served by server.annotations.views)."""
    if (request.method in ("GET", "HEAD", "OPTIONS", "PUT", "PATCH") and 200 <= response.status_code < 300
            and ANNOTATION_PATH.match(request.path)):
        links = [link for link in response.headers.getlist("Link") if link != ANNOTATION_LINK]
        response.headers.setlist("Link", [*links, ANNOTATION_LINK])
        response.headers["Allow"] = ANNOTATION_ALLOW
        response.vary.add("Accept")
    return response
