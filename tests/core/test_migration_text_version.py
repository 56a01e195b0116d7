"""Migration 0009 marks every note written before it as measured on page-text version 1."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from server import migrate
from server.db import make_engine
from tests.core.test_migrations import empty_database_url  # noqa: F401  (the fixture)

NOW = datetime(2026, 11, 30, 12, 0, 0)
NOTE = ("INSERT INTO annotations (id, document_id, author_id, target_source, motivation, body_text, quote_exact, "
        "quote_prefix, quote_suffix, created, modified, version, tag_list, status, moderation_state) VALUES "
        "(:id, 'd1', 'u1', 'https://ledger.example.com/a', 'commenting', 'b', 'words', '', '', :now, :now, 1, '[]', "
        "'helpful', 'visible')")


def _seed(conn) -> None:
    conn.execute(text("INSERT INTO users (id, username, email, password_hash, role, created, suspended) "
                      "VALUES ('u1', 'ann', 'ann@example.org', 'x', 'contributor', :now, false)"), {"now": NOW})
    conn.execute(text("INSERT INTO documents (id, canonical_url, created, views) "
                      "VALUES ('d1', 'https://ledger.example.com/a', :now, 0)"), {"now": NOW})


def test_notes_before_0009_are_version_1_and_notes_after_it_version_2(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0008")
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            _seed(conn)
            conn.execute(text(NOTE), {"id": "old", "now": NOW})
        migrate.upgrade(empty_database_url, "0009")
        with engine.begin() as conn:
            conn.execute(text(NOTE), {"id": "new", "now": NOW})
            versions = dict(conn.execute(text("SELECT id, text_version FROM annotations")).all())
        assert versions == {"old": 1, "new": 2}
        migrate.downgrade(empty_database_url, "0008")  # and back: the column goes, the notes stay
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM annotations")).scalar() == 2
    finally:
        engine.dispose()
