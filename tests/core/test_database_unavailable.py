"""The app on a SQLite file that becomes unavailable: every path answers 503 with Retry-After (the
moderator UI an HTML page), the log gets one line rather than a traceback per request, and requests
succeed again once the file is back, in the same app (no restart). The PostgreSQL outage under real
gunicorn is tests/core/test_database_outage.py."""
from __future__ import annotations

import logging

import pytest

from server import create_app, migrate
from server.db import db
from server.outage import OutageLog
from tests.conftest import TEST_ENV, Accounts
from tests.factories import ARTICLE_URL, make_note
from tests.moderation.test_ui import login


@pytest.fixture()
def sqlite_app(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'gloss.db'}"
    (tmp_path / "data").mkdir()
    migrate.upgrade(url)
    app = create_app({**TEST_ENV, "DATABASE_URL": url})
    yield app
    with app.app_context():
        db.engine.dispose()


def _lose_the_file(app, tmp_path) -> None:
    # The file's directory goes away and the pool's connections are closed (as when a server restarts),
    # so every new connection fails with "unable to open database file".
    (tmp_path / "data").rename(tmp_path / "away")
    with app.app_context():
        db.engine.dispose()


def test_an_unreachable_database_answers_503_with_one_log_line_and_recovers(sqlite_app, tmp_path, caplog):
    accounts = Accounts(sqlite_app)
    writer = accounts.headers("alice")
    accounts.create("mod", role="moderator")
    client = sqlite_app.test_client()
    assert login(client).status_code == 302  # signed in to the moderator UI through its form
    created = client.post("/api/annotations", json=make_note(), headers=writer)
    assert created.status_code == 201 and client.get("/moderation/").status_code == 200

    _lose_the_file(sqlite_app, tmp_path)
    with caplog.at_level(logging.INFO, logger="gloss"):
        during = [request() for _ in range(5) for request in (
            lambda: client.post("/api/annotations", json=make_note(), headers=writer),
            lambda: client.get(f"/api/annotations/{created.get_json()['id'].rsplit('/', 1)[-1]}"),
            lambda: client.get("/api/annotations", query_string={"url": ARTICLE_URL}),
            lambda: client.get("/api/me", headers=writer),
            lambda: client.post("/api/anchor", json={"url": ARTICLE_URL, "text": "Some page text."}),
            lambda: client.get("/feeds/annotations.atom"),
            lambda: client.get("/annotations/"))]
        health = client.get("/api/health")
        page = client.get("/moderation/")
    for response in during:
        assert response.status_code == 503, (response.request.path, response.get_data(as_text=True))
        assert response.get_json()["error"]["code"] == "unavailable"
        assert response.headers["Retry-After"] == "5" and response.headers["X-Request-Id"]
    assert health.status_code == 503 and health.headers["Retry-After"] == "5"
    assert page.status_code == 503 and page.mimetype == "text/html" and page.headers["Retry-After"] == "5"
    assert "Temporarily unavailable" in page.get_data(as_text=True)
    lines = [record for record in caplog.records if record.name == "gloss"]
    assert [record.getMessage() for record in lines] == [
        "database unavailable: OperationalError (sqlite3.OperationalError: unable to open database file) "
        f"(request id {during[0].headers['X-Request-Id']}), answered 503"]
    assert not [record for record in caplog.records if record.exc_info]  # no traceback, from any logger
    assert "news.example.com" not in caplog.text  # no statement parameters (a reader's page URL)

    (tmp_path / "away").rename(tmp_path / "data")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gloss"):
        assert client.get("/api/health").status_code == 200
    assert client.post("/api/annotations", json=make_note(), headers=writer).status_code == 201
    assert client.get(created.headers["Location"]).status_code == 200
    assert client.get("/moderation/").status_code == 200
    assert "database reachable again" in caplog.text and "37 requests answered 503 (36 not logged" in caplog.text


def test_repeats_of_a_failure_class_are_counted_on_one_line_per_interval(caplog):
    now = [1000.0]
    outages = OutageLog(repeat_seconds=30, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="gloss"):
        for second in range(95):  # one failure a second of each class for 95 s
            now[0] = 1000.0 + second
            outages.failed("OperationalError (psycopg.OperationalError)", f"r{second}")
            outages.failed("pool TimeoutError", f"t{second}")
        now[0] += 1
        outages.reachable()
        outages.reachable()  # reachable again: said once
    assert [record.getMessage() for record in caplog.records] == [
        "database unavailable: OperationalError (psycopg.OperationalError) (request id r0), answered 503",
        "database unavailable: pool TimeoutError (request id t0), answered 503",
        "database unavailable: OperationalError (psycopg.OperationalError) (request id r30), answered 503; "
        "29 more since the last line",
        "database unavailable: pool TimeoutError (request id t30), answered 503; 29 more since the last line",
        "database unavailable: OperationalError (psycopg.OperationalError) (request id r60), answered 503; "
        "29 more since the last line",
        "database unavailable: pool TimeoutError (request id t60), answered 503; 29 more since the last line",
        "database unavailable: OperationalError (psycopg.OperationalError) (request id r90), answered 503; "
        "29 more since the last line",
        "database unavailable: pool TimeoutError (request id t90), answered 503; 29 more since the last line",
        "database reachable again after 95.0 s: 190 requests answered 503 (8 not logged one by one)"]
