"""Check a real response against what the OpenAPI document says the operation answers.

OpenAPI 3.1 schema objects are JSON Schema 2020-12, so a documented schema becomes a checkable JSON
Schema by carrying the document's components along (its `$ref`s point into them)."""
from __future__ import annotations

import json

from jsonschema import Draft202012Validator

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# JSON Lines: the documented schema describes each line (as OpenAPI 3.2's itemSchema would).
JSON_LINES = ("application/x-ndjson", "application/jsonl")


def json_schema(spec: dict, schema: dict) -> dict:
    """A documented schema as a standalone JSON Schema: `#/components/...` refs resolve inside it."""
    return {"$schema": DIALECT, **schema, "components": spec["components"]}


class ResponseChecker:
    def __init__(self, spec: dict):
        self.spec = spec
        self.checked: set[tuple[str, str, int]] = set()  # (METHOD, path template, status)

    def check(self, method: str, path: str, status: int, headers, body: bytes) -> None:
        """Fail unless the status is documented for this operation, the body matches its schema (in the
        documented media type) and the documented headers are present."""
        operation = self.spec["paths"][path][method.lower()]
        documented = operation["responses"].get(str(status))
        assert documented is not None, f"{method} {path} answered {status}, which is not documented: {body[:300]!r}"
        for name in documented.get("headers", {}):
            assert headers.get(name), f"{method} {path} {status}: documented header {name} is missing"
        content = documented.get("content")
        if not content:
            assert body == b"", f"{method} {path} {status}: documented as empty, got {body[:200]!r}"
        else:
            media = self._media(content, headers.get("Content-Type", ""), f"{method} {path} {status}")
            if media.split(";")[0] in JSON_LINES:
                for line in body.splitlines():
                    self._validate(content[media]["schema"], json.loads(line), f"{method} {path} {status}")
            elif media.endswith("json") or "json;" in media:
                self._validate(content[media]["schema"], json.loads(body), f"{method} {path} {status}")
        self.checked.add((method.upper(), path, status))

    def _validate(self, documented: dict, value, what: str) -> None:
        schema = json_schema(self.spec, documented)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
        assert not errors, (f"{what} does not match its documented schema: "
                            + "; ".join(f"{list(e.path)}: {e.message[:200]}" for e in errors[:5]))

    @staticmethod
    def _media(content: dict, content_type: str, what: str) -> str:
        if content_type in content:
            return content_type
        base = content_type.split(";")[0].strip()
        for media in content:
            if media.split(";")[0].strip() == base and ";" not in media:
                return media
        raise AssertionError(f"{what}: Content-Type {content_type!r} is not documented ({list(content)})")
