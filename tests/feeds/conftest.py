"""Fixtures of the feeds tests: a change feed with no settle window (builders: tests/factories.py)."""
from __future__ import annotations

import dataclasses

import pytest


@pytest.fixture()
def settled(app):
    """The change feed serves changes at once (GLOSS_CHANGES_SETTLE_SECONDS=0) for this test."""
    original = app.config["GLOSS"]
    app.config["GLOSS"] = dataclasses.replace(original, changes_settle_seconds=0)
    yield
    app.config["GLOSS"] = original
