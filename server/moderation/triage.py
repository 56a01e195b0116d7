"""Auto-triage on the write path: a brand-new account posting links is held for review.

Moderation builds on annotations (its models, visibility, representation), so annotations asks this
rule through its write hooks instead of importing it (server/annotations/events.py): `triage` on every
write that sets a note's body (create, edit, PATCH, PUT, the W3C container's PUT), answered with a
decision that the write path applies to the note; and `note_written`, on which the hold it applied gets
its audit row, in the same transaction (every moderation change writes one). The app factory calls
init_app. Holds for open flags are moderation's own changes (services.flag).
"""
from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask, current_app

from server.accounts.models import User
from server.annotations.events import Hold, NoteWrite, note_written, triage
from server.db import utcnow
from server.moderation.services import audit

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def init_app(app: Flask) -> None:
    triage.connect(_answer_triage, sender=app)
    note_written.connect(_audit_hold, sender=app)


def triage_body(author: User, body_text: str, state: str | None) -> Hold | None:
    """A hold for a body with a link from an account younger than triage_new_account_hours, unless the
    note is held already (`state` None: a new note, visible by default); else None."""
    young = utcnow() - author.created < timedelta(hours=current_app.config["GLOSS"].triage_new_account_hours)
    held = state not in (None, "visible")
    if young and not held and LINK.search(body_text):
        return Hold("new account posting a link")
    return None


def _answer_triage(_app: Flask, author: User, body_text: str, state: str | None) -> Hold | None:
    return triage_body(author, body_text, state)


def _audit_hold(_app: Flask, write: NoteWrite) -> None:
    """The audit row of a hold the write path applied (the system acted: no actor)."""
    if write.hold is not None:
        audit(None, "auto_pending", "annotation", write.note.id, write.prior_state, write.hold.state, write.hold.reason)
