"""Atom (RFC 4287) documents of notes, paged as RFC 5005 describes, built with ElementTree.

Every string goes through the XML library (no string templates), so note text can never become markup;
characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF), which JSON lets a note
carry, are replaced by U+FFFD rather than producing a document no reader can parse.

A note with a fact-check verdict carries its schema.org ClaimReview as JSON-LD text in an extension
element `<gloss:claimreview type="application/ld+json">` (namespace GLOSS_NS), which Atom readers that
do not know it ignore (RFC 4287 section 6).
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from server.feeds.claimreview import COMMUNITY_NAME, claim_review
from server.web import rfc3339

ATOM_NS = "http://www.w3.org/2005/Atom"
GLOSS_NS = "urn:gloss:feeds:1"
ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8"
TITLE_CHARS = 120

# Not allowed anywhere in an XML 1.0 document (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    # Atom is the document's default namespace and `gloss:` is declared on the root (feed_document),
    # so names are written as they appear rather than through ElementTree's generated prefixes.
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def entry_title(quote: str) -> str:
    """The quoted words on one line, shortened to TITLE_CHARS."""
    line = " ".join(quote.split())
    if len(line) > TITLE_CHARS:
        line = line[:TITLE_CHARS - 1].rstrip() + "\u2026"
    return f"\u201c{line}\u201d"


def _entry(feed: ET.Element, note, base: str) -> None:
    iri = f"{base}/annotations/{note.id}"
    entry = _add(feed, "entry")
    _add(entry, "id", iri)
    _add(entry, "title", entry_title(note.quote_exact), type="text")
    author = _add(entry, "author")
    _add(author, "name", note.author_name)
    _add(author, "uri", f"{base}/users/{note.author_name}")
    _add(entry, "published", rfc3339(note.created))
    _add(entry, "updated", rfc3339(note.modified))
    _add(entry, "link", rel="alternate", type="text/html", href=note.target_source)
    _add(entry, "link", rel="alternate", type="application/ld+json", href=iri)
    for tag in note.tags:
        _add(entry, "category", term=tag)
    _add(entry, "content", note.body_text, type="text")
    if note.verdict:
        _add(entry, "gloss:claimreview", json.dumps(claim_review(note, base), ensure_ascii=False),
             type="application/ld+json")


def feed_document(notes: list, base: str, self_url: str, first_url: str, next_url: str | None,
                  now: datetime) -> bytes:
    """A page of the feed: newest notes first, links to this page, the first page and the next one."""
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xmlns:gloss": GLOSS_NS})
    _add(feed, "id", first_url)  # one id for the whole paged feed: its first page
    _add(feed, "title", "Gloss community notes", type="text")
    _add(feed, "updated", rfc3339(max((n.modified for n in notes), default=now)))
    _add(_add(feed, "author"), "name", COMMUNITY_NAME)
    _add(feed, "generator", "Gloss", uri=f"{base}/")
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="first", type="application/atom+xml", href=first_url)
    if next_url:
        _add(feed, "link", rel="next", type="application/atom+xml", href=next_url)
    for note in notes:
        _entry(feed, note, base)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
