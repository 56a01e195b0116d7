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
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate

import numpy as np

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


@cache
def _word_pattern() -> re.Pattern:
    """The tokenizer as one regex, for pages: ``[^\\W_]`` is exactly Python's letters and numbers
    (tests check every code point against ``is_word_char``); marks are listed as ranges, built once
    per process (about half a second) because ``re`` has no ``\\p{M}``."""
    ranges, start = [], None
    for code in range(sys.maxunicode + 2):
        is_mark = code <= sys.maxunicode and unicodedata.category(chr(code))[0] == "M"
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\U{start:08x}-\\U{code - 1:08x}")
            start = None
    marks = f"[{''.join(ranges)}]"
    return re.compile(f"(?:[^\\W_]|{marks})[^\\W_]*(?:{marks}+[^\\W_]*)*")


def fast_tokens(text: str) -> list[str]:
    """``tokens`` at regex speed. Most pages need no mark handling: English news is ASCII words
    with curly quotes, dashes and no-break spaces between them (blanked out here, then the ASCII
    pattern applies), and NFKC composes Latin accents into letters (``[^\\W_]`` suffices)."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("ς", "σ")
    has_marks = False
    if not folded.isascii():
        for char in set(folded):
            if char.isascii():
                continue
            if not is_word_char(char):
                folded = folded.replace(char, " ")
            elif unicodedata.category(char)[0] == "M":
                has_marks = True
    if folded.isascii():
        return _ASCII_WORDS.findall(folded)
    if not has_marks:
        return _LETTERS_AND_NUMBERS.findall(folded)
    return _word_pattern().findall(folded)


_ASCII_WORDS = re.compile("[a-z0-9]+")
_LETTERS_AND_NUMBERS = re.compile(r"[^\W_]+")


def page_hash_values(text: str) -> np.ndarray:
    """Every shingle hash of a page as unsigned 64-bit numbers (the hex fingerprint read as a
    number), in page order: one SHA-256 per shingle over slices of the joined UTF-8 words."""
    words = fast_tokens(text)
    if len(words) < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    joined = " ".join(words)
    data = joined.encode("utf-8")
    lengths = [len(w) for w in words] if joined.isascii() else [len(w.encode("utf-8")) for w in words]
    starts = [0, *accumulate(length + 1 for length in lengths)]
    sha256 = hashlib.sha256
    digests = b"".join([sha256(data[starts[i]:starts[i + SHINGLE_WORDS] - 1]).digest()[:8]
                        for i in range(len(words) - SHINGLE_WORDS + 1)])
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


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
