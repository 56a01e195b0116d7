"""Without PUBLIC_BASE_URL only allowed hosts are served, so a Host header never chooses the ids."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from server import create_app
from server.annotations.models import Annotation
from server.config import ConfigError, load_settings
from server.db import db
from tests.conftest import TEST_ENV
from tests.factories import make_note


def test_a_note_posted_with_a_foreign_host_is_refused_and_not_created(app, client, accounts):
    alice = accounts.headers("alice")
    response = client.post("/api/annotations", json=make_note(), headers={**alice, "Host": "evil.example"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_host"
    assert "evil.example" not in response.headers.get("Location", "")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Annotation)) == 0


def test_reads_with_a_foreign_host_are_refused_before_any_link_is_written(client):
    for path in ("/api/annotations?url=https://news.example.com/a", "/annotations/", "/api/openapi.json",
                 "/api/changes"):
        response = client.get(path, headers={"Host": "evil.example:5000"})
        assert response.status_code == 400, path
        assert response.get_json()["error"]["code"] == "bad_host"


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "127.0.0.1:8080", "[::1]:5000", "LOCALHOST"])
def test_loopback_hosts_on_any_port_mint_ids_under_themselves(client, accounts, host):
    response = client.post("/api/annotations", json=make_note(), headers={**accounts.headers("alice"), "Host": host})
    assert response.status_code == 201
    assert response.headers["Location"].startswith(f"http://{host.lower()}/annotations/")


def test_allowed_hosts_adds_a_development_host(database_url, accounts):
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url, "ALLOWED_HOSTS": "gloss.test, Dev.Example"})
    client = app.test_client()
    assert client.get("/api/health", headers={"Host": "dev.example:5000"}).status_code == 200
    assert client.get("/api/health", headers={"Host": "gloss.test"}).status_code == 200
    assert client.get("/api/health", headers={"Host": "other.example"}).status_code == 400
    with app.app_context():
        db.engine.dispose()


def test_with_public_base_url_the_host_header_plays_no_part(database_url):
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url, "PUBLIC_BASE_URL": "https://gloss.example.org"})
    response = app.test_client().get("/annotations/", headers={"Host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_production_requires_public_base_url():
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        load_settings({"GLOSS_ENV": "production", "SECRET_KEY": "k" * 64, "DATABASE_URL": "sqlite:///x.db"})


@pytest.mark.parametrize("value", ["https://gloss.example", "gloss.example:5000", "a b", "*"])
def test_allowed_hosts_must_be_plain_host_names(value):
    with pytest.raises(ConfigError, match="ALLOWED_HOSTS"):
        load_settings({"GLOSS_ENV": "test", "DATABASE_URL": "sqlite:///x.db", "ALLOWED_HOSTS": value})
