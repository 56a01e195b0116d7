"""The quote index and what reads it: notes copied onto other pages, the URL lookup, the filter.

Every public answer (lookup, filter) counts notes through annotations.visibility.visible_to_viewer with
an anonymous viewer; cross-document anchoring uses the reader's own viewer rule and statuses.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import orjson
from flask import current_app
from sqlalchemy import bindparam, inspect, select, union

from server.accounts.models import User
from server.annotations.models import COMMUNITY_STATUSES, Annotation
from server.annotations.reads import NOTE_COLUMNS, NoteRow
from server.annotations.visibility import Viewer, visible_to_viewer
from server.db import db, utcnow
from server.documents.models import Document, DocumentUrl
from server.fingerprints import bloom
from server.fingerprints.models import QuoteFingerprint
from server.fingerprints.shingles import SHINGLE_WORDS, hex_to_signed, page_words, word_hash_values
from server.fingerprints.window_keys import EMPTY, KeySet, known_hashes, quote_entry, to_signed

# A worker that writes notes rebuilds the published filter at most this often (seconds each at 1M notes).
REBUILD_FLOOR_SECONDS = 30
# Rows whose transaction committed late are picked up by looking this far behind the last look.
REFRESH_OVERLAP = timedelta(seconds=60)
# Keys added since the worker's load (its own writes, other workers' rows) live in a small second
# set, folded into the main one (a re-sort, ~0.4 s at 1M notes) once it holds this many.
FOLD_RECENT_AT = 50_000
# The published filter: 48 bits per note while that fits, and never more than 2 MiB.
PUBLISHED_BITS_PER_NOTE = 48
PUBLISHED_MAX_BITS = 16_777_216
# 900 hashes of 64 hex digits keep a lookup answer under 64 KB (1M documents give about 30).
LOOKUP_MAX_HASHES = 900
# Fingerprints per IN (...) query when a page holds many copied quotes.
CANDIDATE_CHUNK = 500
# A lookup counts a note of any community status, as long as someone may see it (not_helpful notes
# show to their author), so this viewer is built as such rather than through Viewer.of's filter.
ANONYMOUS = Viewer(statuses=COMMUNITY_STATUSES).params
# The published filter holds what a default reader is shown (docs/privacy.md).
ANONYMOUS_HELPFUL = Viewer.public().params

log = logging.getLogger(__name__)


# --- the quote index -------------------------------------------------------------------------

def index_quote(annotation: Annotation) -> None:
    """Write, change or remove the note's fingerprint row in the caller's transaction (deleted
    notes and quotes of fewer than 8 whole words have none)."""
    entry = None
    if annotation.deleted is None:
        entry = quote_entry(annotation.quote_exact, annotation.quote_prefix or "", annotation.quote_suffix or "")
    with db.session.no_autoflush:  # the caller's commit flushes the note (and catches a stale version)
        row = db.session.get(QuoteFingerprint, annotation.id) if inspect(annotation).persistent else None
    if entry is None:
        if row is not None:
            db.session.delete(row)
        return
    value, key = hex_to_signed(entry[0]), entry[1]
    if row is None:
        db.session.add(QuoteFingerprint(annotation=annotation, fingerprint=value, window_key=key, added=utcnow()))
    elif (row.fingerprint, row.window_key) != (value, key):
        row.fingerprint, row.window_key, row.added = value, key, utcnow()
    _cache().written(key, value)


# --- per-worker state ------------------------------------------------------------------------

@dataclass
class _Published:
    etag: str
    body: bytes
    built: float


class FingerprintCache:
    """A worker's window keys of every indexed fingerprint (window_keys.KeySet: which of a page's
    windows are worth a SHA-256) and its copy of the published filter. Keys of notes since deleted,
    edited or hidden stay until the worker restarts, harmlessly: the database has the last word on
    every hit. The keys are loaded on first use, in a background thread outside tests (1M notes
    take a few seconds); until they are in, pages are checked against the database directly."""

    def __init__(self, background: bool) -> None:
        self.lock = threading.Lock()
        # Building the published filter takes seconds at 1M notes: its own lock, so page checks in
        # the worker's other threads never wait for it.
        self.publish_lock = threading.Lock()
        self.filter_dirty = False  # this worker wrote a fingerprint since the filter was built
        self.publisher: threading.Thread | None = None  # a background rebuild under way
        self.background = background
        self.loader: threading.Thread | None = None
        self.main: KeySet | None = None  # None until loaded
        self.recent: KeySet = EMPTY
        self.pending: list[tuple[int, int]] = []  # (key, fingerprint) this worker wrote, not yet in a set
        self.refreshed = 0.0  # time.monotonic() of the last look at the table
        self.since: datetime | None = None  # rows added from here on may not be in the sets yet
        self.published: _Published | None = None
        self.load_seconds = 0.0  # how long the background load took (the benchmark prints it)

    def written(self, key: int, value: int) -> None:
        """A fingerprint this worker just wrote: in its own key sets on its next page check, and the
        published filter due for a rebuild."""
        with self.lock:
            self.pending.append((key, value))
        self.filter_dirty = True

    def key_sets(self, refresh_seconds: int) -> tuple[KeySet, KeySet] | None:
        """(main, recent) up to date within refresh_seconds; None while the first load runs."""
        with self.lock:
            if self.main is None:
                self._start_loading()
                if self.main is None:
                    return None
            now = time.monotonic()
            if now - self.refreshed >= refresh_seconds:
                self._add(*_load_recent(self.since))
                self.refreshed, self.since = now, utcnow() - REFRESH_OVERLAP
            if self.pending:
                keys, prints = zip(*self.pending, strict=True)
                self._add(_unsigned(keys), _unsigned(prints))
                self.pending = []
            if len(self.recent) >= FOLD_RECENT_AT:
                self.main, self.recent = self.main.with_added(self.recent.keys, self.recent.prints), EMPTY
            return self.main, self.recent

    def _add(self, keys: np.ndarray, prints: np.ndarray) -> None:
        """Adds pairs not yet held (a refresh looks back REFRESH_OVERLAP, so it sees rows again)."""
        new = ~(self.main.holds(keys, prints) | self.recent.holds(keys, prints))
        if new.any():
            self.recent = self.recent.with_added(keys[new], prints[new])

    def _start_loading(self) -> None:
        if self.loader is not None:
            return
        if not self.background:  # tests: load now, in the request
            self._install(*_load_all())
            self.loader = threading.current_thread()
            return
        self.loader = threading.Thread(target=self._load_in_background, args=(current_app._get_current_object(),),
                                       name="gloss-fingerprint-keys", daemon=True)
        self.loader.start()

    def _load_in_background(self, app) -> None:
        started = time.monotonic()
        try:
            with app.app_context():
                loaded = _load_all()
        except Exception as error:  # noqa: BLE001 - the next page check tries again
            log.warning("Loading the fingerprint keys failed (%s); retrying on the next page.", type(error).__name__)
            with self.lock:
                self.loader = None
            return
        with self.lock:
            self._install(*loaded)
            self.load_seconds = time.monotonic() - started

    def _install(self, main: KeySet, since: datetime) -> None:
        self.main, self.since, self.refreshed = main, since, time.monotonic()


def _cache() -> FingerprintCache:
    extensions = current_app.extensions
    if "gloss_fingerprints" not in extensions:
        extensions["gloss_fingerprints"] = FingerprintCache(background=not current_app.testing)
    return extensions["gloss_fingerprints"]


def _unsigned(signed) -> np.ndarray:
    return np.array(signed, dtype=np.int64).view(np.uint64)


def _load(statement, params: dict | None = None) -> np.ndarray:
    with db.engine.connect() as connection:
        return _unsigned(connection.execute(statement, params or {}).scalars().all())


_RECENT_PAIRS = (select(QuoteFingerprint.window_key, QuoteFingerprint.fingerprint)
                 .where(QuoteFingerprint.added >= bindparam("since")))
# Read through the driver's own cursor: 1M rows as SQLAlchemy Row objects cost seconds more.
_ALL_PAIRS_SQL = "SELECT window_key, fingerprint FROM quote_fingerprints"
_FETCH_ROWS = 100_000


def _pairs(rows: list) -> tuple[np.ndarray, np.ndarray]:
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=2 * len(rows)).view(np.uint64)
    return flat[0::2].copy(), flat[1::2].copy()


def _load_recent(since: datetime) -> tuple[np.ndarray, np.ndarray]:
    with db.engine.connect() as connection:
        return _pairs(connection.execute(_RECENT_PAIRS, {"since": since}).all())


def _load_all() -> tuple[KeySet, datetime]:
    since = utcnow() - REFRESH_OVERLAP
    keys, prints = [], []
    with db.engine.connect() as connection:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(_ALL_PAIRS_SQL)
            while rows := cursor.fetchmany(_FETCH_ROWS):
                batch = _pairs(rows)
                keys.append(batch[0])
                prints.append(batch[1])
        finally:
            cursor.close()
    if not keys:
        return EMPTY, since
    return KeySet(np.concatenate(keys), np.concatenate(prints)), since


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
    """The page's shingle hashes that are some indexed note's fingerprint (signed, distinct; the
    database confirms them and applies the reader's rule). Only windows whose key the worker holds
    are hashed with SHA-256; before its keys are loaded, every window is, and all go to the database."""
    words = page_words(text)
    if len(words) < SHINGLE_WORDS:
        return []
    sets = _cache().key_sets(current_app.config["GLOSS"].fingerprint_refresh_seconds)
    if sets is None:
        return np.unique(word_hash_values(words)).view(np.int64).tolist()
    return sorted(to_signed(value) for value in known_hashes(words, sets))


def copied_notes(text: str, document_id: str | None, limit: int, viewer: Viewer) -> list[tuple[NoteRow, str]]:
    """Notes of other documents whose quote fingerprint is one of this page's shingles, as the
    viewer sees them (oldest first, at most `limit`), each with its document's URL."""
    candidates = page_candidates(text)
    if not candidates or limit <= 0:
        return []
    params = {"document": document_id or "", "limit": limit, **viewer.params}
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
    """(ETag, JSON body) of the Bloom filter over the fingerprints of what a default reader is
    shown: live, moderation-visible, helpful notes. A worker rebuilds it once it is
    fingerprint_filter_seconds old, or after it wrote a note (at most every REBUILD_FLOOR_SECONDS),
    in a background thread that swaps the new filter in; meanwhile requests get the previous one,
    so no reader waits the seconds a build takes at 1M notes. Only the very first build, and every
    build of an app under test, runs in the request."""
    cache = _cache()
    max_age = current_app.config["GLOSS"].fingerprint_filter_seconds
    with cache.publish_lock:
        current = cache.published
        age = time.monotonic() - current.built if current else None
        floor = min(max_age, REBUILD_FLOOR_SECONDS) if cache.background else 0
        due = current is None or age >= max_age or (cache.filter_dirty and age >= floor)
        if current is None or (due and not cache.background):
            cache.filter_dirty = False
            current = cache.published = _build_published()
        elif due and cache.publisher is None:
            cache.filter_dirty = False
            cache.publisher = threading.Thread(target=_publish_in_background,
                                               args=(current_app._get_current_object(), cache),
                                               name="gloss-fingerprint-filter", daemon=True)
            cache.publisher.start()
        return current.etag, current.body


def _publish_in_background(app, cache: FingerprintCache) -> None:
    try:
        with app.app_context():
            built = _build_published()
        with cache.publish_lock:
            cache.published = built
    except Exception:  # the previous filter stays; the next request tries again
        log.exception("rebuilding the published fingerprint filter failed")
    finally:
        cache.publisher = None


def _build_published() -> _Published:
    values = np.unique(_load(_PUBLIC_FINGERPRINTS, ANONYMOUS_HELPFUL))
    bits, hashes = bloom.size_for(len(values), PUBLISHED_BITS_PER_NOTE, PUBLISHED_MAX_BITS)
    packed = bloom.build_packed(values, bits, hashes)
    body = orjson.dumps({"shingle_words": SHINGLE_WORDS, "bits": bits, "hashes": hashes, "count": len(values),
                         "filter": base64.b64encode(packed.tobytes()).decode("ascii")})
    return _Published(etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"', body=body, built=time.monotonic())
