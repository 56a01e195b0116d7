"""The OpenAPI document, rearranged for the reference page: operations grouped by tag, and each schema
as a table. Plain data only; the template (autoescaped) turns it into HTML."""
from __future__ import annotations

METHOD_ORDER = ("get", "post", "put", "patch", "delete", "options")
AUTH_TEXT = {
    "none": "None.",
    "optional": "Optional bearer token (anonymous allowed; a bad token is a 401).",
    "required": "Bearer token required.",
}


def docs_page_context(spec: dict) -> dict:
    return {"info": spec["info"], "servers": spec.get("servers", []),
            "security": spec["components"].get("securitySchemes", {}),
            "groups": _groups(spec), "schemas": _schemas(spec)}


def _groups(spec: dict) -> list[dict]:
    by_tag: dict[str, list[dict]] = {tag["name"]: [] for tag in spec.get("tags", [])}
    for path, item in spec["paths"].items():
        for method in METHOD_ORDER:
            if method in item:
                operation = item[method]
                by_tag.setdefault(operation["tags"][0], []).append(_operation(path, method, item, operation))
    descriptions = {tag["name"]: tag.get("description", "") for tag in spec.get("tags", [])}
    return [{"name": name, "description": descriptions.get(name, ""), "operations": operations}
            for name, operations in by_tag.items() if operations]


def _auth(security: list[dict]) -> str:
    if not security:
        return AUTH_TEXT["none"]
    return AUTH_TEXT["optional"] if {} in security else AUTH_TEXT["required"]


def _operation(path: str, method: str, item: dict, operation: dict) -> dict:
    parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
    responses, errors = [], []
    for status, response in operation["responses"].items():
        shown = {"status": status, "description": response.get("description", ""),
                 "headers": list(response.get("headers", {})),
                 "content": [{"media": media, "type": describe(body.get("schema", {}))}
                             for media, body in response.get("content", {}).items()]}
        (errors if int(status) >= 400 else responses).append(shown)
    body = operation.get("requestBody", {}).get("content", {})
    return {"id": operation["operationId"], "method": method.upper(), "path": path,
            "summary": operation.get("summary", ""), "description": operation.get("description", ""),
            "auth": _auth(operation.get("security", [])),
            "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                            "type": describe(p.get("schema", {})), "description": p.get("description", "")}
                           for p in parameters],
            "request": [{"media": media, "type": describe(content.get("schema", {}))}
                        for media, content in body.items()],
            "responses": responses, "errors": errors}


def _schemas(spec: dict) -> list[dict]:
    shown = []
    for name, schema in sorted(spec["components"].get("schemas", {}).items()):
        required = set(schema.get("required", []))
        rows = [{"name": key, "type": describe(prop), "required": key in required,
                 "description": prop.get("description", "")}
                for key, prop in schema.get("properties", {}).items()]
        shown.append({"name": name, "description": schema.get("description", ""), "rows": rows,
                      "closed": schema.get("additionalProperties") is False})
    return shown


def describe(schema: dict) -> list[tuple[str, str | None]]:
    """A schema as a short phrase: pieces of (text, name of the component schema it links to or None)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return [(name, name)]
    for key in ("oneOf", "anyOf"):
        if key in schema:
            pieces: list[tuple[str, str | None]] = []
            for index, choice in enumerate(schema[key]):
                if index:
                    pieces.append((" or ", None))
                pieces += describe(choice)
            return pieces
    kinds = schema.get("type")
    if kinds is None:
        return [("any", None)]
    kinds = kinds if isinstance(kinds, list) else [kinds]
    pieces = []
    for index, kind in enumerate(kinds):
        if index:
            pieces.append((" or ", None))
        pieces += _describe_type(kind, schema)
    return pieces


def _describe_type(kind: str, schema: dict) -> list[tuple[str, str | None]]:
    if kind == "array":
        return [("array of ", None), *describe(schema.get("items", {}))]
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict) and schema["additionalProperties"]:
        return [("object of ", None), *describe(schema["additionalProperties"])]
    text = kind
    if schema.get("format"):
        text += f" ({schema['format']})"
    if kind != "null" and schema.get("enum"):
        text += ": " + " | ".join(str(value) for value in schema["enum"] if value is not None)
    if "minimum" in schema or "maximum" in schema:
        text += f", {schema.get('minimum', '…')}–{schema.get('maximum', '…')}"
    return [(text, None)]
