"""The fast page path (bytes tokens, numpy hashes) equals the reference functions the vectors pin."""
from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

from server.fingerprints.shingles import (
    SEPARATE_RANGES,
    _fold_with_chars,
    is_mark,
    is_word_char,
    page_hash_values,
    page_words,
    quote_fingerprint,
    shingle_hashes,
    tokens,
)
from tests.fingerprints.articles import COPY_TEXT, ORIGINAL_TEXT

VECTORS = json.loads(Path(__file__).with_name("vectors.json").read_text(encoding="utf-8"))


def test_page_words_split_every_code_point_like_the_reference():
    for start in range(0, sys.maxunicode + 1, 4096):
        text = " ".join(f"a{chr(c)}b" for c in range(start, min(start + 4096, sys.maxunicode + 1)))
        assert page_words(text) == [word.encode("utf-8") for word in tokens(text)], hex(start)


def test_page_words_equal_the_reference_on_mixed_scripts():
    text = ("Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve co\u00f6perate \u0130stanbul \u039f\u0394\u039f\u03a3 "
            "\u6771\u4eac \u0939\u093f\u0928\u094d\u0926\u0940 e\u0301t\u00e9 \u0301lead x\u00b2 \ufb01n "
            "\U0001d400\U0001d401 \u00a0nbsp\u00adsoft it's \ud800lone")
    assert page_words(text) == [word.encode("utf-8") for word in tokens(text)]
    english = "He said \u201cno\u201d \u2014 twice\u2026 it\u2019s\u00a0done"
    assert page_words(english) == [b"he", b"said", b"no", b"twice", b"it", b"s", b"done"]


def test_is_word_char_is_letters_marks_and_numbers():
    assert is_word_char("a") and is_word_char("\u0301") and is_word_char("\u0663")
    assert not is_word_char("\u2019") and not is_word_char("_") and not is_word_char("\U0001f44d")


def test_page_hashes_equal_the_reference_on_the_vectors_and_the_articles():
    texts = [case["text"] for case in VECTORS["shingles"] + VECTORS["tokens"]] + [ORIGINAL_TEXT, COPY_TEXT]
    for text in texts:
        assert [format(v, "016x") for v in page_hash_values(text).tolist()] == shingle_hashes(text)


def test_a_quotes_fingerprint_is_one_of_the_page_shingles_it_was_taken_from():
    quote = "logistics hub in western Ukraine on Tuesday, two officials familiar"
    assert quote_fingerprint(quote, "reached a ", " with") in shingle_hashes(ORIGINAL_TEXT)


def test_the_ideograph_ranges_hold_no_marks_so_the_fast_path_may_take_them_whole():
    for first, last in SEPARATE_RANGES:
        if last - first > 0x2000:
            assert not any(is_mark(chr(code)) for code in range(first, last + 1)), hex(first)


def test_page_words_split_separate_characters_and_their_marks_like_the_reference():
    marks = ["\u0301", "\u0e48", "\u17b6", "\u103a", "\u3099"]
    for first, last in SEPARATE_RANGES:
        chars = [chr(code) for code in range(first, min(last, first + 0x400) + 1)]
        for mark in marks:
            text = " ".join(f"{c}{c}{mark}x{c}{mark}{mark}9 a{mark}{c}" for c in chars)
            assert page_words(text) == [word.encode("utf-8") for word in tokens(text)], (hex(first), mark)


def test_an_ideograph_sentence_gives_one_token_per_character_and_shingles_of_eight():
    sentence = "美国反坦克导弹周二运抵乌克兰西部"
    assert tokens(sentence) == list(sentence)
    assert len(shingle_hashes(sentence)) == len(sentence) - 7
    assert quote_fingerprint(sentence[2:10], sentence[:2], sentence[10:]) in shingle_hashes(sentence)


def _plain_fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("ς", "σ")


FOLD_PIECES = ["Plain words. ", "no\u00a0break ", "ＦＵＬＬ，ｗｉｄｔｈ。", "e\u0301t\u00e9 ", "\u1100\u1161\u11a8 ",
               "ｶﾞｷﾞ ", "ﬁne … ", "ΣΟΦΟΣ σοφός ", "İstanbul ", "東京で会議 ", "\u212a\u00b5 ", "\ud800 ", "ไทย ",
               "\u0301lead mark ", "ÉTÉ À ÜBER Ñ ", "СЪЕЗД ПРИВЕТ МИР ЖЁЛТЫЙ ЦВЕТ ФУНКЦИЯ ", "Mixed CASE Words "]


def test_the_fast_fold_and_page_words_equal_plain_nfkc_lower_on_compatibility_composing_and_capital_text():
    rng = random.Random(12)
    for _ in range(400):
        text = "".join(rng.choice(FOLD_PIECES) for _ in range(rng.randint(1, 6)))
        folded, distinct = _fold_with_chars(text)
        assert folded == _plain_fold(text), ascii(text)
        assert distinct == {char for char in folded if not char.isascii()}, ascii(text)
        assert page_words(text) == [word.encode("utf-8", "surrogatepass") for word in tokens(text)], ascii(text)
