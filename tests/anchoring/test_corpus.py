"""The anchoring corpus itself: ground truth consistent, realistic pages, every kind represented,
and a scoring harness that catches wrong attachments. None of this needs the engine."""
from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections import Counter

import pytest

from server.anchoring.types import ANCHORED, CHANGED, ORPHANED, Anchor
from tests.anchoring import corpus_text
from tests.anchoring.corpus import CONTEXT, KINDS, articles, build_corpus, loose, write_json
from tests.anchoring.scoring import evaluate


@pytest.fixture(scope="module")
def cases():
    return build_corpus(0)


def _anchored(cases):
    return [c for c in cases if c.expected[0] == ANCHORED]


def _edited_in_quote(case) -> bool:
    return any(step.startswith("light-edit") for step in case.steps)


def naive_anchor(text, quote, position):
    """What a first attempt might do: trust the old offsets if the words are still there,
    otherwise take the first exact occurrence."""
    if text[position.start:position.end] == quote.exact:
        return Anchor(ANCHORED, position.start, position.end, score=1.0)
    i = text.find(quote.exact)
    if i < 0:
        return Anchor(ORPHANED)
    return Anchor(ANCHORED, i, i + len(quote.exact), score=1.0)


# ---------------------------------------------------------------- size and coverage

def test_corpus_has_at_least_30_articles():
    assert len(articles(0)) >= 30


def test_corpus_has_at_least_1500_cases(cases):
    assert len(cases) >= 1500


def test_every_kind_has_at_least_50_cases(cases):
    counts = Counter(c.kind for c in cases)
    assert set(counts) == set(KINDS.values())
    assert min(counts.values()) >= 50, counts


def test_every_quote_shape_is_represented(cases):
    shapes = Counter(c.shape for c in cases)
    for shape in ("headline", "sentence", "phrase", "word-unique", "word-repeated", "multi", "long",
                  "rep-sentence", "rep-phrase", "rep-word"):
        assert shapes[shape] >= 20, shapes


def test_case_names_are_unique(cases):
    names = [c.name for c in cases]
    assert len(names) == len(set(names))


def test_build_is_deterministic_for_a_seed(cases):
    again = build_corpus(0)
    assert again == cases
    other = build_corpus(1)
    assert [c.edited for c in other] != [c.edited for c in cases]


# ---------------------------------------------------------------- the articles

def test_articles_have_headline_standfirst_byline_dateline_and_8_to_25_paragraphs_of_2_to_6_sentences():
    for art in articles(0):
        kinds = [b.kind for b in art.blocks]
        for kind in ("headline", "standfirst", "byline", "dateline"):
            assert kinds.count(kind) == 1, (art.name, kind)
        paras = [b for b in art.blocks if b.kind == "para"]
        assert 8 <= len(paras) <= 25, (art.name, len(paras))
        assert all(2 <= len(p.sentences) <= 6 for p in paras), art.name


def test_articles_render_blocks_with_newlines_and_sentences_with_one_space():
    seps = {art.sep for art in articles(0)}
    assert seps == {"\n", "\n\n"}
    for art in articles(0):
        para = next(b for b in art.blocks if b.kind == "para")
        assert " ".join(para.sentences) in art.text.split(art.sep)


def test_no_two_sentences_of_an_article_are_near_duplicates_except_the_deliberate_repeats():
    from tests.anchoring.articles import _trigrams, near_duplicate
    for art in articles(0):
        body = sorted({s for b in art.blocks if b.kind in ("para", "pullquote") for s in b.sentences})
        grams = [_trigrams(s) for s in body]
        for i in range(len(grams)):
            for j in range(i):
                assert not near_duplicate(grams[i], grams[j]), (art.name, body[i], body[j])


def test_some_articles_carry_the_same_sentence_twice():
    repeated = [a for a in articles(0) if a.repeats]
    assert len(repeated) >= 15
    for art in repeated:
        b1, s1, b2, s2 = art.repeats[0]
        assert art.blocks[b1].sentences[s1] == art.blocks[b2].sentences[s2]
        assert (b1, s1) < (b2, s2)


def test_pages_include_accents_curly_quotes_dashes_astral_and_non_latin_script():
    text = "".join(a.text for a in articles(0))
    for needle in ("José", "Zoë", "Dvořák", "“", "”", "’", "—", "–", "📦", "𝔸", "🇺🇦"):
        assert needle in text, needle
    assert re.search("[\u0370-\u03ff]", text), "Greek"
    assert re.search("[\u3040-\u30ff\u4e00-\u9fff]", text), "Japanese"
    assert sum(any(ord(ch) > 0xFFFF for ch in a.text) for a in articles(0)) >= 5


def test_boilerplate_phrases_recur_across_articles():
    for phrase in ("according to the State Department", "officials said on",
                   "did not respond to a request for comment"):
        assert sum(phrase.lower() in a.text.lower() for a in articles(0)) >= 3, phrase


def test_missile_article_headline_claims_the_russian_border_while_the_body_says_ukraine():
    art = articles(0)[0]
    headline = next(b for b in art.blocks if b.kind == "headline").sentences[0]
    assert headline == "US anti-tank missiles deployed to the Russian border"
    assert art.correction == "US anti-tank missiles delivered to Ukraine"
    assert "delivered a first consignment of anti-tank missiles to Ukraine" in art.text


def _best_window_similarity(quote: str, text: str) -> float:
    """1 - (edit distance from quote to the closest substring of text) / len(quote)."""
    prev = [0] * (len(text) + 1)
    for i in range(1, len(quote) + 1):
        cur = [i] + [0] * len(text)
        for j in range(1, len(text) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (quote[i - 1] != text[j - 1]))
        prev = cur
    return 1 - min(prev) / len(quote)


def test_corrected_headlines_differ_far_beyond_a_light_edit():
    """A light edit keeps >= 90% of a quote; a corrected headline keeps at most 70% anywhere."""
    for spec in corpus_text.ARTICLES:
        sim = _best_window_similarity(spec["headline"].lower(), spec["correction"].lower())
        assert sim <= 0.70, (spec["headline"], spec["correction"], sim)


def test_every_article_headline_has_corrected_headline_cases(cases):
    names = {c.name.split("/")[0] for c in cases if c.kind == "headline-corrected"}
    assert names == {a.name for a in articles(0)}
    assert all(c.expected == (CHANGED,) for c in cases if c.kind == "headline-corrected")


# ---------------------------------------------------------------- selectors and ground truth

def test_position_selectors_point_at_the_quote_in_the_original(cases):
    for c in cases:
        assert c.original[c.position.start:c.position.end] == c.quote.exact, c.name


def test_prefix_and_suffix_are_the_32_characters_around_the_quote_in_the_original(cases):
    for c in cases:
        s, e = c.position.start, c.position.end
        assert c.quote.prefix == c.original[max(0, s - CONTEXT):s], c.name
        assert c.quote.suffix == c.original[e:e + CONTEXT], c.name


def test_quotes_start_and_end_on_word_characters(cases):
    for c in cases:
        exact = unicodedata.normalize("NFC", c.quote.exact)
        assert not exact[0].isspace() and not exact[-1].isspace(), c.name


def test_expected_spans_lie_within_the_edited_text(cases):
    for c in _anchored(cases):
        start, end = c.expected[1:]
        assert 0 <= start < end <= len(c.edited), c.name


def test_expected_outcomes_are_well_formed(cases):
    for c in cases:
        assert c.expected[0] in (ANCHORED, CHANGED, ORPHANED), c.name
        assert len(c.expected) == (3 if c.expected[0] == ANCHORED else 1), c.name


def test_anchored_spans_hold_the_quoted_words_up_to_whitespace_quotes_dashes_and_nfc(cases):
    for c in _anchored(cases):
        if not _edited_in_quote(c):
            start, end = c.expected[1:]
            assert loose(c.edited[start:end]) == loose(c.quote.exact), c.name


def _changed_chars(a: str, b: str) -> int:
    """Characters that differ between a and b once their common head and tail are set aside."""
    head = len(os.path.commonprefix([a, b]))
    tail = len(os.path.commonprefix([a[head:][::-1], b[head:][::-1]]))
    return max(len(a), len(b)) - head - tail


def test_lightly_edited_spans_keep_the_quotes_ends_and_differ_by_about_10_percent(cases):
    edited = [c for c in _anchored(cases) if _edited_in_quote(c)]
    assert len(edited) >= 150
    for c in edited:
        start, end = c.expected[1:]
        old, new = loose(c.quote.exact), loose(c.edited[start:end])
        assert old != new, c.name
        assert _changed_chars(old, new) <= 0.1 * len(old) + 1, c.name
        assert old.split()[0] == new.split()[0] and old.split()[-1] == new.split()[-1], c.name


def test_deleted_quotes_leave_no_trace_in_the_edited_text(cases):
    deleted = [c for c in cases if c.expected == (ORPHANED,)]
    assert len(deleted) >= 150
    for c in deleted:
        assert loose(c.quote.exact).lower() not in loose(c.edited).lower(), c.name


def test_corrected_headlines_are_gone_from_the_edited_text(cases):
    for c in cases:
        if c.expected == (CHANGED,):
            assert loose(c.quote.exact).lower() not in loose(c.edited).lower(), c.name


def test_repeated_phrase_quotes_are_the_later_of_two_occurrences(cases):
    for c in [c for c in cases if c.kind == "repeated-phrase"]:
        first = c.original.find(c.quote.exact)
        assert first < c.position.start, c.name
        if c.steps == () or c.steps[0].startswith("insert-before"):  # words untouched: find works
            assert c.edited.find(c.quote.exact) < c.expected[1], c.name
        assert loose(c.edited).count(loose(c.quote.exact)) >= 2, c.name


def test_astral_cases_shift_by_code_points_not_utf16_units(cases):
    astral = [c for c in cases if c.kind == "astral-before"]

    def astral_before(text, i):
        return sum(ord(ch) > 0xFFFF for ch in text[:i])

    added = [astral_before(c.edited, c.expected[1]) - astral_before(c.original, c.position.start)
             for c in astral]
    assert sum(n > 0 for n in added) >= 0.7 * len(astral)


def test_unchanged_cases_keep_the_page_and_the_span(cases):
    for c in [c for c in cases if c.kind == "unchanged"]:
        assert c.edited == c.original
        assert c.expected == (ANCHORED, c.position.start, c.position.end), c.name


def test_typography_cases_change_the_page_but_not_its_words(cases):
    for c in [c for c in cases if c.kind == "typography"]:
        assert c.edited != c.original, c.name
        assert loose(c.edited).strip() == loose(c.original).strip(), c.name


def test_json_dump_stores_each_text_once_and_round_trips(cases, tmp_path):
    path = tmp_path / "corpus.json.gz"
    write_json(str(path), 0, cases)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        data = json.load(f)
    assert len(data["cases"]) == len(cases)
    texts = data["texts"]
    assert len(texts) == len(set(texts)) < len({c.edited for c in cases}) + len({c.original for c in cases}) + 1
    row, case = data["cases"][5], cases[5]
    assert texts[row["original"]] == case.original and texts[row["edited"]] == case.edited
    assert row["quote"]["exact"] == case.quote.exact
    assert tuple(row["expected"].values()) == case.expected


# ---------------------------------------------------------------- the scoring harness

def _oracle(cases):
    truth = {(c.edited, c.quote, c.position): c.expected for c in cases}

    def anchor_fn(text, quote, position):
        state, *span = truth[(text, quote, position)]
        return Anchor(state, *span) if span else Anchor(state)
    return anchor_fn


def test_an_oracle_anchor_meets_every_target(cases):
    report = evaluate(cases, _oracle(cases))
    assert report.meets_targets(), report.summary()
    assert report.wrong == [] and report.located_rate == 1.0


def test_anchoring_everything_at_the_old_offsets_counts_deleted_and_changed_quotes_as_wrong(cases):
    report = evaluate(cases, lambda text, q, p: Anchor(ANCHORED, p.start, p.end))
    not_surviving = {c.name for c in cases if c.expected[0] != ANCHORED}
    assert not_surviving <= set(report.wrong)
    assert not report.meets_targets()


def test_naive_find_locates_every_unchanged_quote_exactly(cases):
    report = evaluate([c for c in cases if c.kind == "unchanged"], naive_anchor)
    assert report.located_rate == 1.0 and report.wrong == [], report.summary()


def test_naive_find_attaches_repeated_phrases_to_the_wrong_occurrence(cases):
    report = evaluate([c for c in cases if c.kind == "repeated-phrase"], naive_anchor)
    assert len(report.wrong) >= 10, report.summary()
    assert all("/repeated-phrase/" in name for name in report.wrong)


def test_naive_find_misses_the_corpus_targets(cases):
    report = evaluate(cases, naive_anchor)
    assert not report.meets_targets()
    assert report.changed_rate == 0.0  # it never says "changed"
    assert "wrong attachments" in report.summary()
