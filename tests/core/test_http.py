"""Cross-cutting HTTP behaviour: health, JSON errors everywhere, request ids, CORS policy."""
from __future__ import annotations

import pytest

from server import create_app


def test_health_reports_database_ok(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_unknown_route_is_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_every_response_carries_a_request_id(client):
    assert len(client.get("/api/health").headers["X-Request-Id"]) == 16
    assert client.get("/api/nope").headers["X-Request-Id"]


def test_a_plain_request_id_from_a_proxy_is_echoed_and_a_hostile_one_replaced(client):
    assert client.get("/api/health", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    hostile = client.get("/api/health", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"]
    assert hostile != "<script>" and hostile.isalnum()


def test_no_cors_headers_unless_origins_are_configured(client):
    response = client.get("/api/health", headers={"Origin": "https://news.example.com"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_unexpected_error_is_json_500_with_the_request_id_and_is_logged(database_url, caplog):
    from tests.conftest import TEST_ENV
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url})

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/api/boom")
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["code"] == "internal_error"
    assert response.headers["X-Request-Id"] in error["message"]
    assert "kaboom" not in error["message"]
    assert any("unexpected error" in r.getMessage() for r in caplog.records)


@pytest.fixture()
def cors_app(database_url):
    from tests.conftest import TEST_ENV
    return create_app({**TEST_ENV, "DATABASE_URL": database_url, "CORS_ORIGINS": "https://reader.example.org"})


def test_configured_origin_gets_cors_headers_without_credentials(cors_app):
    client = cors_app.test_client()
    allowed = client.get("/api/health", headers={"Origin": "https://reader.example.org"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://reader.example.org"
    assert "Access-Control-Allow-Credentials" not in allowed.headers
    other = client.get("/api/health", headers={"Origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_cors_preflight_allows_authorization_and_if_match(cors_app):
    response = cors_app.test_client().options(
        "/api/annotations", headers={"Origin": "https://reader.example.org", "Access-Control-Request-Method": "POST",
                                     "Access-Control-Request-Headers": "Authorization, Content-Type, If-Match"})
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "if-match" in allowed
