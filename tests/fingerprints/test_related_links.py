"""The copy rule (server/fingerprints/copies.py) through POST /api/anchor, with `links` as the
extension sends them: a page that links to an article, or shares one sentence with it, gets none of
its notes; a re-published copy gets them with `via`."""
from __future__ import annotations

from tests.fingerprints.articles import (
    COPY_LINKED,
    COPY_TEXT,
    COPY_URL,
    HEADLINE,
    ORIGINAL_URL,
    PARAGRAPHS,
    QUOTE_COURSE,
    QUOTE_DELIVERY,
    QUOTE_DISTANCE,
    QUOTE_SPRING,
    RELATED_LINES,
    RELATED_URL,
    SHARED_LINES,
    SHARED_SENTENCE,
    SHARED_URL,
    page_with_links,
)
from tests.fingerprints.conftest import anchor


def _anchor_v2(client, url: str, lines: list, with_links: bool = True) -> list[dict]:
    text, breaks, links = page_with_links(lines)
    extra = {"extraction": 2, "breaks": breaks, "links": links if with_links else []}
    return anchor(client, url, text, **extra)["items"]


def _ids(items: list[dict]) -> list[str]:
    return [note["id"].rsplit("/", 1)[-1] for note in items]


FIRST_SENTENCE = PARAGRAPHS[0]  # 35 words: the teaser card of the related box


def test_a_page_that_only_links_to_the_article_gets_none_of_its_notes(client, write):
    for quote in (HEADLINE, "American anti-tank missiles reached a logistics hub in western Ukraine", QUOTE_DISTANCE):
        write(quote)
    assert _anchor_v2(client, RELATED_URL, RELATED_LINES) == []


def test_a_hit_inside_link_text_never_counts_even_with_two_notes_of_the_article_there(client, write):
    # Headline and first sentence are two distinct passages of the article, and the teaser even
    # carries the first sentence's context: all of it is link text, so none of it is a copy.
    write(HEADLINE)
    write(QUOTE_DELIVERY)
    assert _anchor_v2(client, RELATED_URL, RELATED_LINES) == []


def test_a_related_box_sent_without_links_still_brings_no_headline_note(client, write):
    # A plain-text client marks no links; the headline then stands between other headlines, and one
    # note of the article is not corroborated by its context or by a second passage.
    write(HEADLINE)
    assert _anchor_v2(client, RELATED_URL, RELATED_LINES, with_links=False) == []


def test_a_single_sentence_shared_with_an_unrelated_page_brings_no_note(client, write):
    write(SHARED_SENTENCE)
    assert _anchor_v2(client, SHARED_URL, SHARED_LINES) == []


def test_a_syndicated_copy_sent_with_its_links_gets_the_body_notes_with_via(client, write):
    written = [write(quote) for quote in (QUOTE_DELIVERY, QUOTE_DISTANCE, QUOTE_COURSE, QUOTE_SPRING)]
    items = _anchor_v2(client, COPY_URL, COPY_LINKED)
    assert _ids(items) == _ids(written)
    for note in items:
        place = note["gloss"]["anchor"]
        assert place["via"] == ORIGINAL_URL and place["state"] == "anchored"
        assert COPY_TEXT[place["start"]:place["end"]] == note["target"]["selector"][0]["exact"]


def test_one_body_note_whose_context_came_along_is_enough_on_a_copy(client, write):
    [note] = [write(QUOTE_DISTANCE)]
    assert _ids(_anchor_v2(client, COPY_URL, COPY_LINKED)) == _ids([note])


def test_a_lone_note_whose_neighbours_the_copy_changed_needs_a_second_passage(client, write):
    # The copy inserted a sentence before QUOTE_SPRING's paragraph and rewrote its end: alone it
    # is not corroborated; with another note of the article on the page it is.
    spring = write(QUOTE_SPRING)
    assert _anchor_v2(client, COPY_URL, COPY_LINKED) == []
    course = write(QUOTE_COURSE)
    assert _ids(_anchor_v2(client, COPY_URL, COPY_LINKED)) == _ids([spring, course])


def test_the_copys_headline_note_is_kept_only_when_the_copy_carries_the_article(client, write):
    # A note on the original headline, on a page that re-publishes the body under that headline.
    copy_lines = [HEADLINE, *PARAGRAPHS[:3]]
    headline = write(HEADLINE)
    assert _ids(_anchor_v2(client, COPY_URL, copy_lines)) == _ids([headline])  # its suffix came along
    assert _anchor_v2(client, RELATED_URL, RELATED_LINES) == []


def test_a_stored_context_that_ends_at_the_end_of_a_word_counts_that_word_as_whole():
    from server.fingerprints.copies import _side_matches
    # "\nA new shipment" stored after the quote: 32 characters may have cut "shipment", but the page
    # has exactly "shipment" there, so three whole words of context stand.
    assert _side_matches(["a", "new", "shipment"], ["a", "new", "shipment", "of"], True, before_quote=False)
    assert not _side_matches(["a", "new", "ship"], ["a", "new", "shipment", "of"], True, before_quote=False)  # 2 whole
    assert not _side_matches(["a", "new", "shipment"], ["a", "old", "shipment", "of"], True, before_quote=False)
