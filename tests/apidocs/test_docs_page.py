"""GET /api/docs: the reference as a page that works offline, lists every operation, loads nothing
from elsewhere (and says so in its CSP), and shows everything from the spec as text, never markup."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from markupsafe import escape

from server.apidocs.page import docs_page_context
from server.apidocs.views import current_spec

HTTP_METHODS = {"get", "put", "post", "delete", "options", "patch"}


class Assets(HTMLParser):
    """Every URL the page would load or link to: src, href, srcset, and url(...) in style attributes."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster") and value:
                self.urls.append(value)
            if name == "style" and value:
                self.urls += re.findall(r"url\(([^)]*)\)", value)


def test_the_page_lists_every_documented_operation_with_its_method_and_path(client):
    spec = client.get("/api/openapi.json").get_json()
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for path, item in spec["paths"].items():
        for method in set(item) & HTTP_METHODS:
            anchor = item[method]["operationId"]
            section = page.split(f'id="op-{anchor}"', 1)[1].split("</summary>", 1)[0]
            assert f">{method.upper()}<" in section and f">{html.escape(path)}<" in section
            assert str(escape(item[method]["summary"])) in section
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "Bearer token required." in page and "gls_" in page


def test_the_page_loads_nothing_from_other_hosts_and_its_csp_forbids_it(client):
    response = client.get("/api/docs")
    parser = Assets()
    parser.feed(response.get_data(as_text=True))
    assert parser.urls, "the parser found no links at all"
    external = [url for url in parser.urls if re.match(r"^\s*(https?:)?//", url)]
    assert external == []
    assert "<script" not in response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'self'" in csp
    assert "http" not in csp and "*" not in csp
    stylesheet = client.get(next(url for url in parser.urls if url.endswith(".css")))
    assert stylesheet.status_code == 200 and stylesheet.mimetype == "text/css"
    assert not re.search(r"url\(|@import|https?:", stylesheet.get_data(as_text=True))


def test_text_from_the_spec_is_escaped_not_rendered(app):
    hostile = "<script>alert('x')</script><img src=//evil.example/x>"
    with app.test_request_context("/api/docs"):
        spec = current_spec()
        spec = {**spec, "info": {**spec["info"], "description": hostile},
                "paths": {"/api/x": {"get": {"operationId": "x", "tags": ["Service"], "summary": hostile,
                                             "description": f"`{hostile}`",
                                             "responses": {"200": {"description": hostile}},
                                             "parameters": [{"name": hostile, "in": "query",
                                                             "description": hostile, "schema": {}}]}}}}
        from flask import render_template
        page = render_template("apidocs/docs.html", **docs_page_context(spec))
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 5
    assert "<code>&lt;script&gt;" in page  # `code` spans are rendered, their text still escaped
