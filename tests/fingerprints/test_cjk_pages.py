"""Chinese and Japanese notes end to end (issue 12, part 5): found on their own edited page and on
a re-published copy (POST /api/anchor), their page listed by /api/lookup, their fingerprint in the
published filter and hit by the copy's shingles."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import update

from server.annotations.models import Annotation
from server.db import db
from server.documents.urls import normalize_url
from server.fingerprints.shingles import quote_fingerprint, shingle_hashes
from tests.fingerprints.cjk_articles import (
    JA_COPY,
    JA_COPY_URL,
    JA_EDITED,
    JA_LINES,
    JA_QUOTES,
    JA_URL,
    ZH_COPY,
    ZH_COPY_URL,
    ZH_EDITED,
    ZH_LINES,
    ZH_LONG_EDITED,
    ZH_LONG_LINES,
    ZH_LONG_QUOTES,
    ZH_LONG_URL,
    ZH_QUOTES,
    ZH_URL,
    v2,
)
from tests.fingerprints.conftest import anchor
from tests.fingerprints.test_filter import decode, fetch

ARTICLES = {"zh": (ZH_URL, ZH_LINES, ZH_QUOTES, ZH_EDITED, ZH_COPY_URL, ZH_COPY),
            "ja": (JA_URL, JA_LINES, JA_QUOTES, JA_EDITED, JA_COPY_URL, JA_COPY)}


def _id(note: dict) -> str:
    return note["id"].rsplit("/", 1)[-1]


@pytest.fixture(params=sorted(ARTICLES))
def article(request, write):
    """The article's notes written on its original text; (article, notes)."""
    url, lines, quotes, *_ = found = ARTICLES[request.param]
    text, _ = v2(lines)
    return found, [write(quote, text=text, source=url) for quote in quotes]


def _drawn(items: list[dict], text: str) -> dict[str, str]:
    return {_id(note): text[note["gloss"]["anchor"]["start"]:note["gloss"]["anchor"]["end"]] for note in items
            if note["gloss"]["anchor"]["state"] == "anchored"}


def test_every_cjk_quote_has_a_fingerprint(article):
    (_, _, quotes, *_), _ = article
    assert all(quote_fingerprint(quote) for quote in quotes)


def test_cjk_notes_are_drawn_on_their_words_on_the_edited_page(client, article):
    (url, _, quotes, edited, *_), notes = article
    text, extra = v2(edited)
    items = anchor(client, url, text, **extra)["items"]
    expected = {_id(note): quote for note, quote in zip(notes, quotes, strict=True)}
    got = _drawn(items, text)
    # Quotes the edit left as they were are drawn exactly; an edited one (５億円) fuzzily on its new words.
    for note_id, quote in expected.items():
        assert note_id in got, (quote, [n["gloss"]["anchor"] for n in items])
        assert got[note_id] == quote or got[note_id] == quote.replace("五億円", "５億円")
    assert all("via" not in note["gloss"]["anchor"] for note in items)


def test_cjk_notes_follow_their_words_to_a_copy_with_via(client, article):
    (url, _, quotes, _, copy_url, copy), notes = article
    text, extra = v2(copy)
    items = anchor(client, copy_url, text, **extra)["items"]
    assert [_id(note) for note in items] == [_id(note) for note in notes]
    assert all(note["gloss"]["anchor"]["via"] == url for note in items)
    assert list(_drawn(items, text).values()) == quotes


def test_a_cjk_page_with_notes_is_listed_by_lookup(client, article):
    (url, *_), _ = article
    full = hashlib.sha256(normalize_url(url).encode("utf-8")).hexdigest()
    answer = client.get("/api/lookup", query_string={"prefix": full[:4]}).get_json()
    assert full in answer["hashes"]


def test_a_helpful_cjk_note_is_in_the_filter_and_its_copy_hits_it(app, client, article):
    (_, _, quotes, _, _, copy), notes = article
    with app.app_context():
        db.session.execute(update(Annotation).where(Annotation.id.in_([_id(n) for n in notes]))
                           .values(status="helpful"))
        db.session.commit()
    bloom = decode(fetch(client))
    assert all(quote_fingerprint(quote) in bloom for quote in quotes)
    assert any(h in bloom for h in shingle_hashes(v2(copy)[0]))


def test_cjk_notes_written_on_the_old_extraction_are_drawn_on_their_words_on_the_edited_page(app, client, write):
    for url, lines, quotes, edited, *_ in ARTICLES.values():
        old_text = "".join(lines)  # extraction 1: blocks ran together
        notes = [write(quote, text=old_text, source=url) for quote in quotes]
        with app.app_context():
            db.session.execute(update(Annotation).where(Annotation.id.in_([_id(n) for n in notes]))
                               .values(text_version=1))
            db.session.commit()
        text, extra = v2(edited)
        got = _drawn(anchor(client, url, text, **extra)["items"], text)
        for note, quote in zip(notes, quotes, strict=True):
            assert got.get(_id(note)) in (quote, quote.replace("五億円", "５億円")), quote


def test_a_long_chinese_page_with_a_number_corrected_in_a_quote_still_gets_all_its_notes(client, write):
    text, _ = v2(ZH_LONG_LINES)
    notes = [write(quote, text=text, source=ZH_LONG_URL) for quote in ZH_LONG_QUOTES]
    edited, extra = v2(ZH_LONG_EDITED)
    items = anchor(client, ZH_LONG_URL, edited, **extra)["items"]  # 500 today
    got = _drawn(items, edited)
    assert [_id(note) for note in items] == [_id(note) for note in notes]
    assert got.get(_id(notes[0])) in (None, ZH_LONG_QUOTES[0].replace("二十七", "二十九"))  # fuzzy, or changed
    assert got[_id(notes[1])] == ZH_LONG_QUOTES[1]


def test_a_chinese_note_whose_paragraph_moved_is_drawn_on_its_words(client, write):
    paragraphs = ["春茶价格今年明显上涨，茶农忙着采摘。",
                  "据县农业农村局统计，全县茶农人均收入预计突破三万元。合作社还统一了包装。",
                  "不少游客专程来到茶园体验采茶。", "专家提醒，明前茶产量有限，购买时要注意辨别。"]
    quote, url = "据县农业农村局统计，全县茶农人均收入预计突破三万元", "https://news.example.cn/tea"
    note = write(quote, text="\n".join(paragraphs), source=url)
    moved, extra = v2([paragraphs[0], paragraphs[2], paragraphs[3], paragraphs[1]])
    assert _drawn(anchor(client, url, moved, **extra)["items"], moved).get(_id(note)) == quote
