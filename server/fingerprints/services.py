"""The quote index and what reads it: notes copied onto other pages, the URL lookup, the filter.

Every public answer (lookup, filter) counts notes through annotations.reads.visible_to_viewer with
an anonymous viewer; cross-document anchoring uses the reader's own viewer rule and statuses.
"""
from __future__ import annotations

import base64
import hashlib
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import orjson
from flask import current_app
from sqlalchemy import bindparam, select, union

from server.accounts.models import User
from server.annotations.models import COMMUNITY_STATUSES, Annotation
from server.annotations.reads import NOTE_COLUMNS, NoteRow, visible_to_viewer
from server.db import db, utcnow
from server.documents.models import Document, DocumentUrl
from server.fingerprints import bloom
from server.fingerprints.models import QuoteFingerprint
from server.fingerprints.shingles import SHINGLE_WORDS, hex_to_signed, page_hash_values, quote_fingerprint

# Each worker's pre-screen: 48 bits per note keeps false hits near one in a billion probes, so a
# page without copied quotes almost never costs a database query (6 MB of memory for 1M notes).
PRESCREEN_BITS_PER_NOTE = 48
PRESCREEN_MAX_BITS = 1 << 28
# The published filter: the same 48 bits per note while that fits, and never more than 2 MiB.
PUBLISHED_BITS_PER_NOTE = 48
PUBLISHED_MAX_BITS = 16_777_216
# Rows whose transaction committed late are picked up by looking this far behind the last look.
REFRESH_OVERLAP = timedelta(seconds=60)
# 900 hashes of 64 hex digits keep a lookup answer under 64 KB (1M documents give about 30).
LOOKUP_MAX_HASHES = 900
# Fingerprints per IN (...) query when a page holds many copied quotes.
CANDIDATE_CHUNK = 500
ANONYMOUS = {"statuses": list(COMMUNITY_STATUSES), "viewer": "", "moderator": False}


# --- the quote index -------------------------------------------------------------------------

def index_quote(annotation: Annotation) -> None:
    """Write, change or remove the note's fingerprint row in the caller's transaction (deleted
    notes and quotes of fewer than 8 whole words have none)."""
    fingerprint = None
    if annotation.deleted is None:
        fingerprint = quote_fingerprint(annotation.quote_exact, annotation.quote_prefix or "",
                                        annotation.quote_suffix or "")
    with db.session.no_autoflush:  # the caller's commit flushes the note (and catches a stale version)
        row = db.session.get(QuoteFingerprint, annotation.id) if annotation.id else None
    if fingerprint is None:
        if row is not None:
            db.session.delete(row)
        return
    value = hex_to_signed(fingerprint)
    if row is None:
        db.session.add(QuoteFingerprint(annotation=annotation, fingerprint=value, added=utcnow()))
    elif row.fingerprint != value:
        row.fingerprint, row.added = value, utcnow()
    _cache().written(value)


# --- per-worker state ------------------------------------------------------------------------

@dataclass
class _Published:
    etag: str
    body: bytes
    built: float


class FingerprintCache:
    """A worker's Bloom filter of every indexed fingerprint (pre-screens page shingles before the
    database confirms them) and its copy of the published filter. Stale bits of notes since
    deleted or hidden are harmless: the database has the last word on every hit."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.packed: np.ndarray | None = None
        self.bits = self.hashes = self.capacity = self.count = 0
        self.refreshed = 0.0  # time.monotonic() of the last look at the table
        self.since: datetime | None = None  # rows added from here on are not in the filter yet
        self.published: _Published | None = None

    def written(self, value: int) -> None:
        """A fingerprint this worker just wrote: in its own filter at once, and the published
        filter rebuilt on its next request."""
        with self.lock:
            if self.packed is not None:
                bloom.add_packed(self.packed, self.bits, self.hashes, _unsigned([value]))
                self.count += 1
            self.published = None

    def prescreen(self, refresh_seconds: int) -> tuple[np.ndarray, int, int]:
        with self.lock:
            now = time.monotonic()
            if self.packed is None or self.count > 2 * self.capacity:
                self._rebuild(now)
            elif now - self.refreshed >= refresh_seconds:
                self._add_recent(now)
            return self.packed, self.bits, self.hashes

    def _rebuild(self, now: float) -> None:
        since = utcnow() - REFRESH_OVERLAP
        values = _load(select(QuoteFingerprint.fingerprint))
        self.capacity = max(len(values), 1024)
        self.bits, self.hashes = bloom.size_for(self.capacity, PRESCREEN_BITS_PER_NOTE, PRESCREEN_MAX_BITS)
        self.packed = bloom.build_packed(values, self.bits, self.hashes)
        self.count, self.refreshed, self.since = len(values), now, since

    def _add_recent(self, now: float) -> None:
        since = utcnow() - REFRESH_OVERLAP
        values = _load(select(QuoteFingerprint.fingerprint).where(QuoteFingerprint.added >= self.since))
        bloom.add_packed(self.packed, self.bits, self.hashes, values)
        self.count += len(values)
        self.refreshed, self.since = now, since


def _cache() -> FingerprintCache:
    return current_app.extensions.setdefault("gloss_fingerprints", FingerprintCache())


def _unsigned(signed: list[int]) -> np.ndarray:
    return np.array(signed, dtype=np.int64).view(np.uint64)


def _load(statement, params: dict | None = None) -> np.ndarray:
    with db.engine.connect() as connection:
        return _unsigned(connection.execute(statement, params or {}).scalars().all())


# --- notes copied onto a page ----------------------------------------------------------------

def _copied_statement():
    return (select(*NOTE_COLUMNS, Document.canonical_url)
            .join(User, User.id == Annotation.author_id)
            .join(QuoteFingerprint, QuoteFingerprint.annotation_id == Annotation.id)
            .join(Document, Document.id == Annotation.document_id)
            .where(QuoteFingerprint.fingerprint.in_(bindparam("hashes", expanding=True)),
                   Annotation.document_id != bindparam("document"), *visible_to_viewer(Annotation))
            .order_by(Annotation.created, Annotation.id).limit(bindparam("limit")))


_COPIED = _copied_statement()


def page_candidates(text: str) -> list[int]:
    """The page's shingle hashes that the worker's filter says some note may have (signed, distinct)."""
    values = page_hash_values(text)
    if not len(values):
        return []
    packed, bits, hashes = _cache().prescreen(current_app.config["GLOSS"].fingerprint_refresh_seconds)
    hits = np.unique(values[bloom.contains_packed(packed, bits, hashes, values)])
    return hits.view(np.int64).tolist()


def copied_notes(text: str, document_id: str | None, limit: int, statuses: tuple[str, ...],
                 viewer_id: str | None, moderator: bool) -> list[tuple[NoteRow, str]]:
    """Notes of other documents whose quote fingerprint is one of this page's shingles, as the
    viewer sees them (oldest first, at most `limit`), each with its document's URL."""
    candidates = page_candidates(text)
    if not candidates or limit <= 0:
        return []
    params = {"document": document_id or "", "limit": limit, "statuses": list(statuses),
              "viewer": viewer_id or "", "moderator": moderator}
    rows = []
    with db.engine.connect() as connection:
        for start in range(0, len(candidates), CANDIDATE_CHUNK):
            rows += connection.execute(_COPIED, {**params, "hashes": candidates[start:start + CANDIDATE_CHUNK]}).all()
    rows.sort(key=lambda row: (row.created, row.id))
    return [(NoteRow(*row[:-1]), row[-1]) for row in rows[:limit]]


# --- GET /api/lookup -------------------------------------------------------------------------

def _has_public_notes():
    return (select(Annotation.id).where(Annotation.document_id == DocumentUrl.document_id,
                                        *visible_to_viewer(Annotation))
            .correlate(DocumentUrl).exists())


def _lookup_statement():
    low, high = bindparam("low"), bindparam("high")
    return union(
        select(DocumentUrl.url_hash.label("hash")).where(DocumentUrl.url_hash.between(low, high), _has_public_notes()),
        select(DocumentUrl.http_url_hash.label("hash")).where(DocumentUrl.http_url_hash.between(low, high),
                                                              _has_public_notes()),
    ).order_by("hash").limit(LOOKUP_MAX_HASHES)


_LOOKUP = _lookup_statement()


def lookup_hashes(prefix: str) -> list[str]:
    """Full SHA-256 hashes under a 4-hex-digit prefix of every normalized URL (https and http forms)
    of documents with at least one live, moderation-visible note of any community status."""
    with db.engine.connect() as connection:
        return list(connection.execute(_LOOKUP, {"low": prefix + "0" * 60, "high": prefix + "f" * 60,
                                                 **ANONYMOUS}).scalars())


# --- GET /api/fingerprints -------------------------------------------------------------------

_PUBLIC_FINGERPRINTS = (select(QuoteFingerprint.fingerprint)
                        .join(Annotation, Annotation.id == QuoteFingerprint.annotation_id)
                        .where(*visible_to_viewer(Annotation)))


def published_filter() -> tuple[str, bytes]:
    """(ETag, JSON body) of the Bloom filter over live, moderation-visible notes' fingerprints,
    rebuilt by this worker at most every fingerprint_filter_seconds (or after it wrote one)."""
    cache = _cache()
    max_age = current_app.config["GLOSS"].fingerprint_filter_seconds
    with cache.lock:
        current = cache.published
        if current is None or time.monotonic() - current.built >= max_age:
            current = cache.published = _build_published()
        return current.etag, current.body


def _build_published() -> _Published:
    values = np.unique(_load(_PUBLIC_FINGERPRINTS, ANONYMOUS))
    bits, hashes = bloom.size_for(len(values), PUBLISHED_BITS_PER_NOTE, PUBLISHED_MAX_BITS)
    packed = bloom.build_packed(values, bits, hashes)
    body = orjson.dumps({"shingle_words": SHINGLE_WORDS, "bits": bits, "hashes": hashes, "count": len(values),
                         "filter": base64.b64encode(packed.tobytes()).decode("ascii")})
    return _Published(etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"', body=body, built=time.monotonic())
