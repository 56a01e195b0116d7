"""The write path's hooks: what other features do when a note is written hangs here, so annotations
(the hub) imports none of them (ARCHITECTURE.md, Corridors).

- `triage` is asked before a note's body is stored (on creation, and on an edit that changes the body):
  a receiver answers a Hold to keep the note back for review, or None; the write path applies the
  first Hold (server/annotations/services.py). Moderation owns the rule and answers
  (server/moderation/triage.py): it builds on annotations (models, visibility, representation), so
  annotations cannot import it.
- `note_written` is sent exactly once per write of a note, with a NoteWrite, inside the writer's
  transaction and before its commit: `created`, `updated` and `deleted` by annotations.services,
  `moderated` by moderation.services. Receivers add their rows to the same session, so they commit or
  roll back with the note: the change log (server/feeds/changelog.py), the quote index
  (server/fingerprints/hooks.py), the audit row of a triage hold (server/moderation/triage.py). A
  receiver that raises fails the write: `written` rolls the session back and the error goes on up.

Receivers connect for one app (`signal.connect(receiver, sender=app)`) when the app factory builds it
(server/__init__.py, _connect_features). The order in which receivers run is not defined, so none may
depend on another's rows (each writes its own table).
"""
from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace
from flask import current_app

from server.accounts.models import User
from server.annotations.models import Annotation
from server.db import db

_signals = Namespace()

# Sent with author (User), body_text (str) and state (the note's moderation state now, None for a new
# note before its INSERT); answered with a Hold or None.
triage = _signals.signal("gloss.note-triage")
# Sent with write (NoteWrite).
note_written = _signals.signal("gloss.note-written")

WRITE_KINDS = ("created", "updated", "deleted", "moderated")


@dataclass(frozen=True, slots=True)
class Hold:
    """Triage's decision: keep the note back as `state` for moderators to review, because of `reason`."""

    reason: str
    state: str = "pending"


@dataclass(frozen=True, slots=True)
class NoteWrite:
    """One write of a note, as its receivers see it (the note already carries the new values)."""

    note: Annotation
    kind: str  # one of WRITE_KINDS
    prior_state: str  # the moderation state before this write ("visible" for a new note)
    hold: Hold | None = None  # triage's decision, applied by this write


def triage_decision(author: User, body_text: str, state: str | None) -> Hold | None:
    """The first Hold triage's receivers answer for this body, else None."""
    answers = triage.send(current_app._get_current_object(), author=author, body_text=body_text, state=state)
    return next((hold for _receiver, hold in answers if hold is not None), None)


def written(note: Annotation, kind: str, prior_state: str, hold: Hold | None = None) -> None:
    """Send note_written for this write, once, before the writer commits.

    First marks the note public once it is live and not held back (annotations.ever_public: the change
    feed names only such notes, so a note held since its creation never shows its id)."""
    assert kind in WRITE_KINDS, kind
    if note.deleted is None and note.moderation_state in (None, "visible") and not note.ever_public:
        note.ever_public = True  # None: a new note before its INSERT, visible by default
    try:
        note_written.send(current_app._get_current_object(), write=NoteWrite(note, kind, prior_state, hold))
    except Exception:
        db.session.rollback()  # nothing of a failed write may commit later, in this request or after it
        raise
