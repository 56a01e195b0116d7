"""Migration 0007 backfills the change log: a mirror starting from nothing receives every existing note."""
from __future__ import annotations

import json

from sqlalchemy import inspect, text

from server import create_app, migrate
from server.db import db, make_engine
from tests.conftest import TEST_ENV
from tests.core.test_migrations import empty_database_url  # noqa: F401  (fixture)
from tests.factories import ANY, post_note, short_id


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


def _app(url: str):
    return create_app({**TEST_ENV, "DATABASE_URL": url, "GLOSS_CHANGES_SETTLE_SECONDS": "0"})


def _read_feed(client, since: str | None = None) -> list[dict]:
    items, query = [], {"limit": 200, "status": ANY, **({"since": since} if since else {})}
    while True:
        page = client.get("/api/changes", query_string=query).get_json()
        items += page["items"]
        if not page["next"]:
            return items
        query["since"] = page["items"][-1]["cursor"]


def test_rolling_back_past_0007_and_up_again_keeps_verdicts_and_mirror_cursors(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url)
    app = _app(empty_database_url)
    client = app.test_client()
    from tests.conftest import Accounts
    alice = Accounts(app).headers("alice")
    checked = post_note(client, alice, exact="quote 0", motivation="assessing", verdict="misleading")
    plain = post_note(client, alice, exact="quote 1")
    client.patch(f"/api/annotations/{short_id(plain)}", json={"bodyValue": "Edited."}, headers=alice)
    mirror_cursor = _read_feed(client)[-1]["cursor"]  # a mirror that has read everything
    with app.app_context():
        db.engine.dispose()

    migrate.downgrade(empty_database_url, "0006")
    migrate.upgrade(empty_database_url)

    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            verdicts = dict(connection.execute(text("SELECT id, verdict FROM annotations")).all())
            tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert verdicts == {short_id(checked): "misleading", short_id(plain): None}
    assert not {"kept_0007_verdicts", "kept_0007_feed"} & tables
    app = _app(empty_database_url)
    # The mirror's old cursor still works: it receives every note again, in its current state.
    resent = _read_feed(app.test_client(), since=mirror_cursor)
    assert [(item["id"], item["kind"]) for item in resent] == [(checked["id"], "created"), (plain["id"], "created")]
    assert "Edited." in json.dumps(resent[1]["annotation"])  # the edit made before the rollback
    with app.app_context():
        db.engine.dispose()
