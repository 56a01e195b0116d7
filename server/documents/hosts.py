"""A page's host, as every filter that asks for one reads it (search's `domain`, the moderation queue's):
one parser and one SQL condition, so the two cannot drift (the queue's missed hosts with a port)."""
from __future__ import annotations

import re

from sqlalchemy import or_, select

from server.documents.models import DocumentUrl

# Letters, digits and hyphens between dots: no LIKE wildcard can get into the condition below.
HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")
HOST_PROBLEM = "A host name such as news.example.com."


def parse_host(raw: str) -> str | None:
    """The host a filter asks for ("News.Example.com", ".example.com"), or None when it is not one."""
    host = raw.strip().lower().lstrip(".")
    return host if HOST.match(host) else None


def on_host(host: str, document_id):
    """Whether the page `document_id` has a URL on `host` or any subdomain, with or without a port."""
    return select(DocumentUrl.id).where(
        DocumentUrl.document_id == document_id,
        or_(*(DocumentUrl.url_key.like(f"https://{sub}{host}{end}%") for sub in ("", "%.") for end in ("/", ":")))
    ).exists()
