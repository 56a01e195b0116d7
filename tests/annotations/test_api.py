"""The annotations API contract: shapes, status codes, headers, and what each error leaves behind."""
from __future__ import annotations

import pytest

from tests.factories import ANY, HEADLINE, NORMALIZED_URL, make_note
from tests.factories import short_id as note_id

W3C_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'


def count_notes(client, url=NORMALIZED_URL) -> int:
    return client.get("/api/annotations", query_string={"url": url, "status": ANY}).get_json()["total"]


# --- create -------------------------------------------------------------------------------------

def test_create_returns_201_with_location_etag_and_w3c_representation(client, writer):
    response = client.post("/api/annotations", json=make_note(), headers=writer)
    assert response.status_code == 201
    assert response.headers["Content-Type"] == W3C_TYPE
    note = response.get_json()
    assert response.headers["Location"] == note["id"]
    assert note["id"].startswith("http://localhost/annotations/")
    assert response.headers["ETag"] == '"v1"'
    assert note["target"]["source"] == NORMALIZED_URL
    assert note["target"]["selector"][0] == {"type": "TextQuoteSelector", "exact": HEADLINE,
                                             "prefix": "World | ", "suffix": "\nA new shipment"}
    assert note["target"]["selector"][1] == {"type": "TextPositionSelector", "start": 8, "end": 8 + len(HEADLINE)}
    assert note["body"][0]["value"].startswith("Headline overstates")
    assert note["body"][0]["language"] == "en"
    assert note["gloss"] == {"status": "needs_more_ratings", "moderation_state": "visible", "version": 1,
                             "tags": ["misleading-headline"]}
    assert note["creator"]["nickname"] == "alice"


def test_created_id_is_opaque_22_character_url_safe_string(created):
    identifier = note_id(created)
    assert len(identifier) == 22
    assert all(c.isalnum() or c in "-_" for c in identifier)


def test_create_without_token_is_401_with_bearer_challenge_and_writes_nothing(client):
    response = client.post("/api/annotations", json=make_note())
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert count_notes(client) == 0


def test_create_with_unknown_token_is_401(client):
    response = client.post("/api/annotations", json=make_note(), headers={"Authorization": "Bearer gls_nope"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"


def test_create_by_reader_is_403(client, accounts):
    response = client.post("/api/annotations", json=make_note(), headers=accounts.headers("rita", role="reader"))
    assert response.status_code == 403
    assert count_notes(client) == 0


def test_create_by_suspended_user_is_403(client, accounts):
    headers = accounts.headers("sam", suspended=True)
    response = client.post("/api/annotations", json=make_note(), headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "suspended"


def test_create_accepts_body_value_and_single_selector_object(client, writer):
    payload = make_note(target={"source": "https://news.example.com/a",
                                "selector": {"type": "TextQuoteSelector", "exact": "word"}})
    del payload["body"]
    payload["bodyValue"] = "A plain note."
    response = client.post("/api/annotations", json=payload, headers=writer)
    assert response.status_code == 201, response.get_json()
    note = response.get_json()
    assert note["body"] == [{"type": "TextualBody", "value": "A plain note.", "format": "text/plain",
                             "purpose": "commenting"}]
    assert note["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "word", "prefix": "", "suffix": ""}]


def test_create_merges_gloss_tags_with_tagging_bodies_without_duplicates(client, writer):
    payload = make_note(gloss={"tags": ["misleading-headline", "context"]})
    note = client.post("/api/annotations", json=payload, headers=writer).get_json()
    assert note["gloss"]["tags"] == ["misleading-headline", "context"]
    assert [b["value"] for b in note["body"] if b["purpose"] == "tagging"] == ["misleading-headline", "context"]


def test_create_ignores_server_managed_fields_sent_by_client(client, writer):
    payload = make_note(id="https://evil.example/annotations/x", created="1999-01-01T00:00:00Z",
                        creator={"id": "https://evil.example/u/mallory", "type": "Person"},
                        gloss={"status": "helpful", "version": 99})
    note = client.post("/api/annotations", json=payload, headers=writer).get_json()
    assert note["id"].startswith("http://localhost/annotations/")
    assert note["created"] != "1999-01-01T00:00:00Z"
    assert note["creator"]["nickname"] == "alice"
    assert note["gloss"]["status"] == "needs_more_ratings" and note["gloss"]["version"] == 1


@pytest.mark.parametrize("mutate, field", [
    (lambda n: n.update(unexpected=1), "unexpected"),
    (lambda n: n["target"].update(extra=True), "target.extra"),
    (lambda n: n["body"][0].update(format="text/html"), "body.0.format"),
    (lambda n: n["body"][0].update(type="Image"), "body.0.type"),
    (lambda n: n.update(motivation="replying"), "motivation"),
    (lambda n: n.update(type="Note"), "type"),
    (lambda n: n.update({"@context": "http://schema.org"}), "@context"),
    (lambda n: n.pop("target"), "target"),
    (lambda n: n["target"].pop("source"), "target.source"),
    (lambda n: n["target"].update(source="ftp://news.example.com/a"), "target.source"),
    (lambda n: n["target"].update(source="not a url"), "target.source"),
    (lambda n: n["target"]["selector"].pop(0), "target.selector"),
    (lambda n: n["target"]["selector"].append({"type": "CssSelector", "value": "h1"}), "target.selector.2.type"),
    (lambda n: n["target"]["selector"].append(dict(n["target"]["selector"][0])), "target.selector"),
    (lambda n: n["target"]["selector"][1].update(end=3), "target.selector.1.end"),
    (lambda n: n["target"]["selector"][1].update(start=-1), "target.selector.1.start"),
    (lambda n: n["target"]["selector"][1].update(start="8"), "target.selector.1.start"),
    (lambda n: n["target"]["selector"][1].update(end=9), "target.selector"),
    (lambda n: n["target"]["selector"][0].update(exact=""), "target.selector"),
    (lambda n: n["target"]["selector"][0].update(prefix="p" * 257), "target.selector"),
    (lambda n: n.pop("body"), "body"),
    (lambda n: n["body"][0].update(value="   "), "body"),
    (lambda n: n["body"].append({"type": "TextualBody", "value": "second text"}), "body"),
    (lambda n: n.update(bodyValue="also a value"), "body"),
    (lambda n: n.update(body="https://example.org/body"), "body.0"),
    (lambda n: n.update(gloss={"colour": "red"}), "gloss.colour"),
    (lambda n: n.update(gloss={"canonical_url": "javascript:alert(1)"}), "gloss.canonical_url"),
])
def test_create_with_invalid_field_is_422_naming_it_and_writes_nothing(client, writer, mutate, field):
    payload = make_note()
    mutate(payload)
    response = client.post("/api/annotations", json=payload, headers=writer)
    assert response.status_code == 422, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert count_notes(client) == 0


def test_create_with_malformed_json_is_400(client, writer):
    response = client.post("/api/annotations", data="{not json", content_type="application/json", headers=writer)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "malformed_json"


def test_create_with_json_array_is_422(client, writer):
    response = client.post("/api/annotations", json=[make_note()], headers=writer)
    assert response.status_code == 422


def test_create_with_form_content_type_is_415(client, writer):
    response = client.post("/api/annotations", data="a=b", content_type="application/x-www-form-urlencoded",
                           headers=writer)
    assert response.status_code == 415


def test_create_accepts_ld_json_content_type(client, writer):
    import json
    response = client.post("/api/annotations", data=json.dumps(make_note()),
                           content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
                           headers=writer)
    assert response.status_code == 201


@pytest.mark.parametrize("bad", ["nul \x00 inside", "lone \ud800 surrogate"])
def test_create_with_unstorable_text_is_422_not_500(client, writer, bad):
    payload = make_note()
    payload["body"][0]["value"] = bad
    import json
    raw = json.dumps(payload)  # ensure_ascii escapes both, as a real client would send them
    response = client.post("/api/annotations", data=raw, content_type="application/json", headers=writer)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "bad_text"


# --- limits ---------------------------------------------------------------------------------------

def test_quote_of_exactly_2000_characters_is_accepted_and_2001_rejected(client, writer):
    ok = make_note()
    ok["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "q" * 2000}]
    assert client.post("/api/annotations", json=ok, headers=writer).status_code == 201
    too_long = make_note()
    too_long["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "q" * 2001}]
    assert client.post("/api/annotations", json=too_long, headers=writer).status_code == 422
    assert count_notes(client) == 1


def test_note_of_exactly_5000_characters_is_accepted_and_5001_rejected(client, writer):
    ok = make_note()
    ok["body"][0]["value"] = "n" * 5000
    assert client.post("/api/annotations", json=ok, headers=writer).status_code == 201
    too_long = make_note()
    too_long["body"][0]["value"] = "n" * 5001
    assert client.post("/api/annotations", json=too_long, headers=writer).status_code == 422
    assert count_notes(client) == 1


def test_twenty_tags_of_fifty_characters_are_accepted_and_more_rejected(client, writer):
    tags = [f"{i:02d}" + "t" * 48 for i in range(20)]
    untagged = make_note()
    untagged["body"] = untagged["body"][:1]
    assert client.post("/api/annotations", json={**untagged, "gloss": {"tags": tags}},
                       headers=writer).status_code == 201
    for bad in (tags + ["one-more"], ["t" * 51], [" "]):
        response = client.post("/api/annotations", json={**untagged, "gloss": {"tags": bad}}, headers=writer)
        assert response.status_code == 422
        assert "tags" in response.get_json()["error"]["fields"]
    assert count_notes(client) == 1


def test_body_over_one_megabyte_is_413_and_writes_nothing(client, writer):
    payload = make_note()
    payload["body"][0]["value"] = "x" * 1_000_001
    response = client.post("/api/annotations", json=payload, headers=writer)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert count_notes(client) == 0


# --- read -------------------------------------------------------------------------------------------

def test_get_returns_same_representation_with_etag_at_api_and_canonical_iri(client, created):
    identifier = note_id(created)
    for path in (f"/api/annotations/{identifier}", f"/annotations/{identifier}"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == W3C_TYPE
        assert response.headers["ETag"] == '"v1"'
        assert response.get_json() == created


def test_get_unknown_id_is_404_json(client):
    response = client.get("/api/annotations/AAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_note_text_is_returned_verbatim_never_as_markup(client, writer):
    payload = make_note()
    payload["body"][0]["value"] = "<script>alert('x')</script> & <b>bold</b>"
    note = client.post("/api/annotations", json=payload, headers=writer).get_json()
    assert note["body"][0]["value"] == "<script>alert('x')</script> & <b>bold</b>"
    assert note["body"][0]["format"] == "text/plain"


# --- update -----------------------------------------------------------------------------------------

def test_put_by_author_replaces_note_and_bumps_version(client, writer, created):
    replacement = make_note()
    replacement["body"] = [{"type": "TextualBody", "value": "Rewritten."}]
    response = client.put(f"/api/annotations/{note_id(created)}", json=replacement,
                          headers={**writer, "If-Match": '"v1"'})
    assert response.status_code == 200, response.get_json()
    note = response.get_json()
    assert note["body"][0]["value"] == "Rewritten."
    assert note["gloss"]["tags"] == []
    assert note["gloss"]["version"] == 2
    assert response.headers["ETag"] == '"v2"'
    assert note["created"] == created["created"]


def test_put_of_the_get_representation_round_trips(client, writer, created):
    response = client.put(f"/api/annotations/{note_id(created)}", json=created, headers=writer)
    assert response.status_code == 200, response.get_json()
    again = response.get_json()
    assert again["body"] == created["body"] and again["target"] == created["target"]


def test_patch_changes_only_given_fields(client, writer, created):
    response = client.patch(f"/api/annotations/{note_id(created)}", json={"motivation": "questioning"},
                            headers=writer)
    assert response.status_code == 200, response.get_json()
    note = response.get_json()
    assert note["motivation"] == "questioning"
    assert note["body"][0]["value"] == created["body"][0]["value"]
    assert note["gloss"]["tags"] == created["gloss"]["tags"]
    assert note["target"] == created["target"]


def test_patch_of_tags_alone_keeps_text(client, writer, created):
    note = client.patch(f"/api/annotations/{note_id(created)}", json={"gloss": {"tags": ["context"]}},
                        headers=writer).get_json()
    assert note["gloss"]["tags"] == ["context"]
    assert note["body"][0]["value"] == created["body"][0]["value"]


def test_update_with_stale_if_match_is_412_and_changes_nothing(client, writer, created):
    path = f"/api/annotations/{note_id(created)}"
    assert client.patch(path, json={"bodyValue": "first edit"},
                        headers={**writer, "If-Match": '"v1"'}).status_code == 200
    response = client.patch(path, json={"bodyValue": "lost update"}, headers={**writer, "If-Match": '"v1"'})
    assert response.status_code == 412
    assert response.get_json()["error"]["code"] == "precondition_failed"
    assert client.get(path).get_json()["body"][0]["value"] == "first edit"


def test_update_with_garbage_if_match_is_412(client, writer, created):
    response = client.patch(f"/api/annotations/{note_id(created)}", json={"bodyValue": "x"},
                            headers={**writer, "If-Match": "banana"})
    assert response.status_code == 412


def test_update_by_another_user_is_403_and_changes_nothing(client, accounts, created):
    path = f"/api/annotations/{note_id(created)}"
    response = client.patch(path, json={"bodyValue": "hijacked"}, headers=accounts.headers("bob"))
    assert response.status_code == 403
    assert client.get(path).get_json() == created


def test_update_without_token_is_401(client, created):
    assert client.put(f"/api/annotations/{note_id(created)}", json=make_note()).status_code == 401


def test_put_cannot_move_note_to_another_page(client, writer, created):
    moved = make_note()
    moved["target"]["source"] = "https://other.example.org/story"
    response = client.put(f"/api/annotations/{note_id(created)}", json=moved, headers=writer)
    assert response.status_code == 422
    assert "target.source" in response.get_json()["error"]["fields"]


def test_put_may_use_an_equivalent_url_of_the_same_page(client, writer, created):
    same_page = make_note()
    same_page["target"]["source"] = "http://NEWS.example.com/2026/11/20/missiles/?fbclid=abc"
    response = client.put(f"/api/annotations/{note_id(created)}", json=same_page, headers=writer)
    assert response.status_code == 200, response.get_json()


def test_put_with_invalid_body_is_422_and_changes_nothing(client, writer, created):
    path = f"/api/annotations/{note_id(created)}"
    broken = make_note()
    broken["target"]["selector"] = []
    assert client.put(path, json=broken, headers=writer).status_code == 422
    assert client.get(path).get_json() == created


def test_update_of_unknown_note_is_404(client, writer):
    assert client.patch("/api/annotations/AAAAAAAAAAAAAAAAAAAAAA", json={"bodyValue": "x"},
                        headers=writer).status_code == 404


# --- delete -----------------------------------------------------------------------------------------

def test_delete_by_author_is_204_then_410_and_gone_from_listing(client, writer, created):
    path = f"/api/annotations/{note_id(created)}"
    assert client.delete(path, headers=writer).status_code == 204
    response = client.get(path)
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "gone"
    assert count_notes(client) == 0
    assert client.delete(path, headers=writer).status_code == 410
    assert client.patch(path, json={"bodyValue": "zombie"}, headers=writer).status_code == 410


def test_delete_scrubs_the_words_but_keeps_a_tombstone(app, client, writer, created):
    client.delete(f"/api/annotations/{note_id(created)}", headers=writer)
    from server.annotations.models import Annotation
    from server.db import db
    with app.app_context():
        row = db.session.get(Annotation, note_id(created))
        assert row.deleted is not None
        assert row.body_text == "" and row.quote_exact == "" and row.tags == []


def test_delete_by_another_user_is_403_and_keeps_note(client, accounts, created):
    path = f"/api/annotations/{note_id(created)}"
    assert client.delete(path, headers=accounts.headers("bob")).status_code == 403
    assert client.get(path).status_code == 200


def test_delete_with_stale_if_match_is_412(client, writer, created):
    path = f"/api/annotations/{note_id(created)}"
    client.patch(path, json={"bodyValue": "edited"}, headers=writer)
    assert client.delete(path, headers={**writer, "If-Match": '"v1"'}).status_code == 412
    assert client.get(path).status_code == 200


def test_unsupported_method_is_405_json_with_allow(client, created):
    response = client.post(f"/api/annotations/{note_id(created)}", json={})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_patch_with_half_a_target_is_422_not_a_partial_update(client, writer, created):
    path = f"/api/annotations/{note_id(created)}"
    response = client.patch(path, json={"target": {"selector": [{"type": "TextQuoteSelector", "exact": "x"}]}},
                            headers=writer)
    assert response.status_code == 422
    assert "target.source" in response.get_json()["error"]["fields"]
    assert client.get(path).get_json() == created


def test_patch_with_a_whole_target_moves_the_quote(client, writer, created):
    target = {"source": created["target"]["source"],
              "selector": [{"type": "TextQuoteSelector", "exact": "anti-tank missiles"}]}
    note = client.patch(f"/api/annotations/{note_id(created)}", json={"target": target}, headers=writer).get_json()
    assert note["target"]["selector"] == [{"type": "TextQuoteSelector", "exact": "anti-tank missiles",
                                           "prefix": "", "suffix": ""}]


def test_client_canonical_iri_is_kept_and_never_replaced(client, writer):
    created = client.post("/api/annotations", json=make_note(canonical="urn:uuid:7f3c2a9e-1b4d-4c55-9d0e-2a1f0c6b8e11"),
                          headers=writer).get_json()
    assert created["canonical"] == "urn:uuid:7f3c2a9e-1b4d-4c55-9d0e-2a1f0c6b8e11"
    replaced = client.put(created["id"].replace("http://localhost", ""), json=make_note(canonical="urn:uuid:other"),
                          headers=writer).get_json()
    assert replaced["canonical"] == created["canonical"]
    bad = client.post("/api/annotations", json=make_note(canonical="not an iri"), headers=writer)
    assert bad.status_code == 422 and "canonical" in bad.get_json()["error"]["fields"]
