"""Notes written on the old page-text model (version 1: text nodes run together, hidden text in)
stay exact on the extension's new text (version 2: rendered text only, one "\\n" between blocks),
and POST /api/anchor refuses break and link lists that do not fit the text."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from server.annotations.models import Annotation
from server.db import db

PAGE = "https://news.example.com/2026/12/01/aid"
NAV = "Home World Politics"
HEADLINE = "Aid convoy reaches the border town after a week"
HIDDEN = "Aid convoy reaches the border town after a week"  # a display:none copy for the share widget
BLOCKS_V1 = [NAV, HIDDEN, "World", HEADLINE, "By the desk",
             "The convoy crossed on Monday, officials said, and unloaded at a school.",
             "Critics called it a stunt by libertarians",
             "In an interview the mayor said the supplies would last a month."]
VISIBLE = [NAV, "World", HEADLINE, "By the desk", *BLOCKS_V1[5:]]


def v1_text() -> str:
    return "".join(BLOCKS_V1)


def v2_page() -> tuple[str, list[int]]:
    text, breaks = "", []
    for block in VISIBLE:
        if text:
            breaks.append(len(text))
            text += "\n"
        text += block
    return text, breaks


def selectors(text: str, exact: str, occurrence: int = 0) -> list[dict]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    end = start + len(exact)
    return [{"type": "TextQuoteSelector", "exact": exact, "prefix": text[max(0, start - 32):start],
             "suffix": text[end:end + 32]},
            {"type": "TextPositionSelector", "start": start, "end": end}]


def write(client, headers, selector_list) -> str:
    body = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "bodyValue": "A note.",
            "target": {"source": PAGE, "selector": selector_list}}
    response = client.post("/api/annotations", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def short(note_iri: str) -> str:
    return note_iri.rsplit("/", 1)[-1]


def written_before_the_change(app, note_id: str) -> None:
    """What migration 0009 does to every note that exists when it runs."""
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id == short(note_id)).values(text_version=1))
        db.session.commit()


def anchor(client, text, **extra):
    response = client.post("/api/anchor", json={"url": PAGE, "text": text, "status": ["needs_more_ratings"], **extra})
    assert response.status_code == 200, response.get_json()
    return {note["id"]: note["gloss"]["anchor"] for note in response.get_json()["items"]}


@pytest.fixture()
def alice(accounts):
    return accounts.headers("alice")


@pytest.fixture()
def legacy_notes(app, client, alice):
    """Notes written on the version-1 text: the visible headline (after its hidden copy), a sentence
    whose context runs across blocks, and a quote a reader selected across two paragraphs."""
    headers = alice
    old = v1_text()
    notes = {
        "headline": (write(client, headers, selectors(old, HEADLINE, occurrence=1)), HEADLINE),
        "sentence": (write(client, headers, selectors(old, "The convoy crossed on Monday")),
                     "The convoy crossed on Monday"),
        "across": (write(client, headers, selectors(old, "libertariansIn an interview")),
                   "libertarians\nIn an interview"),
    }
    for note_id, _ in notes.values():
        written_before_the_change(app, note_id)
    return notes


def test_old_notes_land_exactly_on_the_new_text_across_inserted_breaks(client, legacy_notes):
    text, breaks = v2_page()
    found = anchor(client, text, extraction=2, breaks=breaks)
    for note_id, words in legacy_notes.values():
        place = found[note_id]
        assert place["state"] == "anchored" and place["fuzzy"] is False, place
        assert text[place["start"]:place["end"]] == words


def test_old_headline_note_lands_on_the_visible_headline_not_before_it(client, legacy_notes):
    text, breaks = v2_page()
    place = anchor(client, text, extraction=2, breaks=breaks)[legacy_notes["headline"][0]]
    assert place["start"] == text.index("World\n" + HEADLINE) + len("World\n")


def test_old_notes_still_anchor_on_old_style_text_from_a_plain_client(client, legacy_notes):
    old = v1_text()
    found = anchor(client, old)
    place = found[legacy_notes["sentence"][0]]
    assert old[place["start"]:place["end"]] == "The convoy crossed on Monday"


def test_new_notes_are_measured_on_the_new_text(app, client, accounts):
    text, breaks = v2_page()
    note_id = write(client, accounts.headers("bob"), selectors(text, "libertarians\nIn an interview"))
    with app.app_context():
        assert db.session.scalar(select(Annotation.text_version).where(Annotation.id == short(note_id))) == 2
    place = anchor(client, text, extraction=2, breaks=breaks)[note_id]
    assert text[place["start"]:place["end"]] == "libertarians\nIn an interview" and place["fuzzy"] is False


def test_changing_an_old_notes_selectors_moves_it_to_the_new_model(app, client, alice, legacy_notes):
    note_id, _ = legacy_notes["sentence"]
    text, _ = v2_page()
    response = client.patch(f"/api/annotations/{short(note_id)}", headers=alice,
                            json={"target": {"source": PAGE, "selector": selectors(text, "unloaded at a school")}})
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        assert db.session.scalar(select(Annotation.text_version).where(Annotation.id == short(note_id))) == 2


def test_editing_only_the_body_keeps_an_old_notes_model(app, client, alice, legacy_notes):
    note_id, _ = legacy_notes["sentence"]
    response = client.patch(f"/api/annotations/{short(note_id)}", headers=alice, json={"bodyValue": "Edited."})
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        assert db.session.scalar(select(Annotation.text_version).where(Annotation.id == short(note_id))) == 1


@pytest.mark.parametrize("extra, field", [
    ({"extraction": 3}, "extraction"),
    ({"extraction": "2"}, "extraction"),
    ({"breaks": [5]}, "breaks"),  # breaks without extraction 2
    ({"extraction": 2, "breaks": [4]}, "breaks"),  # not a newline of the text
    ({"extraction": 2, "breaks": [30, 19]}, "breaks"),
    ({"extraction": 2, "breaks": [10_000]}, "breaks"),
    ({"extraction": 2, "breaks": [-1]}, "breaks"),
    ({"extraction": 2, "breaks": [1.5]}, "breaks"),
    ({"links": [[3, 2]]}, "links"),
    ({"links": [[0, 10_000]]}, "links"),
    ({"links": [[0, 5], [4, 8]]}, "links"),
    ({"links": [[0, 5, 6]]}, "links"),
    ({"links": [["a", 2]]}, "links"),
    ({"links": "0-5"}, "links"),
])
def test_break_and_link_lists_that_do_not_fit_the_text_are_422_naming_the_field(client, extra, field):
    text, _ = v2_page()
    response = client.post("/api/anchor", json={"url": PAGE, "text": text, **extra})
    assert response.status_code == 422, response.get_json()
    assert field in str(response.get_json()["error"]), response.get_json()


def test_break_and_link_lists_that_fit_are_accepted(client):
    text, breaks = v2_page()
    response = client.post("/api/anchor", json={"url": PAGE, "text": text, "extraction": 2, "breaks": breaks,
                                                "links": [[0, 4], [5, 10]]})
    assert response.status_code == 200, response.get_json()


def test_more_breaks_or_links_than_the_limit_is_a_422(client):
    from server.config import Limits
    text = "\n" * 10
    too_many = [0] * (Limits.max_anchor_ranges + 1)
    for extra in ({"extraction": 2, "breaks": too_many}, {"links": [[0, 1]] * (Limits.max_anchor_ranges + 1)}):
        response = client.post("/api/anchor", json={"url": PAGE, "text": text, **extra})
        assert response.status_code == 422 and "At most" in str(response.get_json()["error"]), response.get_json()
