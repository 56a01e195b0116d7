"""GET /api/openapi.json (the OpenAPI document) and GET /api/docs (the same, as a page that needs
nothing but this server: no CDN, no external fonts or scripts, and a CSP that forbids them)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template

from server.apidocs.declare import documented
from server.apidocs.page import docs_page_context
from server.apidocs.schemas import OpenAPIDocumentSchema
from server.apidocs.spec import build_spec
from server.web import base_url, json_response

bp = Blueprint("apidocs", __name__, url_prefix="/api")

STYLESHEET = Path(__file__).with_name("assets") / "docs.css"
# Only this server's own stylesheet; no scripts, frames, fonts or images from anywhere.
DOCS_CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")


def current_spec() -> dict:
    """The document, built once per app, with `servers` the address clients use (PUBLIC_BASE_URL, else
    the request's host: set per request, never a cache key a client's Host header could grow)."""
    spec = current_app.extensions.get("gloss_openapi")
    if spec is None:
        spec = current_app.extensions["gloss_openapi"] = build_spec(current_app, "")
    return {key: [{"url": base_url()}] if key == "servers" else value for key, value in spec.items()}


@bp.get("/openapi.json")
@documented(tag="Service", summary="This API's OpenAPI 3.1 document",
            description="Generated from the server's routes and marshmallow schemas; `servers` is PUBLIC_BASE_URL.",
            response=OpenAPIDocumentSchema)
def openapi_document():
    return json_response(current_spec())


@bp.get("/docs")
@documented(tag="Service", summary="The API reference as an HTML page (works offline)", media_type="text/html")
def docs_page():
    html = render_template("apidocs/docs.html", **docs_page_context(current_spec()))
    return Response(html, content_type="text/html; charset=utf-8", headers=_page_headers())


@bp.get("/docs/docs.css")
@documented(tag="Service", summary="The reference page's stylesheet", media_type="text/css")
def docs_stylesheet():
    headers = {**_page_headers(), "Cache-Control": "public, max-age=3600"}
    return Response(STYLESHEET.read_bytes(), content_type="text/css; charset=utf-8", headers=headers)


def _page_headers() -> dict:
    return {"Content-Security-Policy": DOCS_CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"}
