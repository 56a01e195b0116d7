"""What the logs may say about readers: nothing that tells which page they read.

Requests that carry a page (POST /api/anchor: its URL and text) or a trace of one (GET /api/lookup:
a hash prefix) are marked private by their view; an unexpected error in them is logged without the
exception's message (database errors quote their parameters). Request lines of the development
server (werkzeug) lose the client address and query string for every request; gunicorn's access
log does the same through gunicorn.conf.py.
"""
from __future__ import annotations

import logging
import re

from flask import g

# werkzeug: '127.0.0.1 - - [25/Nov/2026 01:02:03] "GET /api/lookup?prefix=ab12 HTTP/1.1" 200 -'
_ADDRESS = re.compile(r"^\S+ - - (\[[^\]]*\] )")
# The request line's query string ends at the space before the protocol (colours may wrap the line).
_QUERY = re.compile(r'([A-Z]+ /[^ ?"]*)\?[^ "]*')


def mark_private() -> None:
    g.private_request = True


def is_private() -> bool:
    return bool(g.get("private_request"))


class RequestLineFilter(logging.Filter):
    """Rewrites werkzeug's request lines without the client address and the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _QUERY.sub(r"\1", _ADDRESS.sub(r"\1", message))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_filters() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RequestLineFilter) for f in logger.filters):
        logger.addFilter(RequestLineFilter())
