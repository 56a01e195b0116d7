"""Migration 0005 (the full-text index): it indexes the notes already there, later writes reach it at
every revision from 0005 to head (a SQLite table rebuild would drop its triggers), and downgrade
removes all of it."""
from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from server import migrate
from server.annotations import fulltext
from server.annotations.models import Annotation
from server.db import make_engine
from tests.core.test_migrations import empty_database_url  # noqa: F401 - the fixture

NOW = datetime(2026, 11, 25, 1, 0, 0)
users = sa.table("users", *(sa.column(c) for c in ("id", "username", "email", "password_hash", "role", "suspended",
                                                    "created")))
documents = sa.table("documents", sa.column("id"), sa.column("canonical_url"), sa.column("created"))
annotations = sa.table("annotations", sa.column("tag_list", sa.JSON), *(sa.column(c) for c in (
    "id", "document_id", "author_id", "target_source", "motivation", "body_text", "quote_exact", "quote_prefix",
    "quote_suffix", "created", "modified", "version", "status", "moderation_state")))


def add_note(conn, note_id: str, body: str, quote: str = "a quote") -> None:
    """A note written with the columns every revision since 0001 has (not the head models)."""
    if conn.scalar(sa.select(sa.func.count()).select_from(users)) == 0:
        conn.execute(users.insert().values(id="u" * 22, username="alice", email="a@example.org", password_hash="x",
                                           role="contributor", suspended=False, created=NOW))
        conn.execute(documents.insert().values(id="d" * 22, canonical_url="https://example.com/a", created=NOW))
    conn.execute(annotations.insert().values(
        id=note_id, document_id="d" * 22, author_id="u" * 22, target_source="https://example.com/a",
        motivation="commenting", body_text=body, quote_exact=quote, quote_prefix="", quote_suffix="", created=NOW,
        modified=NOW, version=1, tag_list=[], status="helpful", moderation_state="visible"))


def matches(engine, text: str) -> list[str]:
    terms = fulltext.parse(text, 200, 10)
    with engine.connect() as conn:
        query = sa.select(Annotation.id).where(*fulltext.matching(terms, engine.dialect.name, Annotation))
        return sorted(conn.scalars(query.order_by(Annotation.id)))


def index_objects(engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return set(conn.scalars(sa.text(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'annotations' "
                "AND column_name = 'search_vector' UNION SELECT indexname FROM pg_indexes "
                "WHERE indexname = 'ix_annotations_search_vector' UNION SELECT cfgname FROM pg_ts_config "
                "WHERE cfgname = 'gloss_search'")))
        return set(conn.scalars(sa.text("SELECT name FROM sqlite_master WHERE name LIKE 'annotations_fts%' "
                                        "AND type IN ('table', 'trigger')")))


@pytest.fixture()
def engine(empty_database_url):  # noqa: F811 - the imported fixture
    engine = make_engine(empty_database_url)
    yield engine
    engine.dispose()


def test_upgrade_indexes_existing_notes_and_downgrade_removes_the_index(empty_database_url, engine):  # noqa: F811
    migrate.upgrade(empty_database_url, "0004")
    with engine.begin() as conn:
        add_note(conn, "n" * 22, "Written before the index existed", "an old quote")
        add_note(conn, "m" * 22, "Another older note")
    migrate.upgrade(empty_database_url, "0005")
    assert matches(engine, "before existed") == ["n" * 22]
    assert matches(engine, '"old quote"') == ["n" * 22]
    assert matches(engine, "older") == ["m" * 22]
    expected = ({"search_vector", "ix_annotations_search_vector", "gloss_search"}
                if engine.dialect.name == "postgresql" else
                {"annotations_fts", "annotations_fts_keys", "annotations_fts_insert", "annotations_fts_update",
                 "annotations_fts_delete", "annotations_fts_data", "annotations_fts_idx", "annotations_fts_content",
                 "annotations_fts_docsize", "annotations_fts_config"})
    assert index_objects(engine) == expected
    migrate.downgrade(empty_database_url, "0004")
    assert index_objects(engine) == set()
    with engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(annotations)) == 2  # the notes stay


def revisions_from_head_to_0005() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    walk = [revision.revision for revision in script.walk_revisions("0005", "heads")]
    assert walk[-1] == "0005"
    return walk


def test_writes_reach_the_index_at_every_revision_from_0005_to_head(empty_database_url, engine):  # noqa: F811
    migrate.upgrade(empty_database_url)
    for number, revision in enumerate(revisions_from_head_to_0005()):
        migrate.downgrade(empty_database_url, revision)  # a no-op at head
        note_id = f"{number:022d}"
        with engine.begin() as conn:
            add_note(conn, note_id, f"Marker{number} written at {revision}")
        assert matches(engine, f"marker{number}") == [note_id], revision
        with engine.begin() as conn:
            conn.execute(annotations.update().where(annotations.c.id == note_id).values(body_text="Changed words"))
        assert matches(engine, f"marker{number}") == [] and note_id in matches(engine, "changed"), revision
        with engine.begin() as conn:
            conn.execute(annotations.delete().where(annotations.c.id == note_id))
        assert matches(engine, "changed") == [], revision
