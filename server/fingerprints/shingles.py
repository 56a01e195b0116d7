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
import string
import unicodedata
from collections.abc import Iterable, Iterator

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


# Every ASCII byte but a-z and 0-9 becomes a space (bytes of multi-byte UTF-8 are all >= 0x80).
_ASCII_SEPARATORS = bytes(b if chr(b) in string.ascii_lowercase + string.digits or b >= 0x80 else 0x20
                          for b in range(256))


_MAX_REPLACES = 64


def page_words(text: str) -> list[bytes]:
    """``tokens`` of a page as UTF-8 bytes, at C speed: after NFKC and lower-casing, every distinct
    non-ASCII character that is not a word character is replaced by a space (a page has a few
    dozen: quotes, dashes, no-break spaces), then ASCII separators are mapped to spaces in one
    ``bytes.translate`` and the words split out. Equal to ``tokens`` (tests check every code point)."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("ς", "σ")
    if not folded.isascii():
        separators = [char for char in set(folded) if not char.isascii() and not is_word_char(char)]
        if len(separators) <= _MAX_REPLACES:
            for char in separators:
                folded = folded.replace(char, " ")
        else:  # one pass, slower per character than a few replace() calls
            folded = folded.translate(dict.fromkeys(map(ord, separators), " "))
    return folded.encode("utf-8", "surrogatepass").translate(_ASCII_SEPARATORS).split()


def page_hash_values(text: str) -> np.ndarray:
    """Every shingle hash of a page as unsigned 64-bit numbers (the hex fingerprint read as a
    number), in page order."""
    return word_hash_values(page_words(text))


def word_hash_values(words: list[bytes]) -> np.ndarray:
    """The shingle hashes of ``page_words``: one SHA-256 per shingle over slices of the joined words."""
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    data = b" ".join(words)
    starts = np.concatenate(([0], np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x20) + 1))
    ends = np.append(starts[SHINGLE_WORDS:] - 1, len(data))[:count]
    sha256 = hashlib.sha256
    digests = b"".join([sha256(data[a:b]).digest()[:8] for a, b in zip(starts[:count].tolist(), ends.tolist())])
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


def window_hash_value(words: list[bytes], start: int) -> int:
    """The shingle hash (unsigned) of the window of ``page_words`` that begins at word ``start``."""
    return int.from_bytes(hashlib.sha256(b" ".join(words[start:start + SHINGLE_WORDS])).digest()[:8], "big")


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
