"""Migration 0008 fills the quote index and the URL hashes from rows written before it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from server import migrate
from server.db import make_engine
from server.documents.urls import key_hashes
from server.fingerprints.shingles import hex_to_signed, quote_fingerprint
from server.fingerprints.window_keys import quote_entry
from tests.core.test_migrations import empty_database_url  # noqa: F401  (the fixture)
from tests.fingerprints.articles import QUOTE_DELIVERY, QUOTE_SHORT

NOW = datetime(2026, 11, 20, 12, 0, 0)


def _seed(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, email, password_hash, role, created, suspended) "
                          "VALUES ('u1', 'ann', 'ann@example.org', 'x', 'contributor', :now, false)"), {"now": NOW})
        conn.execute(text("INSERT INTO documents (id, canonical_url, created, views) "
                          "VALUES ('d1', 'https://ledger.example.com/a', :now, 0)"), {"now": NOW})
        conn.execute(text("INSERT INTO document_urls (id, document_id, url_key, created) "
                          "VALUES ('k1', 'd1', 'https://ledger.example.com/a', :now)"), {"now": NOW})
        for note_id, quote, deleted in (("n1", QUOTE_DELIVERY, None), ("n2", QUOTE_SHORT, None),
                                        ("n3", QUOTE_DELIVERY, NOW)):
            conn.execute(text(
                "INSERT INTO annotations (id, document_id, author_id, target_source, motivation, body_text, "
                "quote_exact, quote_prefix, quote_suffix, created, modified, version, deleted, tag_list, status, "
                "moderation_state) VALUES (:id, 'd1', 'u1', 'https://ledger.example.com/a', 'commenting', 'b', "
                ":quote, 'hub ', '', :now, :now, 1, :deleted, '[]', 'helpful', 'visible')"),
                {"id": note_id, "quote": quote, "now": NOW, "deleted": deleted})


def test_upgrade_backfills_fingerprints_of_live_notes_and_url_hashes(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0007")
    engine = make_engine(empty_database_url)
    try:
        _seed(engine)
        migrate.upgrade(empty_database_url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT annotation_id, fingerprint FROM quote_fingerprints")).all()
            hashes = conn.execute(text("SELECT url_hash, http_url_hash FROM document_urls")).one()
        # n2 is too short, n3 is deleted; the prefix ends with a space, so nothing is trimmed.
        assert [tuple(r) for r in rows] == [("n1", hex_to_signed(quote_fingerprint(QUOTE_DELIVERY, "hub ")))]
        assert tuple(hashes) == key_hashes("https://ledger.example.com/a")
        migrate.downgrade(empty_database_url, "0007")
    finally:
        engine.dispose()


def test_upgrade_stores_the_window_key_of_the_shingle_that_gave_each_fingerprint(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0007")
    engine = make_engine(empty_database_url)
    try:
        _seed(engine)
        migrate.upgrade(empty_database_url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT annotation_id, fingerprint, window_key FROM quote_fingerprints")).all()
        fingerprint, key = quote_entry(QUOTE_DELIVERY, "hub ")
        assert [tuple(r) for r in rows] == [("n1", hex_to_signed(fingerprint), key)]
        migrate.downgrade(empty_database_url, "0007")
    finally:
        engine.dispose()
