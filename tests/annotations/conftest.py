"""Fixtures of the annotations tests: a writer, and a note she wrote (builders: tests/factories.py)."""
from __future__ import annotations

import pytest

from tests.factories import make_note


@pytest.fixture()
def writer(accounts):
    return accounts.headers("alice")


@pytest.fixture()
def created(client, writer):
    """A note alice wrote; returns the response JSON."""
    response = client.post("/api/annotations", json=make_note(), headers=writer)
    assert response.status_code == 201, response.get_json()
    return response.get_json()
