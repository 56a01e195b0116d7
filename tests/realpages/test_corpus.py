"""The corpus itself (no browser): every article fit for its notes and edits, the split fixed, and the
ground truth unchanged unless someone means to change it (tests/realpages/truth.json)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.realpages import corpus, generate, model


@pytest.mark.parametrize("art", corpus.ARTICLES, ids=lambda a: a.slug)
def test_article_has_every_note_typo_and_repetition_the_edits_need(art):
    assert corpus.problems(art) == []


def test_corpus_has_thirty_articles_in_ten_languages_split_two_to_one():
    langs = Counter(a.lang for a in corpus.ARTICLES)
    assert len(corpus.ARTICLES) == 30 and set(langs) == {"en", "fr", "de", "cs", "pt", "es", "zh", "ja", "ar", "he"}
    assert sum(a.held for a in corpus.ARTICLES) == 10
    assert {corpus.UI[lang].get("rtl", False) for lang in ("ar", "he")} == {True}


def test_ground_truth_is_the_committed_one():
    """The truth comes from the edit definitions, written before any run; a change to texts or edits
    that changes it must be deliberate: `python -m tests.realpages.generate --truth`."""
    assert generate.truth_table() == json.loads(generate.TRUTH_FILE.read_text())


def test_deleted_blocks_and_corrected_headlines_are_the_only_gone_truths():
    for art in corpus.ARTICLES:
        for version in model.VERSION_NAMES:
            state = corpus.state(art.slug, version)
            for kind, truth in corpus.truths(art.slug, version).items():
                block = model.note_sources(art)[kind][0]
                assert (truth.outcome == "gone") == (block not in model.present_blocks(state)), (art.slug, version)


def test_inserted_related_box_ends_right_against_the_quoted_paragraph():
    art = corpus.article("tram-airport")
    page = corpus.version_html(art.slug, "box_inserted")
    assert f'</a></li></ul></aside><p data-block="p{art.para_with("markup")}">In an interview' in page


@pytest.mark.parametrize("art", corpus.ARTICLES[:3], ids=lambda a: a.slug)
def test_each_layout_repeats_the_headline_in_copies_a_reader_cannot_see(art):
    page = corpus.version_html(art.slug, "original")
    headline = model.resolve_typos(art.headline, set())
    hidden = ('aria-hidden="true"', 'style="display:none"', "hidden class", 'style="visibility:hidden"', "<title>")
    assert page.count(headline) >= 4
    assert sum(marker in page for marker in hidden) >= 2


def test_corrected_headline_leaves_stale_copies_and_updates_the_breadcrumbs():
    art = corpus.article("tram-airport")
    page = corpus.version_html(art.slug, "headline_corrected")
    assert f'<h1 data-block="headline">{art.corrected}</h1>' in page
    assert f'<span aria-current="page">{art.corrected}</span>' in page
    assert f'<a href="#top">{art.headline}</a>' in page  # the aria-hidden "now reading" bar is stale
