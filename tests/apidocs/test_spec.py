"""GET /api/openapi.json: a valid OpenAPI 3.1 document that documents every route under /api/,
/annotations/ and /feeds/ (and nothing else), with the error shape, the bearer scheme and the server."""
from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from server import create_app
from server.apidocs.declare import documented
from server.apidocs.spec import DOCUMENTED_PREFIXES, documentable_routes, openapi_path
from tests.conftest import TEST_ENV

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ERROR_STATUSES = {400, 401, 403, 404, 409, 410, 412, 413, 415, 422, 429, 503}


def spec_of(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def undocumented(app, spec: dict) -> list[str]:
    """Routes (method and path) the document leaves out."""
    return [f"{method} {rule.rule}" for rule, method in documentable_routes(app)
            if method.lower() not in spec["paths"].get(openapi_path(rule.rule), {})]


def unserved(app, spec: dict) -> list[str]:
    """Documented operations no route serves."""
    served = {(openapi_path(rule.rule), method.lower()) for rule, method in documentable_routes(app)}
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item
            if method in HTTP_METHODS and (path, method) not in served]


def test_the_document_is_valid_openapi_3(client):
    spec = spec_of(client)
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_route_under_the_api_prefixes_is_documented_and_nothing_else(app, client):
    spec = spec_of(client)
    assert undocumented(app, spec) == []
    assert unserved(app, spec) == []
    assert all(path.startswith(DOCUMENTED_PREFIXES) for path in spec["paths"])
    # The protocol container's explicit OPTIONS is documented; Flask's automatic ones are not.
    assert "options" in spec["paths"]["/annotations/"]
    assert "options" not in spec["paths"]["/api/annotations"]


def test_a_route_added_without_a_declaration_is_reported_as_undocumented(database_url):
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url})
    app.add_url_rule("/api/forgotten/<thing_id>", "forgotten", lambda thing_id: "", methods=["GET", "POST"])
    app.add_url_rule("/feeds/new.atom", "new_feed", documented(tag="Feeds", summary="A feed")(lambda: ""))
    spec = spec_of(app.test_client())
    assert undocumented(app, spec) == ["GET /api/forgotten/<thing_id>", "POST /api/forgotten/<thing_id>"]
    assert spec["paths"]["/feeds/new.atom"]["get"]["tags"] == ["Feeds"]
    assert any(tag["name"] == "Feeds" for tag in spec["tags"])


def test_every_operation_names_its_path_parameters_and_documents_errors_in_the_one_error_shape(client):
    spec = spec_of(client)
    for path, item in spec["paths"].items():
        assert [p["name"] for p in item.get("parameters", [])] == re.findall(r"{([^}]+)}", path)
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            assert operation["summary"] and operation["tags"], f"{method} {path}"
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert int(status) in ERROR_STATUSES, f"{method} {path} {status}"
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, f"{method} {path} {status}"
    error = spec["components"]["schemas"]["ErrorDetail"]
    assert set(error["properties"]) == {"code", "message", "fields"} and set(error["required"]) == {"code", "message"}


# 503: the database is down (server/outage.py), on every operation that reads it.
@pytest.mark.parametrize("method, path, statuses", [
    ("post", "/api/annotations", {400, 401, 403, 413, 415, 422, 429, 503}),
    ("put", "/api/annotations/{annotation_id}", {400, 401, 403, 404, 410, 412, 413, 415, 422, 429, 503}),
    ("get", "/api/annotations", {400, 401, 422, 429, 503}),
    ("get", "/api/health", {400, 503}),  # 400: any request, for a path or query that is not text
    ("post", "/api/users", {400, 403, 409, 413, 415, 422, 429, 503}),  # 403: an app key is refused on any write
    ("post", "/api/anchor", {400, 401, 413, 415, 422, 429, 503}),  # a POST that only reads: app keys welcome
    ("options", "/annotations/", {400}),  # touches no database: no 503
    ("get", "/api/openapi.json", {400, 429}),
    ("get", "/api/changes", {400, 401, 422, 429, 503}),
    ("get", "/feeds/annotations.atom", {400, 422, 429, 503}),
    ("get", "/api/export/annotations.jsonl", {400, 401, 422, 429, 503}),
    ("get", "/api/lookup", {400, 422, 429, 503}),
    ("get", "/api/fingerprints", {400, 429, 503}),
    ("delete", "/api/keys/{key_id}", {400, 401, 403, 404, 429, 503}),
    ("get", "/api/me", {400, 401, 403, 429, 503}),  # 403: an app key is not a person
])
def test_error_statuses_follow_from_what_an_endpoint_takes_and_checks(client, method, path, statuses):
    responses = spec_of(client)["paths"][path][method]["responses"]
    assert {int(status) for status in responses if int(status) >= 400} == statuses


def test_bearer_is_the_one_security_scheme_shared_by_user_tokens_and_app_keys(client):
    spec = spec_of(client)
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "gls_" in scheme["description"] and "glk_" in scheme["description"]
    paths = spec["paths"]
    assert paths["/api/me"]["get"]["security"] == [{"bearer": []}]
    assert paths["/api/annotations"]["get"]["security"] == [{}, {"bearer": []}]
    assert paths["/api/users"]["post"]["security"] == []


def test_servers_is_the_public_base_url_when_set_else_the_address_used(database_url):
    app = create_app({**TEST_ENV, "DATABASE_URL": database_url, "PUBLIC_BASE_URL": "https://gloss.example.org/"})
    assert spec_of(app.test_client())["servers"] == [{"url": "https://gloss.example.org"}]
    plain = create_app({**TEST_ENV, "DATABASE_URL": database_url})
    assert spec_of(plain.test_client())["servers"] == [{"url": "http://localhost"}]


def test_responses_built_by_hand_are_described_by_registered_schemas(client):
    spec = spec_of(client)
    read = spec["paths"]["/api/annotations/{annotation_id}"]["get"]["responses"]["200"]["content"]
    assert read == {'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"':
                    {"schema": {"$ref": "#/components/schemas/AnnotationOut"}}}
    annotation = spec["components"]["schemas"]["AnnotationOut"]
    assert {"@context", "id", "type", "body", "target", "gloss"} <= set(annotation["required"])
    assert annotation["additionalProperties"] is False
    patch = spec["paths"]["/api/annotations/{annotation_id}"]["patch"]["requestBody"]["content"]
    assert "required" not in spec["components"]["schemas"]["AnnotationPatch"]
    assert patch["application/json"]["schema"] == {"$ref": "#/components/schemas/AnnotationPatch"}


def _write_paths(spec: dict):
    for path, item in spec["paths"].items():
        for method in ("post", "put", "patch", "delete"):
            if method in item and path != "/api/anchor":
                yield method, path, item[method]


def test_429_is_documented_with_its_headers_wherever_requests_are_counted(client):
    spec = spec_of(client)
    limited = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS and "429" in operation["responses"]:
                limited.append((method, path))
                headers = operation["responses"]["429"]["headers"]
                assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
    every = {(method, path) for path, item in spec["paths"].items() for method in item if method in HTTP_METHODS}
    exempt = {(method, path) for method, path in every
              if path == "/api/health" or method == "options"}
    assert set(limited) == every - exempt
    assert ("get", "/api/health") in exempt and ("options", "/annotations/") in exempt


def test_every_write_documents_that_an_app_key_is_refused(client):
    spec = spec_of(client)
    writes = list(_write_paths(spec))
    assert len(writes) > 10
    for method, path, operation in writes:
        assert "app_key_read_only" in operation["responses"]["403"]["description"], f"{method} {path}"
    reads = spec["paths"]["/api/annotations"]["get"]["responses"]
    assert "403" not in reads
    assert "app_key_read_only" not in spec["paths"]["/api/anchor"]["post"]["responses"].get("403", {}).get(
        "description", "")
