"""Folding for matching maps every offset back to the original text (property tests)."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from server.anchoring.normalize import Folded, fold

# Characters that exercise every folding rule: spaces of all kinds, invisible characters, quotes,
# dashes, combining accents, astral characters, letters whose case changes length.
TRICKY = list("ab cé\t\n\r\u00a0\u2009\u3000\u00ad\u200b\u200d\ufeff"
              "\u2018\u2019\u201c\u201d\u00ab\u2013\u2014-'\"İẞΣ") + \
    ["e\u0301", "A\u030a", "\U0001F4E6", "\U0001D538", "\U0001F1FA\U0001F1E6", "  ", "\n\n"]
texts = st.lists(st.sampled_from(TRICKY) | st.text(max_size=3), max_size=40).map("".join)


@settings(max_examples=400)
@given(texts)
def test_folded_text_has_no_space_runs_and_is_lower_case(text):
    folded = Folded(text).text
    assert "  " not in folded
    assert not any(c in folded for c in "\u00a0\u2009\u2018\u2019\u201c\u201d\u2013\u2014\u00ad\u200b")


@settings(max_examples=400)
@given(texts, st.data())
def test_every_folded_span_maps_back_to_original_text_that_folds_to_it(text, data):
    doc = Folded(text)
    n = len(doc.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    begin, finish = doc.span_to_original(start, end)
    assert 0 <= begin <= finish <= len(text)
    # The original stretch folds to the folded stretch, up to whitespace at its edges.
    assert fold(text[begin:finish]).strip() == doc.text[start:end].strip() or \
        _composition_split(text, begin, finish)


def _composition_split(text: str, begin: int, finish: int) -> bool:
    """A span edge inside a base+accent cluster can't map exactly; allowed, nothing else is."""
    return any(unicodedata.combining(c) for c in text[max(0, begin - 1):finish + 2])


@settings(max_examples=300)
@given(texts)
def test_offsets_map_monotonically(text):
    doc = Folded(text)
    mapped = [doc.to_original(i) for i in range(len(doc.text) + 1)]
    assert mapped == sorted(mapped)
    assert mapped[-1] <= len(text)


def test_whitespace_quotes_dashes_and_case_fold_to_the_same_text():
    typeset = "US  anti\u2013tank\u00a0missiles:\n\u201cdefensive\u201d"
    assert fold(typeset) == fold('us anti-tank missiles: "defensive"')


def test_decomposed_accents_fold_like_composed_ones():
    assert fold("Dvor\u030ca\u0301k Zoe\u0308") == fold("Dvořák Zoë")


def test_invisible_characters_are_ignored():
    assert fold("Russ\u00adian bor\u200bder") == fold("Russian border")


def test_span_after_astral_characters_maps_to_code_point_offsets():
    text = "\U0001F4E6\U0001F1FA\U0001F1E6  Further  deliveries"
    doc = Folded(text)
    start = doc.text.index("further")
    assert doc.span_to_original(start, start + len("further deliveries")) == (5, len(text))
