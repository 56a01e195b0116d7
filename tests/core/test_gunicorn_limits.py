"""gunicorn as the Makefile and the Dockerfile start it passes every request the API documents to the
app, so the answer is the app's JSON, never gunicorn's own HTML 400 (docs/operations.md "Limits before the app")."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests

from server.config import Limits

REPO = Path(__file__).resolve().parents[2]
LIMITS = Limits()
FOUR_BYTES = "\U00020000"  # a CJK letter of four UTF-8 bytes: twelve once percent-encoded


def longest_valid_url() -> str:
    """2,048 code points, valid: the fragment is dropped when normalized, so it may be that long."""
    head = "https://news.example.com/2026/11/20/missiles#"
    return head + FOUR_BYTES * (LIMITS.max_url_chars - len(head))


def longest_search_query() -> dict:
    words = " ".join([FOUR_BYTES * 19] * LIMITS.max_search_terms)  # 10 words, 199 characters
    return {"url": longest_valid_url(), "text": words, "tag": FOUR_BYTES * LIMITS.max_tag_chars,
            "domain": "news.example.com", "user": "u" * 32, "motivation": "commenting",
            "status": "helpful,needs_more_ratings,not_helpful", "sort": "updated", "limit": "200",
            "created_after": "2026-01-01T00:00:00.000001+14:00", "created_before": "2026-12-31T23:59:59.999999-14:00",
            "updated_after": "2026-01-01T00:00:00.000001+14:00"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def gunicorn_server(database_url):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": database_url,
           "PUBLIC_BASE_URL": base}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "--config", "gunicorn.conf.py", "--workers", "1",
                             "--bind", f"127.0.0.1:{port}", "server.wsgi:app"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"{base}/api/health", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


@pytest.mark.slow
def test_the_longest_valid_url_and_search_reach_the_app_and_answer_json(gunicorn_server):
    # Exactly as a browser's fetch() or encodeURIComponent would send it.
    query = urlencode(longest_search_query(), quote_via=quote, safe="")
    assert len(query) > 8_190  # past the most gunicorn allows without its ceiling raised
    only_url = requests.get(f"{gunicorn_server}/api/annotations?url={quote(longest_valid_url(), safe='')}",
                            timeout=30)
    assert only_url.status_code == 200 and only_url.json()["items"] == []
    everything = requests.get(f"{gunicorn_server}/api/annotations?{query}", timeout=30)
    assert everything.headers["Content-Type"] == "application/json"
    assert everything.status_code == 200, everything.text
    feed = requests.get(f"{gunicorn_server}/feeds/annotations.atom?{query}", timeout=30)
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("application/atom+xml")


@pytest.mark.slow
def test_long_real_headers_reach_the_app(gunicorn_server):
    # A parent domain's cookies can fill a Cookie header well past gunicorn's default 8,190 bytes.
    cookies = "; ".join(f"tracker{i}={'x' * 4000}" for i in range(7))
    response = requests.get(f"{gunicorn_server}/api/me", timeout=30,
                            headers={"Cookie": cookies, "Authorization": "Bearer gls_" + "A" * 43})
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"


@pytest.mark.slow
def test_past_the_documented_limits_gunicorn_still_bounds_what_it_reads(gunicorn_server):
    response = requests.get(f"{gunicorn_server}/api/annotations?url={'a' * 70_000}", timeout=30)
    assert response.status_code == 400 and "json" not in response.headers.get("Content-Type", "")
