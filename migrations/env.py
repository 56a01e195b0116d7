"""Alembic environment: the URL comes from server.migrate, the metadata from the models."""
from alembic import context

import server.models  # noqa: F401 - registers every table on Base.metadata
from server.annotations import fulltext
from server.db import Base, make_engine

config = context.config
target_metadata = Base.metadata
# The full-text index (migration 0005: FTS5 tables on SQLite, a tsvector column and GIN index on
# PostgreSQL) lives outside the models on purpose; autogenerate must neither drop nor recreate it.
FULLTEXT_FILTERS = {"include_object": fulltext.include_object, "include_name": fulltext.include_name}


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True, **FULLTEXT_FILTERS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch mode rebuilds a table by dropping it; with foreign keys on, dropping `users`
            # would cascade into every note. Off for the migration (it must be set outside a transaction).
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        # Batch mode lets ALTER-style migrations run on SQLite too (it rebuilds the table).
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                          compare_type=True, **FULLTEXT_FILTERS)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
