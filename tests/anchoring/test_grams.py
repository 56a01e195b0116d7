"""The page-wide needle index gives exactly str.find's answers, on any script."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from server.anchoring.grams import SCANS_BEFORE_INDEX, TextSearch

WORDS = ["the", "council", "said", "headline", "missiles", "Ukraine", "中国", "导弹", "部署", "ウクライナ",
         "ミサイル", "ราคา", "🇺🇦", "e\u0301te", "", "Russian border", "co-operation", "naïve", "2,000"]


def every_occurrence(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def indexed(text: str) -> TextSearch:
    search = TextSearch(text)
    search.scans = SCANS_BEFORE_INDEX  # as if the page had already been searched this often
    return search


def page_of(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) + ("" if rng.random() < 0.8 else rng.choice("。., ")) for _ in range(words))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 40), st.integers(0, 60))
def test_index_finds_exactly_what_a_scan_finds(seed, start_word, length):
    rng = random.Random(seed)
    text = page_of(rng, 400)
    start = rng.randrange(len(text))
    needle = text[start:start + length] if rng.random() < 0.8 else page_of(rng, start_word % 5 + 1)
    if not needle:
        return
    search = indexed(text)
    expected = every_occurrence(text, needle)
    assert search.occurrences(needle, None, 10**6) == expected
    hint = rng.randrange(len(text))
    nearest = sorted(sorted(expected, key=lambda at: (abs(at - hint), at))[:4])
    assert search.occurrences(needle, hint, 4) == nearest


def test_index_answers_like_the_scan_it_replaces_near_a_hint():
    rng = random.Random(7)
    text = page_of(rng, 3000)
    scanning, index = TextSearch(text), indexed(text)
    for _ in range(300):
        start = rng.randrange(len(text) - 30)
        needle = text[start:start + rng.randint(9, 30)]
        hint = rng.randrange(len(text))
        scanning.scans = 0  # keep it scanning
        assert index.occurrences(needle, hint, 16) == scanning.occurrences(needle, hint, 16)


def test_a_needle_absent_from_the_page_is_found_nowhere_by_the_index():
    text = "the council said the missiles were delivered to Ukraine " * 50
    assert indexed(text).occurrences("missiles were deployed to the Russian border", 100, 16) == []


def test_an_unspaced_page_is_indexed_by_every_character():
    text = "美国向乌克兰交付了第一批反坦克导弹。" * 30 + "标题称导弹部署在俄罗斯边境。"
    assert indexed(text).occurrences("导弹部署在俄罗斯边境", None, 4) == [text.index("导弹部署在俄罗斯边境")]


def test_the_index_is_built_only_after_enough_scans():
    search = TextSearch("the council said the missiles were delivered " * 10)
    for _ in range(SCANS_BEFORE_INDEX):
        search.occurrences("missiles were", 0, 4)
    assert search._keys is None
    search.occurrences("missiles were", 0, 4)
    assert search._keys is not None
