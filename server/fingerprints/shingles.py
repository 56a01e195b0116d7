"""Tokens, 8-word shingles and their 64-bit hashes, and a quote's fingerprint.

1. Tokens: NFKC, ``str.lower()``, final sigma folded to sigma, then maximal runs of characters whose
   Unicode general category is a letter, mark or number; everything else separates and is dropped.
2. Shingles: every window of ``SHINGLE_WORDS`` consecutive tokens joined with one space.
3. Hash: the first 16 lower-case hex digits of SHA-256 of the shingle's UTF-8 bytes.
4. A quote's fingerprint: the smallest hash among its shingles, after dropping a first (last) token
   that starts (ends) inside a word, i.e. when the prefix's last (suffix's first) code point and the
   quote's first (last) code point are both word characters. Fewer than 8 tokens left: no fingerprint.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator

SHINGLE_WORDS = 8
HASH_HEX_DIGITS = 16


def is_word_char(char: str) -> bool:
    """Letters, marks and numbers make words; the test of both the tokenizer and quote trimming."""
    return unicodedata.category(char)[0] in "LMN"


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower().replace("ς", "σ")
    found: list[str] = []
    current: list[str] = []
    for char in folded:
        if is_word_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


def shingle_hash(shingle: str) -> str:
    return hashlib.sha256(shingle.encode("utf-8")).hexdigest()[:HASH_HEX_DIGITS]


def shingles_of_tokens(words: list[str]) -> Iterator[str]:
    for start in range(len(words) - SHINGLE_WORDS + 1):
        yield " ".join(words[start:start + SHINGLE_WORDS])


def shingle_hashes(text: str) -> list[str]:
    """Every shingle's hash in page order (repeats kept): what a page offers to match against."""
    return [shingle_hash(shingle) for shingle in shingles_of_tokens(tokens(text))]


def quote_tokens(exact: str, prefix: str = "", suffix: str = "") -> list[str]:
    """The quote's whole words: a token cut by the selection's edge is not a word of the quote."""
    words = tokens(exact)
    if words and prefix and exact and is_word_char(prefix[-1]) and is_word_char(exact[0]):
        words = words[1:]
    if words and suffix and exact and is_word_char(suffix[0]) and is_word_char(exact[-1]):
        words = words[:-1]
    return words


def quote_fingerprint(exact: str, prefix: str = "", suffix: str = "") -> str | None:
    """The smallest shingle hash of the quote's whole words; None when it has fewer than 8 of them
    (too short to tell a copied article from a common phrase, so such notes never travel)."""
    hashes = [shingle_hash(s) for s in shingles_of_tokens(quote_tokens(exact, prefix, suffix))]
    return min(hashes) if hashes else None


def hex_to_signed(fingerprint: str) -> int:
    """The 64-bit fingerprint as a signed BIGINT for the database (order is not needed there)."""
    value = int(fingerprint, 16)
    return value - (1 << 64) if value >= 1 << 63 else value


def signed_to_hex(value: int) -> str:
    return format(value & 0xFFFF_FFFF_FFFF_FFFF, "016x")


def distinct_signed(hashes: Iterable[str]) -> set[int]:
    return {hex_to_signed(h) for h in hashes}
