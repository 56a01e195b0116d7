"""Headers every response carries, whatever serves it: no content-type sniffing (a JSON answer quoting
user text is never run as HTML or script). The moderator UI adds its own set (moderation/ui/security.py)."""
from __future__ import annotations

from flask import Flask


def install_security_headers(app: Flask) -> None:
    @app.after_request
    def _nosniff(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
