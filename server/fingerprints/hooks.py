"""Where the quote index plugs into annotations, which builds nothing on it and so never imports it
(ARCHITECTURE.md, Corridors): the index follows every write of a note (annotations.events.note_written),
and POST /api/anchor finds a page's copied notes through it (annotations.page_anchoring.use_copy_finder).
The app factory calls init_app."""
from __future__ import annotations

from flask import Flask

from server.annotations.events import NoteWrite, note_written
from server.annotations.page_anchoring import use_copy_finder
from server.fingerprints.copies import copies_on_page
from server.fingerprints.services import index_quote

# The writes that can change a quote: a moderation decision leaves the index as it is (the readers
# apply the visibility rule).
_INDEXED_KINDS = ("created", "updated", "deleted")


def init_app(app: Flask) -> None:
    note_written.connect(_index_written_note, sender=app)
    use_copy_finder(app, copies_on_page)


def _index_written_note(_app: Flask, write: NoteWrite) -> None:
    if write.kind in _INDEXED_KINDS:
        index_quote(write.note)
