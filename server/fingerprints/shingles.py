"""Tokens, 8-token shingles and their 64-bit hashes, and a quote's fingerprint.

1. Tokens: NFKC, ``str.lower()``, final sigma folded to sigma; then word characters (Unicode
   general category letter, mark or number) form tokens and everything else separates and is
   dropped. A word character of a script written without spaces between words (Han, Hiragana,
   Katakana, Bopomofo, Thai, Lao, Khmer, Myanmar, Tai Tham, New Tai Lue: ``SEPARATE_RANGES``) that is
   not a mark is a token by itself, with the marks that follow it; every other run of word
   characters is one token (marks included). So "東京で会議" gives five tokens and "2024年" two,
   while Latin, Cyrillic, Arabic, Hangul (Korean keeps spaces) split as before. Without this a
   Chinese or Japanese sentence was one token, no quote of it had 8, and no note on such a page
   could ever be found on a copy or an edited version of it (issue 12).
2. Shingles: every window of ``SHINGLE_WORDS`` consecutive tokens joined with one space.
3. Hash: the first 16 lower-case hex digits of SHA-256 of the shingle's UTF-8 bytes.
4. A quote's fingerprint: the smallest hash among its shingles, after dropping a first (last) token
   cut by the selection's edge, i.e. when the prefix's last (suffix's first) code point and the
   quote's first (last) code point would be in one token (``continues_token``). Fewer than 8 tokens
   left: no fingerprint.

The extension (extension/src/fingerprints.js) implements the same rule; tests/fingerprints/vectors.json
holds the cases both run. The ranges are written out (not Unicode script properties) so that the
two sides, on different Unicode versions, split the same code points.
"""
from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator

import numpy as np

SHINGLE_WORDS = 8
HASH_HEX_DIGITS = 16

# Scripts written without spaces between words: each of their letters and numbers is a token.
# Inclusive code-point ranges, in order; the same list is in extension/src/fingerprints.js.
SEPARATE_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x1980, 0x19DF),  # New Tai Lue
    (0x1A20, 0x1AAF),  # Tai Tham
    (0x3005, 0x3007),  # ideographic iteration mark, closing mark, number zero
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x3038, 0x303C),  # Hangzhou numerals 10-30, vertical iteration marks, masu
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x31A0, 0x31BF),  # Bopomofo extended
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width Katakana (NFKC makes them full-width; seen raw at a quote's edge)
    (0x1B000, 0x1B16F),  # Kana supplement, extended-A, small kana
    (0x20000, 0x323AF),  # CJK extensions B-H and compatibility supplement
)
_RANGE_STARTS = [start for start, _ in SEPARATE_RANGES]


def is_word_char(char: str) -> bool:
    """Letters, marks and numbers make words; the test of both the tokenizer and quote trimming."""
    return unicodedata.category(char)[0] in "LMN"


def is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def is_separate(char: str) -> bool:
    """A letter or number that is a token by itself (see SEPARATE_RANGES); marks never are."""
    code = ord(char)
    i = bisect_right(_RANGE_STARTS, code) - 1
    return i >= 0 and code <= SEPARATE_RANGES[i][1] and unicodedata.category(char)[0] in "LN"


def _fold(text: str) -> str:
    return _fold_with_chars(text)[0]


_ASCII_BYTES = bytes(range(0x80))
# Distinct characters up to which one str.replace each beats one str.translate pass (~10 ms a 100 KB page).
_MAX_REPLACES = 64
# Occurrences of separate characters up to which a page with marks pads them in one regex pass
# (each match costs ~1 microsecond; beyond, replace-all and a token-end regex are cheaper).
_FEW_SEPARATE = 2000
# Distinct non-ASCII capitals up to which page_words lower-cases with replace() (see _lower_page).
_FEW_CAPITALS = 12


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of `text`: its UTF-8 less every ASCII byte (a standalone
    character in UTF-8), decoded and put in a set; ~0.2 ms on a 100 KB Latin page, where
    ``set(text)`` takes ~1.8 ms."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))


def _replace_all(text: str, table: dict[str, str]) -> str:
    if len(table) <= _MAX_REPLACES:
        for char, replacement in table.items():
            text = text.replace(char, replacement)
        return text
    return text.translate({ord(char): replacement for char, replacement in table.items()})


def _nfkc_with_chars(text: str) -> tuple[str, set[str]]:
    """The text's NFKC and its distinct non-ASCII characters.

    A full NFKC costs ~3 ms a 100 KB Latin page and ~18 ms a Chinese one, and most pages need
    little or none of it: ``is_normalized`` answers in ~0.05 ms for text that is already NFKC. A page
    that is not usually holds a few compatibility characters (no-break spaces, fullwidth
    punctuation on CJK pages, ellipses, ligatures); each is replaced by its own NFKC, which leaves
    the page's NFKC unchanged (NFKD(NFKC(c)) = NFKD(c), and NFKC is the composition of the NFKD of
    the characters in order), and only if the result is still not NFKC (a letter and a combining
    mark that compose) is the whole text normalized. The distinct characters come along from
    these steps, so the page is walked into a set at most once."""
    if unicodedata.is_normalized("NFKC", text):
        return text, (_non_ascii(text) if not text.isascii() else set())
    distinct = _non_ascii(text)
    table = {char: unicodedata.normalize("NFKC", char) for char in distinct}
    table = {char: normal for char, normal in table.items() if normal != char}
    text = _replace_all(text, table)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        return text, _non_ascii(text)
    return text, {char for char in "".join(table.get(char, char) for char in distinct) if not char.isascii()}


def _lower(char: str) -> str:
    # str.lower maps each character alone, but for final sigma, which picks ς or σ: both fold to σ.
    return char.lower().replace("ς", "σ")


def _fold_with_chars(text: str) -> tuple[str, set[str]]:
    """The folded text (NFKC, ``lower()``, final sigma to sigma) and its distinct non-ASCII characters."""
    normal, distinct = _nfkc_with_chars(text)
    return normal.lower().replace("ς", "σ"), {char for char in _lower("".join(distinct)) if not char.isascii()}


def tokens(text: str) -> list[str]:
    """The reference tokenizer (the spec above, one code point at a time)."""
    found: list[str] = []
    current: list[str] = []
    closed = False  # the current token is a separate character (and its marks): only marks join it
    for char in _fold(text):
        if is_word_char(char) and (is_mark(char) or not (closed or is_separate(char))):
            current.append(char)
            continue
        if current:
            found.append("".join(current))
            current = []
        closed = is_separate(char)
        if is_word_char(char):  # a separate character, or a run that starts after one
            current.append(char)
    if current:
        found.append("".join(current))
    return found


def continues_token(before: str, after: str) -> bool:
    """Whether the first code point of `after` would be in the same token as the last of `before`
    (the selection's edge then cuts a token). Raw code points, as the selection gave them."""
    if not before or not after or not is_word_char(before[-1]) or not is_word_char(after[0]):
        return False
    if is_mark(after[0]):
        return True  # a mark belongs to whatever it follows
    if is_separate(after[0]):
        return False
    base = len(before) - 1
    while base > 0 and is_mark(before[base]):  # the character the trailing marks belong to
        base -= 1
    return not is_separate(before[base])


# Every ASCII byte but a-z, A-Z (lower-cased) and 0-9 becomes a space (bytes of multi-byte UTF-8 are all >= 0x80).
_ASCII_SEPARATORS = bytes(b if chr(b) in string.ascii_lowercase + string.digits or b >= 0x80
                          else b + 0x20 if chr(b) in string.ascii_uppercase else 0x20 for b in range(256))


def _separate_class() -> str:
    """A regex character class body of every separate character (the ranges less their marks;
    the ideograph ranges hold no marks, as tests check)."""
    parts, run = [], None
    for first, last in SEPARATE_RANGES:
        if last - first > 0x2000:  # ideographs: letters and unassigned code points only
            parts.append(f"{chr(first)}-{chr(last)}")
            continue
        for code in range(first, last + 2):
            keep = code <= last and not is_mark(chr(code))
            if keep and run is None:
                run = code
            elif not keep and run is not None:
                parts.append(f"{chr(run)}-{chr(code - 1)}")
                run = None
    return "".join(parts)


_SEPARATE_CLASS = _separate_class()



def page_words(text: str) -> list[bytes]:
    """``tokens`` of a page as UTF-8 bytes, at C speed: after NFKC and lower-casing, every distinct
    non-ASCII character that is not a word character is replaced by a space (a page has a few
    dozen: quotes, dashes, no-break spaces), separate characters (CJK, Thai...) get spaces around
    them (``_split_separate``), then ASCII separators are mapped to spaces in one
    ``bytes.translate`` (which also lower-cases ASCII letters) and the words split out. Equal to
    ``tokens`` (tests check every code point)."""
    folded, distinct = _nfkc_with_chars(text)
    if distinct:
        folded, distinct = _lower_page(folded, distinct)
        separators = [char for char in distinct if not is_word_char(char)]
        if len(separators) <= _MAX_REPLACES:
            for char in separators:
                folded = folded.replace(char, " ")
        else:  # one pass, slower per character than a few replace() calls
            folded = folded.translate(dict.fromkeys(map(ord, separators), " "))
        separate = [char for char in distinct if is_separate(char)]
        if separate:
            folded = _split_separate(folded, separate, [char for char in distinct if is_mark(char)])
    return folded.encode("utf-8", "surrogatepass").translate(_ASCII_SEPARATORS).split()


def _lower_page(normal: str, distinct: set[str]) -> tuple[str, set[str]]:
    """The page's non-ASCII letters lower-cased (its ASCII ones are left to the bytes table) and the
    distinct non-ASCII characters after. A Latin page has a few capitals with accents: a replace()
    each is cheaper than ``str.lower`` over the whole text (~0.6 ms); a Greek or Cyrillic page has
    more, and gets ``str.lower``."""
    table = {char: lowered for char in distinct if (lowered := _lower(char)) != char}
    if len(table) > _FEW_CAPITALS:
        normal = normal.lower().replace("ς", "σ")
    else:
        normal = _replace_all(normal, table)
    return normal, {char for char in "".join(table.get(char, char) for char in distinct) if not char.isascii()}


def _split_separate(folded: str, separate: list[str], marks: list[str]) -> str:
    """Spaces around every separate character (``replace`` for a few distinct ones, as on a Latin
    page naming a Chinese city; one ``str.translate`` for many: ~8 ms for 100k ideographs, where a
    regex substitution at each took ~110 ms). On a page with marks, the marks that follow a
    separate character must stay in its token (Thai, Khmer, Myanmar vowel signs): the space goes
    only before the character, and a regex that stops only where its token meets another word
    (~2-4 ms a 100 KB page) puts one after the marks."""
    if marks and len(separate) <= _MAX_REPLACES and sum(map(folded.count, separate)) <= _FEW_SEPARATE:
        # A Latin page naming a Chinese city, with an emoji's variation selector somewhere: one
        # pass that stops only at the page's own few separate characters (~0.3 ms, not ~2 ms).
        each = re.compile(f"([{re.escape(''.join(separate))}])([{re.escape(''.join(marks))}]*)")
        return each.sub(r" \1\2 ", folded)
    pad = (lambda char: " " + char) if marks else (lambda char: f" {char} ")
    if len(separate) <= _MAX_REPLACES:
        for char in separate:
            folded = folded.replace(char, pad(char))
    else:
        folded = folded.translate({ord(char): pad(char) for char in separate})
    if not marks:
        return folded
    mark_class = re.escape("".join(marks))
    token_end = re.compile(f"(?<=[{_SEPARATE_CLASS}])([{mark_class}]*)(?=[^ {mark_class}])")
    return token_end.sub(r"\1 ", folded)


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
    digests = b"".join([sha256(data[a:b]).digest()[:8]
                        for a, b in zip(starts[:count].tolist(), ends.tolist(), strict=True)])
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
    """The quote's whole tokens: a token cut by the selection's edge is not a word of the quote."""
    words = tokens(exact)
    if words and continues_token(prefix, exact):
        words = words[1:]
    if words and continues_token(exact, suffix):
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
