"""The server's window-key pre-screen finds exactly the notes that hashing every window would."""
from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from server.db import db
from server.fingerprints.models import QuoteFingerprint
from server.fingerprints.services import FingerprintCache, page_candidates
from server.fingerprints.shingles import hex_to_signed, page_hash_values, page_words, quote_fingerprint, tokens
from server.fingerprints.window_keys import (
    EMPTY,
    KeySet,
    known_hashes,
    quote_entry,
    shingle_key,
    to_signed,
    window_keys,
    word_values,
)
from tests.fingerprints.articles import (
    COPY_TEXT,
    COPY_URL,
    ORIGINAL_TEXT,
    OTHER_TEXT,
    QUOTE_COURSE,
    QUOTE_DELIVERY,
    QUOTE_DISTANCE,
    QUOTE_SPRING,
)
from tests.fingerprints.conftest import anchor

ALL_QUOTES = (QUOTE_DELIVERY, QUOTE_DISTANCE, QUOTE_COURSE, QUOTE_SPRING)


def unsigned(value: int) -> int:
    return value & 0xFFFF_FFFF_FFFF_FFFF


def key_set(entries: list[tuple[str, int]]) -> KeySet:
    keys = np.array([unsigned(k) for _, k in entries], dtype=np.uint64)
    prints = np.array([int(f, 16) for f, _ in entries], dtype=np.uint64)
    return KeySet(keys, prints)


def slow_path(text: str, fingerprints: set[int]) -> set[int]:
    """Every window hashed with SHA-256, kept when it is a stored fingerprint (unsigned)."""
    return {int(v) for v in page_hash_values(text)} & fingerprints


def test_a_quotes_key_is_the_key_of_its_smallest_shingle_on_the_page():
    fingerprint, key = quote_entry(QUOTE_DELIVERY)
    assert fingerprint == quote_fingerprint(QUOTE_DELIVERY)
    words = page_words(COPY_TEXT)
    hashes = page_hash_values(COPY_TEXT)
    start = int(np.flatnonzero(hashes == np.uint64(int(fingerprint, 16)))[0])
    assert to_signed(int(window_keys(word_values(words))[start])) == key


def test_words_sharing_a_crc32_give_one_key_but_no_false_match():
    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")  # a known CRC-32 collision
    quote = "the harbour pilots said the buckeroo was back at work on monday"
    page = quote.replace("buckeroo", "plumless")
    stored = key_set([quote_entry(quote)])
    page_keys = window_keys(word_values(page_words(page)))
    assert len(stored.windows_with_known_keys(page_keys)), "the colliding window passes the key check"
    assert known_hashes(page_words(page), (stored, EMPTY)) == set()
    assert known_hashes(page_words(quote), (stored, EMPTY)) == {int(quote_fingerprint(quote), 16)}


def test_a_stored_key_colliding_with_a_page_window_does_not_bring_its_note(app, client, write, make_app):
    write(QUOTE_DELIVERY)
    colliding = shingle_key(tokens(OTHER_TEXT)[:8])  # the key of the unrelated page's first window
    with app.app_context():
        db.session.execute(update(QuoteFingerprint).values(window_key=colliding))
        db.session.commit()
    worker = make_app()
    assert anchor(worker.test_client(), COPY_URL, OTHER_TEXT)["items"] == []
    with worker.test_request_context():
        assert page_candidates(OTHER_TEXT) == []


def test_the_prescreen_finds_what_hashing_every_window_finds_on_the_fixture_articles(app, write, make_app):
    notes = [write(q) for q in ALL_QUOTES]
    with app.app_context():
        stored = {unsigned(v) for v in db.session.scalars(select(QuoteFingerprint.fingerprint))}
    assert len(stored) == len(notes)
    worker = make_app()
    with worker.test_request_context():
        for text in (ORIGINAL_TEXT, COPY_TEXT, OTHER_TEXT):
            expected = sorted(to_signed(v) for v in slow_path(text, stored))
            assert page_candidates(text) == expected
        assert page_candidates(COPY_TEXT)  # the copy has the notes' words: not a vacuous comparison


def test_notes_another_worker_writes_are_found_after_its_refresh(client, write, make_app):
    other = make_app(GLOSS_FINGERPRINT_REFRESH_SECONDS="3600")
    with other.test_request_context():
        assert page_candidates(COPY_TEXT) == []  # loads its keys from the empty index
    write(QUOTE_DELIVERY)  # through the first app
    with other.test_request_context():
        assert page_candidates(COPY_TEXT) == []  # not looked at the table since
        other.extensions["gloss_fingerprints"].refreshed -= 3600
        assert page_candidates(COPY_TEXT) == [hex_to_signed(quote_fingerprint(QUOTE_DELIVERY))]


def test_a_worker_loading_in_the_background_answers_from_the_database_meanwhile(write, make_app):
    note = write(QUOTE_DELIVERY)
    worker = make_app()
    cache = worker.extensions["gloss_fingerprints"] = FingerprintCache(background=True)
    client = worker.test_client()
    meanwhile = anchor(client, COPY_URL, COPY_TEXT)  # starts the load; every window goes to the database
    cache.loader.join(timeout=30)
    assert cache.main is not None and len(cache.main) == 1
    loaded = anchor(client, COPY_URL, COPY_TEXT)
    assert [n["id"] for n in meanwhile["items"]] == [n["id"] for n in loaded["items"]] == [note["id"]]
    with worker.test_request_context():
        assert page_candidates(COPY_TEXT) == [hex_to_signed(quote_fingerprint(QUOTE_DELIVERY))]


VOCABULARY = ["the", "port", "strike", "ended", "on", "monday", "ζώνη", "café", "ﬁnal", "２０２６", "naïve",
              "plumless", "buckeroo", "dockers", "pay"]
text_words = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=80)


@settings(max_examples=150, deadline=None)
@given(page=text_words, noted=st.lists(st.tuples(st.integers(0, 80), st.integers(8, 20)), max_size=6),
       others=st.lists(text_words, max_size=4), split=st.integers(0, 10))
def test_the_prescreen_equals_hashing_every_window_on_random_texts(page, noted, others, split):
    text = " ".join(page)
    quotes = [" ".join(page[start:start + length]) for start, length in noted] + [" ".join(o) for o in others]
    entries = [e for e in (quote_entry(q) for q in quotes) if e is not None]
    stored = {int(f, 16) for f, _ in entries}
    sets = (key_set(entries[:split]), key_set(entries[split:]))  # the worker's main and recent sets
    assert known_hashes(page_words(text), sets) == slow_path(text, stored)
