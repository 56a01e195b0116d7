"""The moderation pages run the same small number of SQL statements whatever the number of rows they
show (ARCHITECTURE.md: "a statement count that grows with the rows on a page" is a smell): the JSON
queue and the web queue, each with 5 and with 20 flagged notes by as many different authors, and a
note's page with one flag and with three."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, update

from server.accounts.models import User
from server.db import db
from tests.factories import make_note
from tests.moderation.test_ui import PASSWORD, login

MOST = 10  # 4 each now; before their rows were preloaded, 44 (JSON) and 24 (web) for 20 notes


def flagged_notes(client, accounts, app, readers: tuple[dict, dict], first: int, last: int) -> None:
    """Notes `first` to `last` - 1, each by its own author, with a tag and a rating, each flagged once."""
    authors = [accounts.headers(f"author{i}") for i in range(first, last)]
    with app.app_context():  # accounts old enough not to be held for review
        db.session.execute(update(User).values(created=datetime.now(UTC) - timedelta(days=30)))
        db.session.commit()
    flagger, rater = readers
    for headers in authors:
        created = client.post("/api/annotations", json=make_note(), headers=headers)
        assert created.status_code == 201, created.get_json()
        note_id = created.get_json()["id"].rsplit("/", 1)[1]
        assert client.post(f"/api/annotations/{note_id}/flags", json={"reason": "spam"},
                           headers=flagger).status_code == 201
        assert client.put(f"/api/annotations/{note_id}/rating", json={"helpfulness": "helpful"},
                          headers=rater).status_code in (200, 201)


@contextmanager
def statements(app):
    seen: list[str] = []

    def count(_conn, _cursor, sql, _params, _context, _many):
        seen.append(sql)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def json_queue(client, moderator, expected):
    response = client.get("/api/moderation/queue", headers=moderator)
    assert response.status_code == 200 and len(response.get_json()["items"]) == expected
    return response


def web_queue(client, moderator, expected):
    response = client.get("/moderation/")
    assert response.status_code == 200 and response.get_data(as_text=True).count("<tr data-note-id=") == expected
    return response


@pytest.mark.parametrize("fetch", [json_queue, web_queue], ids=["json", "web"])
def test_the_queue_runs_a_constant_number_of_statements(app, client, accounts, fetch):
    accounts.create("mod", role="moderator", password=PASSWORD)
    headers = accounts.headers("mod2", role="moderator")
    assert login(client).status_code == 302
    readers = accounts.headers("flagger", role="reader"), accounts.headers("rater", role="reader")
    counts, made = {}, 0
    for total in (5, 20):
        flagged_notes(client, accounts, app, readers, made, total)
        made = total
        fetch(client, headers, total)  # a token's first use is recorded (an UPDATE at most once a minute)
        with statements(app) as seen:
            fetch(client, headers, total)
        counts[total] = [" ".join(sql.split())[:100] for sql in seen]
    assert len(counts[5]) == len(counts[20]) <= MOST, counts


def test_a_notes_page_runs_a_constant_number_of_statements(app, client, accounts):
    """The detail page with one flag, then with three (the third sends the note to pending: one more row in
    its audit trail and its author's history, each naming someone)."""
    accounts.create("mod", role="moderator", password=PASSWORD)
    assert login(client).status_code == 302
    readers = accounts.headers("flagger", role="reader"), accounts.headers("rater", role="reader")
    flagged_notes(client, accounts, app, readers, 0, 1)
    note_id = web_queue(client, None, 1).get_data(as_text=True).split('data-note-id="')[1].split('"')[0]
    counts = {}
    for flags, more_flaggers in ((1, ()), (3, ("r1", "r2"))):
        for name in more_flaggers:
            assert client.post(f"/api/annotations/{note_id}/flags", json={"reason": "abuse"},
                               headers=accounts.headers(name, role="reader")).status_code == 201
        with statements(app) as seen:
            page = client.get(f"/moderation/notes/{note_id}")
        assert page.status_code == 200 and f"Flags ({flags})" in page.get_data(as_text=True)
        counts[flags] = [" ".join(sql.split())[:100] for sql in seen]
    assert len(counts[1]) == len(counts[3]) <= MOST, counts
