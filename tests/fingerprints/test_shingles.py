"""The fast page path (regex tokens, numpy hashes) equals the reference functions the vectors pin."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from server.fingerprints.shingles import (_word_pattern, fast_tokens, is_word_char, page_hash_values, quote_fingerprint,
                                          shingle_hashes, tokens)
from tests.fingerprints.articles import COPY_TEXT, ORIGINAL_TEXT

VECTORS = json.loads(Path(__file__).with_name("vectors.json").read_text(encoding="utf-8"))


def test_the_page_tokenizer_regex_takes_exactly_the_word_characters():
    pattern = _word_pattern()
    wrong = [hex(c) for c in range(sys.maxunicode + 1) if bool(pattern.fullmatch(chr(c))) != is_word_char(chr(c))]
    assert wrong == []


def test_fast_tokens_equal_the_reference_on_mixed_scripts():
    text = ("Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve co\u00f6perate \u0130stanbul \u039f\u0394\u039f\u03a3 "
            "\u6771\u4eac \u0939\u093f\u0928\u094d\u0926\u0940 e\u0301t\u00e9 \u0301lead x\u00b2 \ufb01n "
            "\U0001d400\U0001d401 \u00a0nbsp\u00adsoft it's")
    assert fast_tokens(text) == tokens(text)
    accented = "Fran\u00e7ois Bj\u00f6rn and Nguy\u1ec5n met in M\u00e1laga \u2014 \u201cno\u201d"
    assert fast_tokens(accented) == tokens(accented)  # composed letters, no marks: the letters-and-numbers path
    ascii_ish = "He said \u201cno\u201d \u2014 twice\u2026 it\u2019s\u00a0done"
    assert fast_tokens(ascii_ish) == tokens(ascii_ish) == ["he", "said", "no", "twice", "it", "s", "done"]


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
