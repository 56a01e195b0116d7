"""Lookup and anchor requests leave no URL, page text or client address in any log.

The gunicorn test reads the real output of gunicorn started as `make run` and the Dockerfile start
it (with gunicorn.conf.py); the werkzeug test reads the development server's request lines.
"""
from __future__ import annotations

import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.fingerprints.articles import COPY_TEXT, COPY_URL, ORIGINAL_URL, QUOTE_DELIVERY

REPO = Path(__file__).resolve().parents[2]
CLIENT_ADDRESS = "203.0.113.77"
SECRETS = ("dailywire", "ledger.example", "us-weapons-reach", "logistics hub", "Weapons from Washington",
           "prefix=", "127.0.0.1", CLIENT_ADDRESS, "SecretAgent", "?")


def _reader_requests(base: str) -> None:
    headers = {"X-Forwarded-For": CLIENT_ADDRESS, "Referer": COPY_URL, "User-Agent": "SecretAgent/1.0"}
    prefix = hashlib.sha256(ORIGINAL_URL.encode()).hexdigest()[:4]
    assert requests.get(f"{base}/api/lookup", params={"prefix": prefix}, headers=headers).status_code == 200
    assert requests.get(f"{base}/api/lookup", params={"prefix": "NOPE"}, headers=headers).status_code == 422
    anchored = requests.post(f"{base}/api/anchor", headers=headers,
                             json={"url": COPY_URL, "text": COPY_TEXT, "status": ["needs_more_ratings"]})
    assert anchored.status_code == 200 and len(anchored.json()["items"]) == 1
    assert requests.post(f"{base}/api/anchor", json={"url": COPY_URL, "text": 5}, headers=headers).status_code == 422
    assert requests.get(f"{base}/api/fingerprints", headers=headers).status_code == 200
    assert requests.get(f"{base}/api/annotations", params={"url": ORIGINAL_URL}, headers=headers).status_code == 200


def _assert_private(log: str) -> None:
    # gunicorn's start-up line names the address it listens on (the server's, not a reader's).
    log = "\n".join(line for line in log.splitlines() if "Listening at: " not in line)
    assert "/api/lookup" in log and "/api/anchor" in log and "/api/fingerprints" in log, log  # the log is on
    for secret in SECRETS:
        assert secret not in log, (secret, log)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_logs_no_url_text_or_address_for_lookup_and_anchor(database_url, write, tmp_path):
    write(QUOTE_DELIVERY)
    port, log_path = _free_port(), tmp_path / "gunicorn.log"
    env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": database_url,
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "GLOSS_ACCESS_LOG": "1"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with open(log_path, "wb") as log_file:
        # As the Makefile and Dockerfile start it.
        proc = subprocess.Popen([str(gunicorn), "--config", "gunicorn.conf.py", "--workers", "2",
                                 "--bind", f"127.0.0.1:{port}", "server.wsgi:app"],
                                cwd=REPO, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            _wait_for(f"http://127.0.0.1:{port}/api/health", proc)
            _reader_requests(f"http://127.0.0.1:{port}")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
    logged = log_path.read_text()
    assert '"GET /api/lookup" 200' in logged  # the access log is on, and says what it may
    _assert_private(logged)


def _wait_for(url: str, proc) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url, timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            assert proc.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)


def test_the_development_server_logs_requests_without_address_or_query(live_server, write, caplog):
    write(QUOTE_DELIVERY)
    with caplog.at_level(logging.INFO):
        _reader_requests(live_server)
    _assert_private("\n".join(record.getMessage() for record in caplog.records))


def test_an_unexpected_error_in_anchor_is_logged_without_the_url(make_app, tmp_path, caplog):
    # A real failure: an empty database without tables. The driver's error quotes the statement's
    # parameters (the page's URL key) in its message.
    broken = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'empty.db'}").test_client()
    with caplog.at_level(logging.INFO, logger="gloss"):
        response = broken.post("/api/anchor", json={"url": COPY_URL, "text": COPY_TEXT})
        listing = broken.get("/api/annotations", query_string={"url": COPY_URL})
    assert response.status_code == 500 and listing.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "OperationalError" in logged and response.headers["X-Request-Id"] in logged
    assert "dailywire" not in logged and "logistics hub" not in logged
