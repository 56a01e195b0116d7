"""The anchoring engine held to its targets over the whole corpus (tests/anchoring/corpus.py):
surviving quotes located exactly, deleted quotes orphaned, corrected headlines reported changed,
and no note ever attached to the wrong words. Run through both entry points: anchor() for one
note, PageIndex(text).anchor() for many notes on one page."""
from __future__ import annotations

import pytest

from server.anchoring import PageIndex, anchor
from tests.anchoring.corpus import build_corpus
from tests.anchoring.scoring import CHANGED_TARGET, LOCATED_TARGET, ORPHANED_TARGET, WRONG_TARGET, evaluate


# Seed 0 is the corpus the thresholds were first tuned on; seed 1 is one they were checked against
# afterwards (bench/anchor_tune.py sweeps more), so the targets are not met by fitting alone.
@pytest.fixture(scope="module", params=[0, 1], ids=["seed0", "seed1"])
def cases(request):
    return build_corpus(request.param)


def _page_index_anchor():
    """One PageIndex per distinct page text, reused for every note on that page."""
    indexes: dict[str, PageIndex] = {}

    def anchor_fn(text, quote, position):
        if text not in indexes:
            indexes[text] = PageIndex(text)
        return indexes[text].anchor(quote, position)
    return anchor_fn


@pytest.fixture(scope="module", params=["anchor", "page-index"])
def report(request, cases):
    anchor_fn = anchor if request.param == "anchor" else _page_index_anchor()
    return evaluate(cases, anchor_fn)


def test_at_least_99_percent_of_surviving_quotes_are_located_exactly(report):
    assert report.located_rate >= LOCATED_TARGET, report.summary()


def test_every_deleted_quote_is_orphaned(report):
    assert report.orphaned_rate >= ORPHANED_TARGET, report.summary()


def test_no_note_is_attached_to_the_wrong_words(report):
    assert len(report.wrong) <= WRONG_TARGET, report.summary()


def test_every_corrected_headline_is_reported_changed(report):
    assert report.changed_rate >= CHANGED_TARGET, report.summary()
