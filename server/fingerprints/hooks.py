"""Where the quote index plugs into annotations, which builds nothing on it and so never imports it
(ARCHITECTURE.md, Corridors): POST /api/anchor finds a page's copied notes through it
(annotations.anchoring.use_copy_finder). The app factory calls init_app."""
from __future__ import annotations

from flask import Flask

from server.annotations.anchoring import use_copy_finder
from server.fingerprints.copies import copies_on_page


def init_app(app: Flask) -> None:
    use_copy_finder(app, copies_on_page)
