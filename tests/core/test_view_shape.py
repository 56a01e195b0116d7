"""Every view has the house shape: validate, call one service, present, in at most 15 lines (the
docstring aside). A view that needs a second service call says why in a comment that starts
"# second service:"; this test walks every views module and fails on a view that breaks either rule."""
from __future__ import annotations

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"
MAX_LINES = 15
ROUTES = {"get", "post", "put", "patch", "delete", "route"}
EXCUSE = "# second service:"


def views():
    for path in sorted(SERVER.rglob("views.py")):
        source = path.read_text()
        for node in ast.walk(ast.parse(source, str(path))):
            if isinstance(node, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ROUTES
                    and isinstance(d.func.value, ast.Name) and d.func.value.id == "bp" for d in node.decorator_list):
                yield path.relative_to(SERVER), node, source.splitlines()[node.lineno - 1:node.end_lineno]


def body_lines(node: ast.FunctionDef) -> int:
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):  # the docstring
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def service_calls(node: ast.FunctionDef) -> list[str]:
    """Calls such as services.create_annotation(...) or annotation_services.search_filters(...)."""
    return [f"{call.func.value.id}.{call.func.attr}" for call in ast.walk(node)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name) and call.func.value.id.endswith("services")]


def test_the_walk_finds_the_views():
    found = {(str(path), node.name) for path, node, _ in views()}
    assert {("annotations/views.py", "create"), ("moderation/ui/views.py", "queue"),
            ("feeds/views.py", "export")} <= found and len(found) > 40


def test_every_view_is_at_most_15_lines():
    long = [(str(path), node.name, body_lines(node)) for path, node, _ in views() if body_lines(node) > MAX_LINES]
    assert long == []


def test_every_view_calls_one_service_unless_a_comment_says_why():
    many = [(str(path), node.name, calls) for path, node, lines in views()
            if len(set(calls := service_calls(node))) > 1 and not any(EXCUSE in line for line in lines)]
    assert many == []
