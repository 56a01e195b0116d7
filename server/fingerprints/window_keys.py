"""Window keys: a cheap server-only stand-in for a shingle's SHA-256, to pre-screen a page's windows.

Hashing all ~13,500 8-word windows of a 100 KB page with SHA-256 in a Python loop costs ~15 ms.
Instead each word gets ``zlib.crc32`` of its UTF-8 bytes (deterministic across processes, unlike
Python's salted ``hash()``), and each window a 64-bit key combining its 8 word values (polynomial
with uint64 wrap-around, then the splitmix64 finaliser), computed for every window at once with
numpy. A worker keeps the keys of all indexed fingerprints (``quote_fingerprints.window_key``) and
SHA-256-hashes only the page windows whose key it holds. Equal windows have equal keys, so no match
is lost; unequal windows may collide (two words with one crc32, or a 64-bit collision), which only
costs a SHA-256 that then does not match. Keys never leave the server: the published fingerprint
algorithm (``shingles``) is unchanged.
"""
from __future__ import annotations

import zlib

import numpy as np

from server.fingerprints.shingles import (
    SHINGLE_WORDS,
    quote_tokens,
    shingle_hash,
    shingles_of_tokens,
    window_hash_value,
)

_MULTIPLIER = np.uint64(0x9E37_79B9_7F4A_7C15)  # odd: every step is a bijection of the running key
_MIX1 = np.uint64(0xBF58_476D_1CE4_E5B9)
_MIX2 = np.uint64(0x94D0_49BB_1331_11EB)


def word_values(words: list[bytes]) -> np.ndarray:
    """crc32 of each word's UTF-8 bytes, as uint64."""
    return np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))


def window_keys(values: np.ndarray) -> np.ndarray:
    """The key of every window of SHINGLE_WORDS consecutive word values, in page order (uint64)."""
    count = len(values) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    keys = values[:count].copy()
    for offset in range(1, SHINGLE_WORDS):
        keys *= _MULTIPLIER  # numpy arrays wrap around modulo 2^64 silently
        keys += values[offset:offset + count]
    keys ^= keys >> np.uint64(30)
    keys *= _MIX1
    keys ^= keys >> np.uint64(27)
    keys *= _MIX2
    keys ^= keys >> np.uint64(31)
    return keys


def to_signed(value: int) -> int:
    """A uint64 key as the signed BIGINT the database stores."""
    return value - (1 << 64) if value >= 1 << 63 else value


def shingle_key(words: list[str]) -> int:
    """The (signed) key of one window of SHINGLE_WORDS tokens: the same arithmetic as a page's."""
    return to_signed(int(window_keys(word_values([w.encode("utf-8", "surrogatepass") for w in words]))[0]))


def quote_entry(exact: str, prefix: str = "", suffix: str = "") -> tuple[str, int] | None:
    """(fingerprint, window key of the shingle that gave it) of a quote, or None when it has fewer
    than 8 whole words: ``shingles.quote_fingerprint`` plus where that smallest hash came from."""
    words = quote_tokens(exact, prefix, suffix)
    hashes = [shingle_hash(s) for s in shingles_of_tokens(words)]
    if not hashes:
        return None
    best = min(range(len(hashes)), key=hashes.__getitem__)
    return hashes[best], shingle_key(words[best:best + SHINGLE_WORDS])


# Slots per key in a KeySet's bit table (a power of two of them): 1 in 64 windows of a page that
# hold no noted shingle passes the table and costs a binary search, not a SHA-256.
TABLE_BITS_PER_KEY = 64
MIN_TABLE_BITS = 1 << 16
MAX_TABLE_BITS = 1 << 27  # 16 MiB; reached at 2M keys, after which more windows pass to the search


class KeySet:
    """Window keys (sorted, uint64) with the fingerprint each was stored with (uint64, aligned), and a
    bit table indexed by a key's top bits that rejects most absent keys with one memory read.
    Immutable once built: ``with_added`` returns a new set, so readers never see a half-made one."""

    def __init__(self, keys: np.ndarray, prints: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        self.keys, self.prints = keys[order], prints[order]
        bits = MIN_TABLE_BITS
        while bits < len(keys) * TABLE_BITS_PER_KEY and bits < MAX_TABLE_BITS:
            bits <<= 1
        self.shift = np.uint64(64 - bits.bit_length() + 1)
        slots = self.keys >> self.shift
        self.table = np.zeros(bits // 8, dtype=np.uint8)
        np.bitwise_or.at(self.table, slots >> np.uint64(3), _masks(slots))

    def __len__(self) -> int:
        return len(self.keys)

    def with_added(self, keys: np.ndarray, prints: np.ndarray) -> KeySet:
        return KeySet(np.concatenate((self.keys, keys)), np.concatenate((self.prints, prints)))

    def windows_with_known_keys(self, page_keys: np.ndarray) -> np.ndarray:
        """Indexes of the page windows whose key is in the set (page order)."""
        slots = page_keys >> self.shift
        passed = np.flatnonzero(self.table[slots >> np.uint64(3)] & _masks(slots))
        if not len(passed) or not len(self.keys):
            return passed[:0]
        wanted = page_keys[passed]
        found = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return passed[self.keys[found] == wanted]

    def holds(self, keys: np.ndarray, prints: np.ndarray) -> np.ndarray:
        """A boolean per (key, fingerprint) pair (uint64 arrays): whether the set has it."""
        low = np.searchsorted(self.keys, keys, "left")
        high = np.searchsorted(self.keys, keys, "right")
        held = (high - low == 1) & (self.prints[np.minimum(low, len(self.keys) - 1)] == prints) if len(self.keys) \
            else np.zeros(len(keys), dtype=bool)
        for i in np.flatnonzero(high - low > 1).tolist():  # one key, several fingerprints: rare
            held[i] = bool((self.prints[low[i]:high[i]] == prints[i]).any())
        return held

    def has(self, key: int, fingerprint: int) -> bool:
        """Whether a note's row has this (unsigned) key and fingerprint."""
        key_u = np.uint64(key)
        low, high = np.searchsorted(self.keys, key_u, "left"), np.searchsorted(self.keys, key_u, "right")
        return bool((self.prints[low:high] == np.uint64(fingerprint)).any())


def known_hashes(words: list[bytes], sets: tuple[KeySet, ...]) -> set[int]:
    """The shingle hashes (unsigned) of a page's windows (``page_words``) that the sets hold as
    (key, fingerprint): keys find the few windows worth a SHA-256, the fingerprint settles it."""
    keys = window_keys(word_values(words))
    found: set[int] = set()
    for key_set in sets:
        for start in key_set.windows_with_known_keys(keys).tolist():
            value = window_hash_value(words, start)
            if any(held.has(int(keys[start]), value) for held in sets):
                found.add(value)
    return found


def _masks(slots: np.ndarray) -> np.ndarray:
    return np.left_shift(np.uint8(1), (slots & np.uint64(7)).astype(np.uint8))


EMPTY = KeySet(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint64))
