"""Every annotation the API serves satisfies the W3C Web Annotation Data Model's MUSTs.

The same properties the web-platform-tests annotation-model schemas check, stated here directly so
that the suite runs with nothing outside this repository.
"""
from __future__ import annotations

import re

import pytest

from tests.factories import make_note

W3C_MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                   "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"}
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]+$")
BCP47 = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def assert_w3c_annotation(note: dict) -> None:
    context = note["@context"]
    assert context == "http://www.w3.org/ns/anno.jsonld" or context[0] == "http://www.w3.org/ns/anno.jsonld"
    assert isinstance(note["id"], str) and IRI.match(note["id"])
    assert note["type"] == "Annotation" or "Annotation" in note["type"]
    assert not ("body" in note and "bodyValue" in note), "body and bodyValue are mutually exclusive"
    assert note["motivation"] in W3C_MOTIVATIONS
    for key in ("created", "modified"):
        assert RFC3339_UTC.match(note[key]), key
    assert note["modified"] >= note["created"]
    creator = note["creator"]
    assert IRI.match(creator["id"]) and creator["type"] == "Person" and isinstance(creator["nickname"], str)
    bodies = note["body"] if isinstance(note["body"], list) else [note["body"]]
    assert bodies
    for body in bodies:
        assert body["type"] == "TextualBody" and isinstance(body["value"], str)
        assert body.get("purpose", "commenting") in W3C_MOTIVATIONS
        assert body.get("format", "text/plain") == "text/plain"
        assert "language" not in body or BCP47.match(body["language"])
    targets = note["target"] if isinstance(note["target"], list) else [note["target"]]
    for target in targets:
        assert IRI.match(target["source"])
        assert target.get("type") != "TextualBody"
        for selector in target["selector"]:
            assert_selector(selector)


def assert_selector(selector: dict) -> None:
    if selector["type"] == "TextQuoteSelector":
        assert isinstance(selector["exact"], str) and selector["exact"]
        assert all(isinstance(selector.get(k, ""), str) for k in ("prefix", "suffix"))
    else:
        assert selector["type"] == "TextPositionSelector"
        assert isinstance(selector["start"], int) and isinstance(selector["end"], int)
        assert 0 <= selector["start"] <= selector["end"]


@pytest.mark.parametrize("changes", [
    {},
    {"motivation": "questioning"},
    {"body": [{"type": "TextualBody", "value": "Only text."}]},
    {"body": [{"type": "TextualBody", "value": "Tagged.", "language": "en-GB"},
              {"type": "TextualBody", "value": "context", "purpose": "tagging"}]},
])
def test_created_and_fetched_annotations_satisfy_the_w3c_model(client, writer, changes):
    created = client.post("/api/annotations", json=make_note(**changes), headers=writer).get_json()
    assert_w3c_annotation(created)
    assert_w3c_annotation(client.get(created["id"].replace("http://localhost", "")).get_json())


def test_listed_annotations_satisfy_the_w3c_model(client, writer):
    created = client.post("/api/annotations", json=make_note(), headers=writer).get_json()
    page = client.get("/api/annotations", query_string={"url": created["target"]["source"],
                                                        "status": "needs_more_ratings"}).get_json()
    assert page["items"]
    for note in page["items"]:
        assert_w3c_annotation(note)


def test_checker_rejects_a_note_with_both_body_and_body_value():
    broken = {**make_note(), "id": "https://x.example/a/1", "created": "2026-01-01T00:00:00Z",
              "modified": "2026-01-01T00:00:00Z", "creator": {"id": "https://x.example/u", "type": "Person",
                                                              "nickname": "u"}, "bodyValue": "x"}
    with pytest.raises(AssertionError):
        assert_w3c_annotation(broken)
