"""The shared vectors (also run by the extension's node tests): the server's side of the agreement."""
from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest

from server.documents.urls import normalize_url
from server.fingerprints.bloom import BloomFilter, bit_positions
from server.fingerprints.shingles import page_words, quote_fingerprint, shingle_hashes, tokens

VECTORS = json.loads(Path(__file__).with_name("vectors.json").read_text(encoding="utf-8"))


def _ids(cases, key="why"):
    return [case.get(key, case.get("input", ""))[:60] for case in cases]


def test_vectors_cover_every_case_kind_of_the_spec():
    assert VECTORS["shingle_words"] == 8
    for kind in ("tokens", "token_mix", "quote_mix", "shingles", "quote", "bloom", "url_hash"):
        assert len(VECTORS[kind]) >= 3, kind
    assert any(case["fingerprint"] is None for case in VECTORS["quote"])
    assert any(case["fingerprint"] is None for case in VECTORS["quote_mix"])
    assert sum(case["fingerprint"] is not None for case in VECTORS["quote_mix"]) >= 10
    assert any(probe["member"] is False for case in VECTORS["bloom"] for probe in case["probes"])


@pytest.mark.parametrize("case", VECTORS["tokens"], ids=_ids(VECTORS["tokens"]))
def test_tokens_match_vectors(case):
    assert tokens(case["text"]) == case["tokens"]


@pytest.mark.parametrize("case", VECTORS["token_mix"], ids=_ids(VECTORS["token_mix"], "text"))
def test_mixed_script_texts_split_as_the_vectors_say_in_both_tokenizers(case):
    assert tokens(case["text"]) == case["tokens"]
    assert page_words(case["text"]) == [token.encode("utf-8") for token in case["tokens"]]


@pytest.mark.parametrize("case", VECTORS["shingles"], ids=_ids(VECTORS["shingles"]))
def test_shingle_hashes_match_vectors_and_are_sha256_of_the_joined_words(case):
    assert shingle_hashes(case["text"]) == case["hashes"]
    words = tokens(case["text"])
    independent = [hashlib.sha256(" ".join(words[i:i + 8]).encode()).hexdigest()[:16]
                   for i in range(len(words) - 7)]
    assert case["hashes"] == independent


@pytest.mark.parametrize("case", VECTORS["quote"], ids=_ids(VECTORS["quote"]))
def test_quote_fingerprints_match_vectors(case):
    assert quote_fingerprint(case["exact"], case["prefix"], case["suffix"]) == case["fingerprint"]


@pytest.mark.parametrize("case", VECTORS["quote_mix"], ids=_ids(VECTORS["quote_mix"], "exact"))
def test_mixed_script_quotes_trim_their_edges_as_the_vectors_say(case):
    assert quote_fingerprint(case["exact"], case["prefix"], case["suffix"]) == case["fingerprint"]


@pytest.mark.parametrize("case", VECTORS["bloom"], ids=_ids(VECTORS["bloom"]))
def test_bloom_filters_match_vectors(case):
    bloom = BloomFilter.build(case["fingerprints"], case["bits"], case["hashes"])
    assert bloom.to_base64() == case["filter"]
    assert len(base64.b64decode(case["filter"])) == (case["bits"] + 7) // 8
    decoded = BloomFilter.from_base64(case["filter"], case["bits"], case["hashes"])
    for probe in case["probes"]:
        assert (probe["fingerprint"] in decoded) is probe["member"], probe


@pytest.mark.parametrize("case", VECTORS["bloom"], ids=_ids(VECTORS["bloom"]))
def test_bloom_bits_follow_the_published_formula(case):
    data = base64.b64decode(case["filter"])
    expected = bytearray(len(data))
    for fingerprint in case["fingerprints"]:
        a, b = int(fingerprint[:8], 16), int(fingerprint[8:16], 16) | 1
        for j in range(case["hashes"]):
            bit = (a + j * b) % case["bits"]
            expected[bit // 8] |= 1 << (bit % 8)
    assert bytes(expected) == data
    assert bit_positions("ffffffffffffffff", case["bits"], case["hashes"])[-1] < case["bits"]


@pytest.mark.parametrize("case", VECTORS["url_hash"], ids=_ids(VECTORS["url_hash"], "input"))
def test_url_hashes_match_vectors(case):
    assert normalize_url(case["input"]) == case["normalized"]
    assert hashlib.sha256(case["normalized"].encode("utf-8")).hexdigest() == case["sha256"]
