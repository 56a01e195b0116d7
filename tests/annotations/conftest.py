"""A valid W3C annotation payload on the motivating headline, to vary per test."""
from __future__ import annotations

import copy

import pytest

ARTICLE_URL = "https://news.example.com/2026/11/20/missiles?utm_source=feed#top"
NORMALIZED_URL = "https://news.example.com/2026/11/20/missiles"
HEADLINE = "US anti-tank missiles deployed to the Russian border"

BASE_NOTE = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    "type": "Annotation",
    "motivation": "commenting",
    "body": [
        {"type": "TextualBody", "value": "Headline overstates: the missiles were delivered to Ukraine.",
         "format": "text/plain", "language": "en"},
        {"type": "TextualBody", "value": "misleading-headline", "purpose": "tagging"},
    ],
    "target": {
        "source": ARTICLE_URL,
        "selector": [
            {"type": "TextQuoteSelector", "exact": HEADLINE, "prefix": "World | ", "suffix": "\nA new shipment"},
            {"type": "TextPositionSelector", "start": 8, "end": 8 + len(HEADLINE)},
        ],
    },
}


def make_note(**changes) -> dict:
    note = copy.deepcopy(BASE_NOTE)
    note.update(changes)
    return note


@pytest.fixture()
def writer(accounts):
    return accounts.headers("alice")


@pytest.fixture()
def created(client, writer):
    """A note alice wrote; returns the response JSON."""
    response = client.post("/api/annotations", json=make_note(), headers=writer)
    assert response.status_code == 201, response.get_json()
    return response.get_json()
