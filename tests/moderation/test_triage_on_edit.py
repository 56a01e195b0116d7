"""Auto-triage runs on every write that sets a note's body: a new account cannot slip a link in by
editing a note it wrote without one (PATCH, PUT on /api/annotations/{id}, and the W3C container's PUT)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from server.db import db
from server.moderation.models import AuditEntry
from tests.factories import age_accounts, make_note

LINKED = "Proof at https://example.org/proof"


def with_body(text: str) -> dict:
    return make_note(body=[{"type": "TextualBody", "value": text, "format": "text/plain"}])


EDITS = {
    "PATCH /api/annotations": ("PATCH", "/api/annotations/{id}", {"bodyValue": LINKED}),
    "PUT /api/annotations": ("PUT", "/api/annotations/{id}", with_body(LINKED)),
    "PUT /annotations (W3C container)": ("PUT", "/annotations/{id}", with_body(LINKED)),
    "PATCH /annotations (W3C container)": ("PATCH", "/annotations/{id}", {"bodyValue": LINKED}),
}


def triage_rows(app, note_id: str) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(row.action, row.old_value, row.new_value) for row in db.session.scalars(
            select(AuditEntry).where(AuditEntry.target_id == note_id).order_by(AuditEntry.created))]


def write_plain_note(client, headers) -> str:
    created = client.post("/api/annotations", json=with_body("No link here."), headers=headers)
    assert created.status_code == 201 and created.get_json()["gloss"]["moderation_state"] == "visible"
    return created.get_json()["id"].rsplit("/", 1)[1]


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_new_account_adding_a_link_in_an_edit_is_held_for_review(app, client, accounts, edit):
    headers = accounts.headers("newcomer")
    note_id = write_plain_note(client, headers)
    method, path, body = EDITS[edit]
    response = client.open(path.format(id=note_id), method=method, json=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["gloss"]["moderation_state"] == "pending"
    assert triage_rows(app, note_id) == [("auto_pending", "visible", "pending")]
    assert client.get(f"/api/annotations/{note_id}").status_code == 404  # held: out of public view


def test_an_established_account_adding_a_link_in_an_edit_stays_visible(app, client, accounts):
    headers = accounts.headers("veteran")
    age_accounts(app)
    note_id = write_plain_note(client, headers)
    edited = client.patch(f"/api/annotations/{note_id}", json={"bodyValue": LINKED}, headers=headers)
    assert edited.get_json()["gloss"]["moderation_state"] == "visible" and triage_rows(app, note_id) == []


def test_an_edit_that_leaves_the_body_alone_is_not_triaged_again(app, client, accounts):
    headers = accounts.headers("newcomer")
    note_id = write_plain_note(client, headers)
    moderator = accounts.headers("mod", role="moderator")
    edited = client.patch(f"/api/annotations/{note_id}", json={"bodyValue": LINKED}, headers=headers).get_json()
    client.post(f"/api/moderation/annotations/{note_id}/actions", headers=moderator,
                json={"action": "approve", "reason": "A fair source.", "expected_version": edited["gloss"]["version"]})
    retagged = client.patch(f"/api/annotations/{note_id}", json={"gloss": {"tags": ["sources"]}}, headers=headers)
    assert retagged.get_json()["gloss"]["moderation_state"] == "visible"
    assert [row[0] for row in triage_rows(app, note_id)] == ["auto_pending", "approve"]
