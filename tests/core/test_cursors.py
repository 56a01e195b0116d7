"""The one keyset-paging helper (server.cursors): walking a listing page by page with `Keyset` and
`seek` visits every row once, in order, whatever the directions of its columns and however many rows
tie on the first one; a forged cursor is a 400."""
from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, select

from server import cursors
from server.errors import BadRequest

metadata = MetaData()
rows_table = Table("rows", metadata, Column("moment", DateTime(timezone=True)), Column("name", String),
                   Column("count", Integer))
START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def engine():
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    generator = random.Random(7)
    with engine.begin() as connection:
        # Few distinct values, so that many rows tie on the first columns.
        connection.execute(insert(rows_table), [
            {"moment": START + timedelta(hours=generator.randrange(4)), "name": f"n{i:03d}",
             "count": generator.randrange(3)} for i in range(120)])
    return engine


def walk(engine, columns, descending, keyset, limit):
    order = [column.desc() if down else column for column, down in zip(columns, descending, strict=True)]
    seen, cursor = [], None
    while True:
        query = select(rows_table).order_by(*order).limit(limit + 1)
        after = keyset.decode(cursor)
        if after is not None:
            query = query.where(cursors.seek(columns, after, descending))
        with engine.connect() as connection:
            found = [tuple(row) for row in connection.execute(query)]
        page, cursor = keyset.cut(found, limit)
        seen += page
        if cursor is None:
            return seen


@pytest.mark.parametrize("descending", [(False, False), (True, False), (False, True), (True, True)])
def test_walking_two_columns_in_any_directions_visits_every_row_once_in_order(engine, descending):
    columns = (rows_table.c.moment, rows_table.c.name)
    keyset = cursors.Keyset((cursors.moment, cursors.text), lambda row: (row[0].replace(tzinfo=UTC), row[1]))
    seen = walk(engine, columns, descending, keyset, limit=7)
    with engine.connect() as connection:
        everything = [tuple(row) for row in connection.execute(select(rows_table).order_by(
            *(c.desc() if d else c for c, d in zip(columns, descending, strict=True))))]
    assert seen == everything and len(seen) == 120


def test_walking_three_columns_with_ties_on_the_first_two_visits_every_row_once(engine):
    columns = (rows_table.c.count, rows_table.c.moment, rows_table.c.name)
    descending = (True, True, False)  # the moderation queue's shape: most first, then oldest
    keyset = cursors.Keyset((cursors.number, cursors.moment, cursors.text),
                            lambda row: (row[2], row[0].replace(tzinfo=UTC), row[1]))
    seen = walk(engine, columns, descending, keyset, limit=5)
    assert len(seen) == len(set(seen)) == 120
    assert seen == sorted(seen, key=lambda row: (-row[2], -row[0].timestamp(), row[1]))


def test_the_last_page_has_no_cursor_and_a_full_one_does():
    keyset = cursors.Keyset((cursors.number,), lambda row: (row,))
    assert keyset.cut([1, 2, 3], 3) == ([1, 2, 3], None)
    page, cursor = keyset.cut([1, 2, 3, 4], 3)
    assert page == [1, 2, 3] and keyset.decode(cursor) == (3,)
    assert keyset.decode(None) is None and keyset.decode("") is None


@pytest.mark.parametrize("forged", ["not base64!", cursors.encode([1, 2]), cursors.encode(["x"]),
                                    cursors.encode([-1]), cursors.encode([True])])
def test_a_forged_cursor_is_a_400(forged):
    with pytest.raises(BadRequest):
        cursors.Keyset((cursors.number,), lambda row: (row,)).decode(forged)
