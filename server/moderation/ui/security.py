"""The moderator UI's response headers: a Content-Security-Policy that allows nothing but its own
pages and their one nonce'd stylesheet, no framing, no sniffing, no referrer, no caching.

The pages need no JavaScript (script-src 'none'); base.html's one <style> block carries the
request's nonce, and there are no style attributes (the SVG charts use classes and attributes).
"""
from __future__ import annotations

import secrets

from flask import g

POLICY = ("default-src 'self'; script-src 'none'; style-src 'nonce-{nonce}'; img-src 'self' data:; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP 2
    "X-Content-Type-Options": "nosniff",
    # A note's page links to the news page it is on: the moderation URL (a note id) must not follow.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Pages show held-back notes and flaggers' comments: never kept by a shared cache or the back button.
    "Cache-Control": "no-store",
}


def nonce() -> str:
    """This response's CSP nonce (templates put it on their <style>)."""
    value = g.get("csp_nonce")
    if value is None:
        value = g.csp_nonce = secrets.token_urlsafe(16)
    return value


def add_headers(response):
    response.headers["Content-Security-Policy"] = POLICY.format(nonce=nonce())
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response
