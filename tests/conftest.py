"""Shared fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL names one),
migrated with Alembic exactly as production is, and emptied after every test."""
from __future__ import annotations

import os
import secrets
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import delete

import server.models  # noqa: F401  (every table on Base.metadata)
from server import create_app, migrate
from server.config import normalize_database_url
from server.db import Base, db

TEST_ENV = {"GLOSS_ENV": "test", "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "1024",
            "PUBLIC_BASE_URL": "", "CORS_ORIGINS": ""}


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A new, empty database for this test run, migrated to head."""
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'gloss-test.db'}"
        migrate.upgrade(url)
        yield url
        return
    import psycopg
    name = f"gloss_test_{secrets.token_hex(4)}"
    admin_url = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = normalize_database_url(_with_database(admin_url, name))
    migrate.upgrade(url)
    yield url
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables_after_each_test(request):
    yield
    if "app" not in request.fixturenames:
        return
    with request.getfixturevalue("app").app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(delete(table))


@pytest.fixture()
def client(app):
    return app.test_client()


class Accounts:
    """Makes real users (through the registration service) and bearer tokens for them."""

    def __init__(self, app):
        self.app = app

    def create(self, username: str = "alice", role: str = "contributor", password: str = "correct horse battery",
               suspended: bool = False):
        from server.accounts import services
        from server.db import db
        with self.app.app_context():
            user = services.register_user(username, f"{username}@example.org", password, role=role)
            if suspended:
                user.suspended = True
                db.session.commit()
            _, secret = services.create_token(user, "test")
            return user, secret

    def headers(self, username: str = "alice", **kwargs) -> dict:
        _, secret = self.create(username, **kwargs)
        return {"Authorization": f"Bearer {secret}"}


@pytest.fixture()
def accounts(app):
    return Accounts(app)


@pytest.fixture()
def live_server(app):
    """The app on a real HTTP server (werkzeug, threaded) on a free loopback port."""
    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
