"""The database extension: one engine per app, one session per request, a UTC-aware datetime type."""
from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import DateTime, MetaData, String, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations can drop and alter them on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> str:
    """An opaque, URL-safe 22-character id (a random UUID in base64url): nothing to enumerate."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode("ascii")


ID_LENGTH = 22


def IdColumn():  # noqa: N802 - reads like a type in model definitions
    return String(ID_LENGTH)


def utcnow() -> datetime:
    # Microseconds are kept: listings order by creation time, and notes made in the same second
    # must still come out in the order they were made. Representations show whole seconds.
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers run while a gunicorn worker writes; busy_timeout waits instead of failing.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# libpq options for every PostgreSQL connection, unless DATABASE_URL sets them (`?connect_timeout=10`).
# During an outage a request must fail fast (a 503, server/outage.py) rather than hang its gunicorn
# worker: a connection attempt gives up after connect_timeout seconds (libpq's default waits forever,
# and an unreachable host holds the worker for minutes of TCP retries); keepalives find a server that
# vanished without closing the socket within ~25 s instead of the kernel's ~15 minutes. Both stay far
# below gunicorn's worker timeout (gunicorn.conf.py), so no worker is killed for a database outage.
PG_CONNECT_DEFAULTS = {"connect_timeout": 3, "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
                       "keepalives_count": 3}


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        _tune_sqlite(engine)
        return engine
    given = make_url(url).query
    connect_args = {name: value for name, value in PG_CONNECT_DEFAULTS.items() if name not in given}
    # pool_pre_ping: a pooled connection the outage killed is replaced on its next checkout, so the app
    # recovers by itself when the database is back (no restart).
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args=connect_args)


class _Bound:
    """One app's engine and its request-scoped sessions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.factory = sessionmaker(bind=engine, expire_on_commit=False)
        self.session = scoped_session(self.factory)

    def end_session(self) -> None:
        """After each request: close its session. A connection the database dropped after the answer
        was made (an outage starting) fails the closing ROLLBACK; there is nothing left to roll back, so
        the session is forgotten and the pool discards the connection, instead of a 500 after the fact."""
        try:
            self.session.remove()
        except DBAPIError as err:
            self.session.registry.clear()
            from server.outage import failure_class  # outage builds on this module
            if failure_class(err) is None:
                raise


class Database:
    """Created unbound; `init_app` gives each app its own engine (so tests can run several apps)."""

    extension_key = "gloss.db"

    def init_app(self, app) -> None:
        settings = app.config["GLOSS"]
        bound = _Bound(make_engine(settings.database_url, echo=settings.sql_echo))
        app.extensions[self.extension_key] = bound
        app.teardown_appcontext(lambda _exc: bound.end_session())

    def _bound(self) -> _Bound:
        return current_app.extensions[self.extension_key]

    @property
    def engine(self) -> Engine:
        return self._bound().engine

    @property
    def session(self) -> scoped_session:
        """The current request's session (one per thread, removed when the app context ends)."""
        return self._bound().session

db = Database()
