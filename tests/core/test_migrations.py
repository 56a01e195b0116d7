"""Alembic migrations: an empty database goes to head and back to base, and head matches the models."""
from __future__ import annotations

import os
import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import server.models  # noqa: F401
from server import migrate
from server.annotations import fulltext
from server.config import normalize_database_url
from server.db import Base, make_engine

TABLES = {"users", "api_tokens", "documents", "document_urls", "annotations", "annotation_tags", "ratings",
          "note_scores", "status_changes", "flags", "audit_log",
          "app_keys", "note_changes", "quote_fingerprints", "ui_sessions"}


@pytest.fixture()
def empty_database_url(tmp_path):
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    import psycopg
    admin = server_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"gloss_migr_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield normalize_database_url(admin.rsplit("/", 1)[0] + "/" + name)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        # The search index's own tables (FTS5, SQLite only) are checked in test_migration_fulltext.py.
        names = set(inspect(engine).get_table_names()) - {"alembic_version"}
        return {name for name in names if not fulltext.is_index_object(name, "table")}
    finally:
        engine.dispose()


def test_upgrade_to_head_then_downgrade_to_base_leaves_an_empty_schema(empty_database_url):
    migrate.upgrade(empty_database_url)
    assert table_names(empty_database_url) == TABLES
    migrate.downgrade(empty_database_url, "base")
    assert table_names(empty_database_url) == set()
    migrate.upgrade(empty_database_url)  # and up again: downgrade left nothing behind that blocks it
    assert table_names(empty_database_url) == TABLES


def test_head_schema_matches_the_models(empty_database_url):
    migrate.upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    try:
        with engine.connect() as conn:
            # As migrations/env.py: the search index (0005) lives outside the models on purpose.
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": fulltext.include_object,
                "include_name": fulltext.include_name})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()
