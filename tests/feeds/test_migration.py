"""Migration 0007 backfills the change log: a mirror starting from nothing receives every existing note."""
from __future__ import annotations

from sqlalchemy import text

from server import create_app, migrate
from server.db import db, make_engine
from tests.conftest import TEST_ENV
from tests.core.test_migrations import empty_database_url  # noqa: F401  (fixture)
from tests.feeds.conftest import post_note, short_id


def test_upgrading_writes_one_created_row_per_existing_note_in_creation_order(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url)
    app = create_app({**TEST_ENV, "DATABASE_URL": empty_database_url})
    client = app.test_client()
    from tests.conftest import Accounts
    alice = Accounts(app).headers("alice")
    notes = [short_id(post_note(client, alice, exact=f"quote {i}")) for i in range(3)]
    client.delete(f"/api/annotations/{notes[1]}", headers=alice)
    with app.app_context():
        db.engine.dispose()

    migrate.downgrade(empty_database_url, "0006")  # as if these notes predate the change log
    migrate.upgrade(empty_database_url)

    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT annotation_id, kind FROM note_changes ORDER BY seq")).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [(note, "created") for note in notes]
