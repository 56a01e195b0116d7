"""Query strings are parsed by the schemas that document them (server/queryargs.py): for every query
parameter the API reference declares with a type or a rule, a value that breaks it is refused naming
that parameter, so a parameter cannot be documented and ignored, or parsed by hand and documented
otherwise; and no view reads the query string past the schemas."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2] / "server"
# The one module that reads request.args for every view.
READS_THE_QUERY = {SERVER / "queryargs.py"}



def operations_with_query(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "get" and "{" not in path:
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "query":
                        yield path, parameter


def bad_value(parameter: dict) -> tuple[str, int] | None:
    """A value the documented parameter refuses, and the status it answers; None when the reference
    puts no rule on it (free text such as a tag)."""
    schema, name = parameter["schema"], parameter["name"]
    if schema.get("format") == "date-time":
        return "yesterday", 422
    if name in ("cursor", "since"):
        return "not-a-cursor", 400
    if name == "url":
        return "ftp://example.com/x", 422
    if name == "status":
        return "helpful,everything", 422
    if name == "domain":
        return "%", 422
    if "enum" in schema:
        return "none-of-these", 422
    if "pattern" in schema:
        return "???", 422
    if schema.get("type") == "integer":
        return "-1", 422
    return None


def checked_parameters(spec: dict):
    cases = []
    for path, parameter in operations_with_query(spec):
        bad = bad_value(parameter)
        if bad is not None:
            cases.append((path, parameter["name"], *bad))
    return cases


@pytest.fixture()
def moderator_headers(accounts):
    return accounts.headers("mod", role="moderator")


def test_every_documented_query_parameter_with_a_rule_is_enforced_by_its_endpoint(client, moderator_headers):
    spec = client.get("/api/openapi.json").get_json()
    cases = checked_parameters(spec)
    # The reference's listings all take these: if they vanish from it, this test checks nothing.
    assert {("/api/annotations", "limit"), ("/api/changes", "since"), ("/feeds/annotations.atom", "status"),
            ("/api/export/annotations.jsonl", "updated_after"), ("/annotations/", "page"),
            ("/api/keys", "cursor"), ("/api/lookup", "prefix"), ("/api/moderation/queue", "state"),
            ("/api/moderation/log", "since")} <= {(path, name) for path, name, _, _ in cases}
    wrong = []
    for path, name, value, status in cases:
        query = {name: value}
        if path == "/api/lookup" and name != "prefix":
            query["prefix"] = "abcd"
        response = client.get(path, query_string=query, headers=moderator_headers)
        body = response.get_json(silent=True) or {}
        named = name in (body.get("error", {}).get("fields") or {}) or status == 400
        if response.status_code != status or not named:
            wrong.append((path, name, value, response.status_code, body.get("error")))
    assert wrong == []


def test_unknown_query_parameters_are_ignored(client):
    assert client.get("/api/annotations", query_string={"colour": "blue"}).status_code == 200
    assert client.get("/annotations/", query_string={"colour": "blue"}).status_code == 200


def test_a_missing_required_parameter_is_a_400_naming_it(client):
    response = client.get("/api/lookup")
    assert response.status_code == 400
    assert response.get_json()["error"] == {"code": "missing_parameter", "message": response.get_json()["error"]
                                            ["message"], "fields": {"prefix": ["Required."]}}


def test_the_page_size_is_bounded_by_the_setting_not_the_reference(app, client):
    limit = app.config["GLOSS"].limits.page_max
    assert client.get("/api/annotations", query_string={"limit": limit}).status_code == 200
    response = client.get("/api/annotations", query_string={"limit": limit + 1})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"limit": [f"Must be a whole number from 1 to {limit}."]}


def reads_request_args(module: Path) -> list[int]:
    tree = ast.parse(module.read_text(), str(module))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "args"
            and isinstance(node.value, ast.Name) and node.value.id == "request"]


def test_no_module_but_queryargs_reads_the_query_string():
    readers = {str(path.relative_to(SERVER)): lines for path in SERVER.rglob("*.py")
               if path not in READS_THE_QUERY and (lines := reads_request_args(path))}
    assert readers == {}
