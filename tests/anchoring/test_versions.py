"""LegacyText: the extension's version-2 text without its inserted block breaks, and spans mapped back."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from server.anchoring.versions import LegacyText

blocks = st.lists(st.text(alphabet="ab \n\u4e2d\U0001F4E6", min_size=1, max_size=6), min_size=1, max_size=8)


def joined(parts: list[str]) -> tuple[str, list[int]]:
    text, breaks = "", []
    for part in parts:
        if text:
            breaks.append(len(text))
            text += "\n"
        text += part
    return text, breaks


def test_breaks_are_taken_out_and_nothing_else():
    view = LegacyText("Headline\nBody text\nEnd", [8, 18])
    assert view.text == "HeadlineBody textEnd"


def test_a_span_across_a_break_covers_the_break_on_the_new_text():
    text, breaks = joined(["libertarians", "In an interview"])
    view = LegacyText(text, breaks)
    start = view.text.index("libertariansIn")
    assert text[view.start_to_v2(start):view.end_to_v2(start + len("libertariansIn"))] == "libertarians\nIn"


def test_a_span_ending_at_a_block_end_does_not_take_the_break():
    text, breaks = joined(["Headline", "Body"])
    view = LegacyText(text, breaks)
    assert text[view.start_to_v2(0):view.end_to_v2(len("Headline"))] == "Headline"
    assert text[view.start_to_v2(len("Headline")):view.end_to_v2(len("HeadlineBody"))] == "Body"


@given(blocks, st.data())
def test_every_legacy_span_maps_onto_the_same_characters_plus_the_breaks_inside_it(parts, data):
    text, breaks = joined(parts)
    view = LegacyText(text, breaks)
    start = data.draw(st.integers(0, len(view.text)))
    end = data.draw(st.integers(start, len(view.text)))
    mapped = text[view.start_to_v2(start):view.end_to_v2(end)]
    inside = [at for at in breaks if view.start_to_v2(start) <= at < view.end_to_v2(end)]
    assert "".join(c for i, c in enumerate(mapped, view.start_to_v2(start)) if i not in inside) == view.text[start:end]
    if start < end:  # a non-empty span neither begins nor ends on an inserted break
        assert view.start_to_v2(start) not in breaks and view.end_to_v2(end) - 1 not in breaks
