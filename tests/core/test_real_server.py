"""The API over real HTTP: a threaded werkzeug server, and gunicorn as production runs it."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.factories import make_note

REPO = Path(__file__).resolve().parents[2]


def test_register_sign_in_write_and_list_over_http(live_server):
    s = requests.Session()
    assert s.post(f"{live_server}/api/users", json={"username": "http_user", "email": "h@example.org",
                                                    "password": "correct horse battery"}).status_code == 201
    token = s.post(f"{live_server}/api/tokens", json={"username": "http_user",
                                                      "password": "correct horse battery"}).json()["token"]
    created = s.post(f"{live_server}/api/annotations", json=make_note(),
                     headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201
    assert created.headers["Location"].startswith(live_server + "/annotations/")
    listed = s.get(f"{live_server}/api/annotations", params={"url": "https://news.example.com/2026/11/20/missiles",
                                                                    "status": "needs_more_ratings"})
    assert [n["id"] for n in listed.json()["items"]] == [created.json()["id"]]
    fetched = s.get(created.headers["Location"])
    assert fetched.status_code == 200 and fetched.headers["ETag"] == '"v1"'


def test_oversized_body_over_http_is_413_json(live_server):
    response = requests.post(f"{live_server}/api/users", data=b"{" + b" " * 1_100_000 + b"}",
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_serves_the_wsgi_app_in_production_mode(database_url):
    port = _free_port()
    env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": database_url,
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen([str(gunicorn), "-w", "2", "-b", f"127.0.0.1:{port}", "server.wsgi:app"],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/api/health", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert response.json() == {"status": "ok", "database": "ok"}
        assert requests.get(f"http://127.0.0.1:{port}/api/me").status_code == 401
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
