"""Migration 0008 fills the quote index and the URL hashes from rows written before it; 0010 recomputes
the fingerprints with the tokens of issue 12."""
from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from server import create_app, migrate
from server.db import db, make_engine
from server.documents.urls import key_hashes
from server.fingerprints.shingles import hex_to_signed, quote_fingerprint
from server.fingerprints.window_keys import quote_entry
from tests.conftest import TEST_ENV
from tests.core.test_migrations import empty_database_url  # noqa: F401  (the fixture)
from tests.fingerprints.articles import QUOTE_DELIVERY, QUOTE_SHORT

NOW = datetime(2026, 11, 20, 12, 0, 0)


def _seed(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, email, password_hash, role, created, suspended) "
                          "VALUES ('u1', 'ann', 'ann@example.org', 'x', 'contributor', :now, false)"), {"now": NOW})
        conn.execute(text("INSERT INTO documents (id, canonical_url, created, views) "
                          "VALUES ('d1', 'https://ledger.example.com/a', :now, 0)"), {"now": NOW})
        conn.execute(text("INSERT INTO document_urls (id, document_id, url_key, created) "
                          "VALUES ('k1', 'd1', 'https://ledger.example.com/a', :now)"), {"now": NOW})
        for note_id, quote, deleted in (("n1", QUOTE_DELIVERY, None), ("n2", QUOTE_SHORT, None),
                                        ("n3", QUOTE_DELIVERY, NOW)):
            conn.execute(text(
                "INSERT INTO annotations (id, document_id, author_id, target_source, motivation, body_text, "
                "quote_exact, quote_prefix, quote_suffix, created, modified, version, deleted, tag_list, status, "
                "moderation_state) VALUES (:id, 'd1', 'u1', 'https://ledger.example.com/a', 'commenting', 'b', "
                ":quote, 'hub ', '', :now, :now, 1, :deleted, '[]', 'helpful', 'visible')"),
                {"id": note_id, "quote": quote, "now": NOW, "deleted": deleted})


def test_upgrade_backfills_fingerprints_of_live_notes_and_url_hashes(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0007")
    engine = make_engine(empty_database_url)
    try:
        _seed(engine)
        migrate.upgrade(empty_database_url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT annotation_id, fingerprint FROM quote_fingerprints")).all()
            hashes = conn.execute(text("SELECT url_hash, http_url_hash FROM document_urls")).one()
        # n2 is too short, n3 is deleted; the prefix ends with a space, so nothing is trimmed.
        assert [tuple(r) for r in rows] == [("n1", hex_to_signed(quote_fingerprint(QUOTE_DELIVERY, "hub ")))]
        assert tuple(hashes) == key_hashes("https://ledger.example.com/a")
        migrate.downgrade(empty_database_url, "0007")
    finally:
        engine.dispose()


def test_upgrade_stores_the_window_key_of_the_shingle_that_gave_each_fingerprint(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0007")
    engine = make_engine(empty_database_url)
    try:
        _seed(engine)
        migrate.upgrade(empty_database_url)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT annotation_id, fingerprint, window_key FROM quote_fingerprints")).all()
        fingerprint, key = quote_entry(QUOTE_DELIVERY, "hub ")
        assert [tuple(r) for r in rows] == [("n1", hex_to_signed(fingerprint), key)]
        migrate.downgrade(empty_database_url, "0007")
    finally:
        engine.dispose()


# --- 0010: fingerprints recomputed with one token per CJK (Thai...) character ----------------------

def _migration_0010():
    path = Path(migrate.__file__).resolve().parent.parent / "migrations" / "versions" / "0010_cjk_fingerprints.py"
    spec = importlib.util.spec_from_file_location("migration_0010", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Written before 0010: what the issue 8 code stored for each (its frozen rule is in the migration).
ZH_PREFIX, ZH_QUOTE, ZH_SUFFIX = ("据两名官员说，", "美国反坦克导弹周二运抵乌克兰西部的一处后勤枢纽",
                                  "。这是秋季宣布的援助计划")
# Eight runs between ideographic commas: the old rule gave it a fingerprint, of other tokens.
JA_QUOTE = "東京、大阪、名古屋、札幌、福岡、仙台、広島、那覇の各地で雨"
EN_QUOTE = QUOTE_DELIVERY


def _seed_0009(engine, old_entry) -> None:
    _seed_people(engine)
    notes = (("z1", ZH_QUOTE, ZH_PREFIX, ZH_SUFFIX, None), ("j1", JA_QUOTE, "", "", None),
             ("e1", EN_QUOTE, "hub ", "", None), ("z2", ZH_QUOTE, ZH_PREFIX, ZH_SUFFIX, NOW))
    with engine.begin() as conn:
        for note_id, quote, prefix, suffix, deleted in notes:
            conn.execute(text(
                "INSERT INTO annotations (id, document_id, author_id, target_source, motivation, body_text, "
                "quote_exact, quote_prefix, quote_suffix, created, modified, version, deleted, tag_list, status, "
                "moderation_state, text_version) VALUES (:id, 'd1', 'u1', 'https://ledger.example.com/a', "
                "'commenting', 'b', :quote, :prefix, :suffix, :now, :now, 1, :deleted, '[]', 'helpful', "
                "'visible', 1)"),
                {"id": note_id, "quote": quote, "prefix": prefix, "suffix": suffix, "now": NOW, "deleted": deleted})
            entry = old_entry(quote, prefix, suffix)
            if entry is not None and deleted is None:
                conn.execute(text("INSERT INTO quote_fingerprints (annotation_id, fingerprint, window_key, added) "
                                  "VALUES (:id, :f, :k, :now)"),
                             {"id": note_id, "f": hex_to_signed(entry[0]), "k": entry[1], "now": NOW})


def _seed_people(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id, username, email, password_hash, role, created, suspended) "
                          "VALUES ('u1', 'ann', 'ann@example.org', 'x', 'contributor', :now, false)"), {"now": NOW})
        conn.execute(text("INSERT INTO documents (id, canonical_url, created, views) "
                          "VALUES ('d1', 'https://ledger.example.com/a', :now, 0)"), {"now": NOW})


def _rows(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT annotation_id, fingerprint, window_key, added FROM quote_fingerprints"))
        return {row[0]: (row[1], row[2], row[3]) for row in found}


def test_0010_gives_chinese_notes_written_before_it_a_fingerprint_and_rewrites_stale_ones(empty_database_url):  # noqa: F811
    old_entry = _migration_0010()._previous_entry
    assert old_entry(ZH_QUOTE, ZH_PREFIX, ZH_SUFFIX) is None  # one token: the cause of issue 12's "missing"
    assert old_entry(JA_QUOTE, "", "")[0] != quote_entry(JA_QUOTE)[0]
    migrate.upgrade(empty_database_url, "0009")
    engine = make_engine(empty_database_url)
    try:
        _seed_0009(engine, old_entry)
        before = _rows(engine)
        assert set(before) == {"j1", "e1"}
        migrate.upgrade(empty_database_url)
        after = _rows(engine)
        zh, ja = quote_entry(ZH_QUOTE, ZH_PREFIX, ZH_SUFFIX), quote_entry(JA_QUOTE)
        assert {note: row[:2] for note, row in after.items()} == {
            "z1": (hex_to_signed(zh[0]), zh[1]), "j1": (hex_to_signed(ja[0]), ja[1]), "e1": before["e1"][:2]}
        assert after["e1"] == before["e1"]  # an ASCII note: untouched, not even its `added`
        assert after["j1"][2] > before["j1"][2]  # rewritten rows are new to running workers
        migrate.downgrade(empty_database_url, "0009")  # the previous rule's rows again
        assert {note: row[:2] for note, row in _rows(engine).items()} == {note: row[:2] for note, row in before.items()}
    finally:
        engine.dispose()


def test_a_chinese_note_written_before_0010_is_found_on_a_copy_after_it(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0009")
    engine = make_engine(empty_database_url)
    try:
        _seed_0009(engine, _migration_0010()._previous_entry)
        migrate.upgrade(empty_database_url)
    finally:
        engine.dispose()
    app = create_app({**TEST_ENV, "DATABASE_URL": empty_database_url})
    copy = "\n".join(["环球新闻网", "首页 | 国际 | 财经", "援助物资抵达乌克兰",
                      ZH_PREFIX + ZH_QUOTE + ZH_SUFFIX + "的一部分。",
                      "分析人士说，时机的选择是为了让部队在冬季前完成训练。"])
    try:
        response = app.test_client().post("/api/anchor", json={"url": "https://news.example.cn/a", "text": copy,
                                                               "status": ["helpful"]})
        [note] = response.get_json()["items"]
        place = note["gloss"]["anchor"]
        assert note["id"].endswith("/z1") and place["via"] == "https://ledger.example.com/a"
        assert copy[place["start"]:place["end"]] == ZH_QUOTE
    finally:
        with app.app_context():
            db.engine.dispose()
