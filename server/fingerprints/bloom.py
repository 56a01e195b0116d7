"""The published Bloom filter of quote fingerprints (GET /api/fingerprints).

For a fingerprint ``h`` (16 hex digits): ``a = int(h[0:8], 16)``, ``b = int(h[8:16], 16) | 1``; bit
``j`` of ``k`` is ``(a + j*b) mod m``; bit ``i`` lives in byte ``i >> 3`` at mask ``1 << (i & 7)``.
The filter travels as base64 of ``ceil(m/8)`` bytes. Sizing (``size_for``) is the server's choice.
"""
from __future__ import annotations

import base64
import math
from collections.abc import Iterable

import numpy as np

MAX_HASHES = 16


def bit_positions(fingerprint: str, bits: int, hashes: int) -> list[int]:
    a = int(fingerprint[0:8], 16)
    b = int(fingerprint[8:16], 16) | 1
    return [(a + j * b) % bits for j in range(hashes)]


def size_for(count: int, bits_per_item: int, max_bits: int, min_bits: int = 1024) -> tuple[int, int]:
    """(m, k) for ``count`` fingerprints: ``bits_per_item`` each, between ``min_bits`` and
    ``max_bits`` (whole bytes), and the k that minimises false hits for that m/n (at most 16)."""
    bits = min(max(count * bits_per_item, min_bits), max_bits)
    bits = max(8, bits - bits % 8)
    hashes = round(bits / max(count, 1) * math.log(2))
    return bits, min(max(hashes, 1), MAX_HASHES)


class BloomFilter:
    def __init__(self, bits: int, hashes: int, data: bytearray | None = None) -> None:
        if bits < 1 or hashes < 1:
            raise ValueError("A Bloom filter needs at least one bit and one hash.")
        self.bits = bits
        self.hashes = hashes
        self.data = data if data is not None else bytearray((bits + 7) // 8)
        self.count = 0

    @classmethod
    def build(cls, fingerprints: Iterable[str], bits: int, hashes: int) -> BloomFilter:
        bloom = cls(bits, hashes)
        for fingerprint in fingerprints:
            bloom.add(fingerprint)
        return bloom

    def add(self, fingerprint: str) -> None:
        for i in bit_positions(fingerprint, self.bits, self.hashes):
            self.data[i >> 3] |= 1 << (i & 7)
        self.count += 1

    def __contains__(self, fingerprint: str) -> bool:
        data = self.data
        return all(data[i >> 3] & (1 << (i & 7)) for i in bit_positions(fingerprint, self.bits, self.hashes))

    def to_base64(self) -> str:
        return base64.b64encode(bytes(self.data)).decode("ascii")

    @classmethod
    def from_base64(cls, text: str, bits: int, hashes: int) -> BloomFilter:
        data = bytearray(base64.b64decode(text, validate=True))
        if len(data) != (bits + 7) // 8:
            raise ValueError("The filter's length does not match its bit count.")
        return cls(bits, hashes, data)


# The same filter over arrays of fingerprints read as unsigned 64-bit numbers (numpy), for the
# server's hot paths: building a filter of a million notes, and probing a page's ~16,000 shingles.

def _positions(values: np.ndarray, bits: int, j: int) -> np.ndarray:
    a = values >> np.uint64(32)
    b = (values & np.uint64(0xFFFF_FFFF)) | np.uint64(1)
    return (a + np.uint64(j) * b) % np.uint64(bits)


def build_packed(values: np.ndarray, bits: int, hashes: int) -> np.ndarray:
    """The filter's ceil(m/8) bytes (bit i in byte i >> 3 at mask 1 << (i & 7)) for these values."""
    flags = np.zeros(bits, dtype=bool)
    for j in range(hashes):
        flags[_positions(values, bits, j)] = True
    return np.packbits(flags, bitorder="little")


def contains_packed(packed: np.ndarray, bits: int, hashes: int, values: np.ndarray) -> np.ndarray:
    """A boolean per value: all its bits are set (a member, or a false hit). Each round tests only
    the values still in the running, so a page of non-members costs about one round."""
    alive = np.arange(len(values))
    for j in range(hashes):
        positions = _positions(values[alive], bits, j)
        bit_set = (packed[positions >> np.uint64(3)] >> (positions & np.uint64(7)).astype(np.uint8)) & 1
        alive = alive[bit_set.astype(bool)]
        if not len(alive):
            break
    found = np.zeros(len(values), dtype=bool)
    found[alive] = True
    return found
