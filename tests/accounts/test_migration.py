"""Migration 0011 lets two accounts share an e-mail address; going back below it refuses while they do."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from server import migrate
from server.db import make_engine
from tests.core.test_migrations import empty_database_url  # noqa: F401  (fixture)

INSERT = text("INSERT INTO users (id, username, email, password_hash, role, created, suspended) "
              "VALUES (:id, :name, 'same@example.org', 'x', 'contributor', '2026-12-01 00:00:00', false)")


def _run(url: str, *statements) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for statement, params in statements:
                conn.execute(statement, params)
    finally:
        engine.dispose()


def test_downgrading_below_0011_refuses_while_an_address_is_shared_then_works(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url)
    _run(empty_database_url, (INSERT, {"id": "a" * 22, "name": "ann"}), (INSERT, {"id": "b" * 22, "name": "ben"}))
    with pytest.raises(RuntimeError, match="more than one account"):
        migrate.downgrade(empty_database_url, "0010")
    _run(empty_database_url, (text("UPDATE users SET email = 'ben@example.org' WHERE username = 'ben'"), {}))
    migrate.downgrade(empty_database_url, "0010")
    with pytest.raises(Exception, match="(?i)unique"):
        _run(empty_database_url, (INSERT, {"id": "c" * 22, "name": "cat"}))
