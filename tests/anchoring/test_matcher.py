"""The anchoring engine on plain strings: each rule in isolation."""
from __future__ import annotations

from server.anchoring import PageIndex, PositionSelector, QuoteSelector, anchor

STORY = ("Officials said on Tuesday that the shipment had arrived. The missiles were delivered to Ukraine "
         "on Tuesday, two officials said. Officials said on Tuesday that training would begin soon. "
         "No US personnel will accompany the weapons, the officials said.")


def selectors(text: str, exact: str, occurrence: int = 0, context: int = 32):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(exact, start + 1)
    end = start + len(exact)
    return QuoteSelector(exact, text[max(0, start - context):start], text[end:end + context]), \
        PositionSelector(start, end)


def test_unchanged_page_anchors_exactly_at_the_recorded_position():
    quote, position = selectors(STORY, "delivered to Ukraine")
    result = anchor(STORY, quote, position)
    assert (result.state, result.start, result.end, result.fuzzy, result.score) == \
        ("anchored", position.start, position.end, False, 1.0)


def test_shifted_text_is_found_again_exactly():
    quote, position = selectors(STORY, "delivered to Ukraine")
    edited = "UPDATED 10:42. " + STORY
    result = anchor(edited, quote, position)
    assert edited[result.start:result.end] == "delivered to Ukraine" and not result.fuzzy


def test_repeated_sentence_resolves_to_the_occurrence_with_matching_context():
    exact = "Officials said on Tuesday that"
    quote, position = selectors(STORY, exact, occurrence=1)
    edited = "Live: " + STORY  # shift both occurrences; the position alone no longer points at either
    result = anchor(edited, quote, position)
    assert result.start == edited.index(exact, edited.index(exact) + 1)


def test_repeated_sentence_without_position_still_uses_context():
    exact = "Officials said on Tuesday that"
    quote, _ = selectors(STORY, exact, occurrence=1)
    result = anchor(STORY, quote)
    assert result.start == STORY.index(exact, 1)


def test_one_word_quote_whose_sentence_was_deleted_is_orphaned_not_moved_to_another_copy_of_the_word():
    quote, position = selectors(STORY, "shipment")
    edited = STORY.replace("Officials said on Tuesday that the shipment had arrived. ", "")
    edited += " A second shipment is due."
    assert anchor(edited, quote, position).state == "orphaned"


def test_light_edit_inside_quote_anchors_fuzzily_on_the_whole_edited_span():
    exact = "The missiles were delivered to Ukraine on Tuesday, two officials said."
    quote, position = selectors(STORY, exact)
    edited = STORY.replace("two officials said", "three officials said")
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and result.fuzzy and 0.7 < result.score < 1.0
    assert edited[result.start:result.end] == "The missiles were delivered to Ukraine on Tuesday, three officials said."


def test_rewritten_quote_between_surviving_context_is_changed():
    exact = "No US personnel will accompany the weapons"
    quote, position = selectors(STORY, exact)
    edited = STORY.replace(exact, "A small team of US advisers may travel with the launchers")
    result = anchor(edited, quote, position)
    assert result.state == "changed" and result.start is None


def test_deleted_quote_whose_context_closed_up_is_orphaned():
    exact = "Officials said on Tuesday that training would begin soon."
    quote, position = selectors(STORY, exact)
    edited = STORY.replace(exact + " ", "")
    assert anchor(edited, quote, position).state == "orphaned"


def test_whitespace_quote_and_dash_changes_anchor_exactly_on_the_new_characters():
    text = "He called it \u201cdefensive in nature\u201d \u2014 nothing more."
    quote, position = selectors(text, "\u201cdefensive in nature\u201d \u2014 nothing")
    edited = "He  called it \"defensive\u00a0in\nnature\" - nothing more."
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and not result.fuzzy
    assert edited[result.start:result.end] == "\"defensive\u00a0in\nnature\" - nothing"


def test_offsets_are_code_points_after_emoji_and_astral_characters():
    quote, position = selectors(STORY, "delivered to Ukraine")
    edited = "\U0001F4E6\U0001F1FA\U0001F1E6\U0001D538 " + STORY
    result = anchor(edited, quote, position)
    assert result.start == position.start + 5
    assert edited[result.start:result.end] == "delivered to Ukraine"


def test_two_thousand_character_quote_survives_a_light_edit():
    paragraph = " ".join(f"Sentence number {i} describes part {i * 7} of the long report." for i in range(60))
    text = "Intro line.\n" + paragraph + "\nOutro line."
    exact = paragraph[:2000]
    quote, position = selectors(text, exact)
    edited = text.replace("part 70 of", "section 70 of")
    result = anchor(edited, quote, position)
    assert result.state == "anchored" and result.fuzzy
    assert result.start == position.start
    assert edited[result.end - 12:result.end] == exact[-12:]


def test_quote_of_only_whitespace_is_orphaned():
    assert anchor(STORY, QuoteSelector("   ")).state == "orphaned"


def test_unrelated_page_orphans_every_note():
    quote, position = selectors(STORY, "The missiles were delivered to Ukraine on Tuesday")
    other = "Local council approves new bus lanes after a long debate on Tuesday. " * 20
    assert anchor(other, quote, position).state == "orphaned"


def test_page_index_answers_many_notes_on_one_page():
    page = PageIndex(STORY)
    for exact in ("Officials said", "delivered to Ukraine", "the officials said."):
        quote, position = selectors(STORY, exact)
        assert page.anchor(quote, position).start == position.start
