"""The write path's one hook (server/annotations/events.py): every write of a note sends note_written
exactly once, the change log and the quote index get their rows through it (annotations imports neither),
triage answers a decision the write path applies, and a write that fails leaves none of its rows."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from server.accounts.models import User
from server.annotations import events, services
from server.annotations.models import Annotation
from server.annotations.schemas import AnnotationInSchema
from server.db import db, utcnow
from server.feeds import changelog
from server.feeds.models import NoteChange
from server.fingerprints import hooks as fingerprint_hooks
from server.fingerprints.models import QuoteFingerprint
from server.moderation import triage as moderation_triage
from server.moderation.models import AuditEntry
from tests.factories import age_accounts, make_note, short_id

LINKED = "Proof at https://example.org/proof"


@pytest.fixture()
def writes(app):
    """Every note_written sent to this app during the test, as (kind, note id, prior state, hold reason)."""
    sent = []

    def receiver(_app, write):
        sent.append((write.kind, write.note.id, write.prior_state, write.hold.reason if write.hold else None))

    with events.note_written.connected_to(receiver, sender=app):
        yield sent


@contextmanager
def disconnected(app, signal, receiver):
    signal.disconnect(receiver, sender=app)
    try:
        yield
    finally:
        signal.connect(receiver, sender=app)


def rows(app, note_id: str) -> dict:
    """What the database holds of a note and of the rows its writes add."""
    with app.app_context():
        note = db.session.get(Annotation, note_id)
        fingerprint = db.session.get(QuoteFingerprint, note_id)
        return {
            "note": note and (note.version, note.body_text, note.quote_exact, note.moderation_state, note.ever_public),
            "changes": list(db.session.scalars(select(NoteChange.kind).where(NoteChange.annotation_id == note_id)
                                               .order_by(NoteChange.seq))),
            "fingerprint": fingerprint and (fingerprint.fingerprint, fingerprint.window_key),
            "audit": list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.target_id == note_id)
                                             .order_by(AuditEntry.created))),
        }


def counts(app) -> dict:
    with app.app_context():
        return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
                for model in (Annotation, NoteChange, QuoteFingerprint, AuditEntry)}


def with_body(text: str, exact: str | None = None) -> dict:
    note = make_note(body=[{"type": "TextualBody", "value": text, "format": "text/plain"}])
    if exact is not None:
        note["target"] = {"source": note["target"]["source"], "selector": [{"type": "TextQuoteSelector",
                                                                            "exact": exact}]}
    return note


def post(client, headers, note=None) -> dict:
    response = client.post("/api/annotations", json=note or make_note(), headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def moderate(client, headers, note_id, action, version):
    response = client.post(f"/api/moderation/annotations/{note_id}/actions", headers=headers,
                           json={"action": action, "reason": "test", "expected_version": version})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- exactly once per write ----------------------------------------------------------------------------

def test_create_edit_delete_each_send_note_written_once(app, client, accounts, writes):
    alice = accounts.headers("alice")
    age_accounts(app)
    note = post(client, alice)
    note_id = short_id(note)
    assert writes == [("created", note_id, "visible", None)]
    assert client.patch(f"/api/annotations/{note_id}", json={"bodyValue": "Edited."}, headers=alice).status_code == 200
    assert client.put(f"/annotations/{note_id}", json=with_body("Put back."), headers=alice).status_code == 200
    assert client.delete(f"/api/annotations/{note_id}", headers=alice).status_code == 204
    assert writes == [("created", note_id, "visible", None), ("updated", note_id, "visible", None),
                      ("updated", note_id, "visible", None), ("deleted", note_id, "visible", None)]


def test_the_w3c_container_post_sends_it_once_too(app, client, accounts, writes):
    response = client.post("/annotations/", json=make_note(), headers=accounts.headers("alice"))
    assert response.status_code == 201
    assert [kind for kind, *_ in writes] == ["created"]


def test_refused_writes_send_nothing(app, client, accounts, writes):
    alice, bob = accounts.headers("alice"), accounts.headers("bob")
    note_id = short_id(post(client, alice))
    writes.clear()
    assert client.patch(f"/api/annotations/{note_id}", json={"bodyValue": "Mine."}, headers=bob).status_code == 403
    assert client.patch(f"/api/annotations/{note_id}", json={"bodyValue": "x"},
                        headers={**alice, "If-Match": '"v9"'}).status_code == 412
    assert client.post("/api/annotations", json=make_note(motivation="commenting", gloss={"verdict": "false"}),
                       headers=alice).status_code == 422
    assert writes == []


def test_each_moderation_change_sends_one_moderated_write(app, client, accounts, writes):
    moderator = accounts.headers("mod", role="moderator")
    author = accounts.headers("author")
    flaggers = [accounts.headers(f"reader{i}") for i in range(3)]
    age_accounts(app)
    note = post(client, author)
    note_id = short_id(note)
    hidden = moderate(client, moderator, note_id, "hide", note["gloss"]["version"])
    moderate(client, moderator, note_id, "restore", hidden["gloss"]["version"])
    for headers in flaggers:  # the third flag holds the note
        assert client.post(f"/api/annotations/{note_id}/flags", json={"reason": "spam"},
                           headers=headers).status_code == 201
    assert writes == [("created", note_id, "visible", None), ("moderated", note_id, "visible", None),
                      ("moderated", note_id, "hidden", None), ("moderated", note_id, "visible", None)]
    writes.clear()
    others = [short_id(post(client, author, with_body(f"Note {i}.", exact=f"quote {i}"))) for i in range(2)]
    writes.clear()
    response = client.post("/api/moderation/users/author/actions", json={"action": "hide_notes", "reason": "spam"},
                           headers=moderator)
    assert response.status_code == 200
    assert sorted(writes) == sorted(("moderated", other, "visible", None) for other in others)


# --- triage: a decision the write path applies -----------------------------------------------------------

def test_triage_answers_a_decision_and_changes_nothing(app):
    with app.app_context():
        young = User(username="newcomer", email="n@example.org", password_hash="x", role="contributor",
                     created=utcnow())
        assert moderation_triage.triage_body(young, LINKED, None) == events.Hold("new account posting a link")
        assert moderation_triage.triage_body(young, LINKED, "visible") == events.Hold("new account posting a link")
        assert moderation_triage.triage_body(young, LINKED, "hidden") is None  # held already
        assert moderation_triage.triage_body(young, "No link here.", None) is None
        assert events.triage_decision(young, LINKED, None) == events.Hold("new account posting a link")


def test_a_hold_on_creation_is_one_created_write_with_its_audit_row(app, client, accounts, writes):
    note = post(client, accounts.headers("newcomer"), with_body(LINKED))
    note_id = short_id(note)
    assert note["gloss"]["moderation_state"] == "pending"
    assert writes == [("created", note_id, "visible", "new account posting a link")]
    found = rows(app, note_id)
    assert found["changes"] == ["created"] and found["audit"] == ["auto_pending"]
    assert found["note"][3:] == ("pending", False)  # held since creation: never public, never in the feed


def test_a_held_edit_is_one_updated_write_and_two_change_rows(app, client, accounts, writes):
    headers = accounts.headers("newcomer")
    note_id = short_id(post(client, headers, with_body("No link here.")))
    response = client.patch(f"/api/annotations/{note_id}", json={"bodyValue": LINKED}, headers=headers)
    assert response.get_json()["gloss"]["moderation_state"] == "pending"
    assert writes[1:] == [("updated", note_id, "visible", "new account posting a link")]
    found = rows(app, note_id)
    assert found["changes"] == ["created", "moderated", "updated"]  # the hold first, as moderation logs it
    assert found["audit"] == ["auto_pending"] and found["note"][3:] == ("pending", True)


# --- the change log and the quote index hang on the hook -------------------------------------------------

def test_the_change_row_comes_through_the_hook(app, client, accounts):
    alice = accounts.headers("alice")
    with disconnected(app, events.note_written, changelog._log_written_note):
        silent = short_id(post(client, alice))
    logged = short_id(post(client, alice, with_body("Another.", exact="another quote")))
    assert rows(app, silent)["changes"] == [] and rows(app, silent)["fingerprint"] is not None
    assert rows(app, logged)["changes"] == ["created"]


def test_the_quote_index_follows_every_write_through_the_hook(app, client, accounts):
    alice = accounts.headers("alice")
    with disconnected(app, events.note_written, fingerprint_hooks._index_written_note):
        unindexed = short_id(post(client, alice))
    assert rows(app, unindexed)["fingerprint"] is None and rows(app, unindexed)["changes"] == ["created"]
    note_id = short_id(post(client, alice))
    first = rows(app, note_id)["fingerprint"]
    assert first is not None
    other_quote = "Eight whole words make a quote worth a fingerprint"
    assert client.put(f"/api/annotations/{note_id}", json=with_body("New quote.", exact=other_quote),
                      headers=alice).status_code == 200
    second = rows(app, note_id)["fingerprint"]
    assert second is not None and second != first
    assert client.delete(f"/api/annotations/{note_id}", headers=alice).status_code == 204
    assert rows(app, note_id)["fingerprint"] is None


def test_the_triage_hold_and_its_audit_row_come_through_the_hooks(app, client, accounts):
    headers = accounts.headers("newcomer")
    with disconnected(app, events.triage, moderation_triage._answer_triage):
        unheld = post(client, headers, with_body(LINKED))
    assert unheld["gloss"]["moderation_state"] == "visible" and rows(app, short_id(unheld))["audit"] == []
    with disconnected(app, events.note_written, moderation_triage._audit_hold):
        unaudited = post(client, headers, with_body(LINKED, exact="another quote"))
    assert unaudited["gloss"]["moderation_state"] == "pending" and rows(app, short_id(unaudited))["audit"] == []


# --- a failed write leaves nothing -----------------------------------------------------------------------

def bogus_change_row(_app, write):
    """A receiver whose row breaks a constraint at the commit (note_changes.kind is checked)."""
    db.session.add(NoteChange(annotation=write.note, kind="bogus"))


def test_a_constraint_error_at_commit_rolls_back_a_new_note_and_every_row_of_it(app, client, accounts, caplog):
    before = counts(app)
    headers = accounts.headers("newcomer")
    with events.note_written.connected_to(bogus_change_row, sender=app):
        # IntegrityError again after create_annotation's one retry: the error handler's 500
        assert client.post("/api/annotations", json=with_body(LINKED), headers=headers).status_code == 500
    assert "IntegrityError" in caplog.text
    after = counts(app)
    assert after == {**before, "annotations": 0, "note_changes": 0, "quote_fingerprints": 0, "audit_log": 0}


def test_a_constraint_error_at_commit_leaves_an_edited_note_and_its_rows_as_they_were(app, client, accounts,
                                                                                     caplog):
    headers = accounts.headers("newcomer")
    note = post(client, headers, with_body("No link here."))
    note_id = short_id(note)
    before, etag = rows(app, note_id), client.get(f"/api/annotations/{note_id}", headers=headers).headers["ETag"]
    edit = with_body(LINKED, exact="Eight whole words make a quote worth a fingerprint")
    with events.note_written.connected_to(bogus_change_row, sender=app):
        assert client.put(f"/api/annotations/{note_id}", json=edit, headers=headers).status_code == 500
    assert "IntegrityError" in caplog.text
    assert rows(app, note_id) == before
    assert before["changes"] == ["created"] and before["audit"] == [] and before["fingerprint"] is not None
    assert client.get(f"/api/annotations/{note_id}", headers=headers).headers["ETag"] == etag


def failing_receiver(_app, write):
    raise RuntimeError(f"subscriber failed on {write.kind}")


def test_a_subscriber_that_raises_fails_the_write_and_nothing_of_it_commits(app, client, accounts, caplog):
    headers = accounts.headers("newcomer")
    before = counts(app)
    with events.note_written.connected_to(failing_receiver, sender=app):
        assert client.post("/api/annotations", json=with_body(LINKED), headers=headers).status_code == 500
    assert "subscriber failed on created" in caplog.text
    assert counts(app) == before


def test_after_a_failed_write_a_later_commit_in_the_same_session_writes_none_of_it(app, accounts):
    user, _ = accounts.create("newcomer")
    with app.test_request_context():
        author = db.session.get(User, user.id)
        data = AnnotationInSchema(limits=app.config["GLOSS"].limits).load(with_body(LINKED))
        with events.note_written.connected_to(failing_receiver, sender=app):
            with pytest.raises(RuntimeError, match="created"):
                services.create_annotation(author, data)
        db.session.commit()  # whatever the caller does next: the failed write is gone from the session
    assert counts(app)["annotations"] == 0 and counts(app)["note_changes"] == 0
    assert counts(app)["quote_fingerprints"] == 0 and counts(app)["audit_log"] == 0
