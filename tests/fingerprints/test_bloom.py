from __future__ import annotations

import pytest

from server.fingerprints.bloom import BloomFilter, size_for
from server.fingerprints.shingles import hex_to_signed, shingle_hashes, signed_to_hex


def test_filter_for_a_million_notes_stays_within_two_mebibytes():
    bits, hashes = size_for(1_000_000, bits_per_item=48, max_bits=16_777_216)
    assert bits <= 16_777_216 and (bits + 7) // 8 <= 2 * 1024 * 1024
    assert 1 <= hashes <= 16


def test_small_filters_get_the_bits_per_note_asked_for_and_a_floor():
    assert size_for(100, bits_per_item=48, max_bits=16_777_216) == (4800, 16)
    assert size_for(0, bits_per_item=48, max_bits=16_777_216)[0] == 1024


def test_every_member_is_found_and_unrelated_hashes_mostly_are_not():
    members = shingle_hashes(" ".join(f"word{i}" for i in range(2000)))
    bits, hashes = size_for(len(members), bits_per_item=48, max_bits=16_777_216)
    bloom = BloomFilter.build(members, bits, hashes)
    assert all(member in bloom for member in members)
    strangers = shingle_hashes(" ".join(f"other{i}" for i in range(2000)))
    assert sum(stranger in bloom for stranger in strangers) <= 2


def test_from_base64_refuses_a_filter_of_the_wrong_length():
    with pytest.raises(ValueError):
        BloomFilter.from_base64("AAAA", bits=64, hashes=3)


@pytest.mark.parametrize("fingerprint", ["0000000000000000", "7fffffffffffffff", "8000000000000000",
                                         "ffffffffffffffff", "a3f1c2e4b5d60718"])
def test_signed_database_form_round_trips(fingerprint):
    signed = hex_to_signed(fingerprint)
    assert -(1 << 63) <= signed < (1 << 63)
    assert signed_to_hex(signed) == fingerprint
