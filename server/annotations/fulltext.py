"""Full-text search over a note's words (its body, then its quote): one query language, two engines.

The searchable text of a note is `body_text` followed by `quote_exact`. Migration 0005 indexes it:

- PostgreSQL: a generated `annotations.search_vector` tsvector column with a GIN index, built with the
  `gloss_search` configuration = `simple` (lower-case, no stemming, no stop words) + `unaccent`. Notes
  are written in every language and most carry no language tag, so a language's stemmer would mangle
  the others; `simple` treats every language alike and finds exactly the words typed. ASCII
  punctuation becomes spaces first, so PostgreSQL's parser sees the words SQLite's does (below).
- SQLite: an FTS5 table `annotations_fts` (tokenizer unicode61 with diacritics removed) whose rows are
  kept in step with `annotations` by triggers, so every write (ORM, Core UPDATE, cascade) reaches it.
  Its rowids are ours, handed out by `annotations_fts_keys` (rowid <-> annotation id): the rowid of
  `annotations` itself is not stable (VACUUM and table rebuilds renumber it).

Both engines index words = runs of letters and digits (any script); every other character separates
words. The query language (the same on both engines, parsed here, never passed raw to either
engine): words must all match, in any order; "quoted words" must match as a phrase; a word ending in
`*` matches as a prefix; a bare word with punctuation inside (e-mail, example.org) is the phrase of
its words. Everything else (AND, OR, NOT, -, parentheses, column:) is ordinary text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR
from sqlalchemy.sql.elements import ColumnElement

# The PostgreSQL text search configuration migration 0005 creates (simple + unaccent).
SEARCH_CONFIG = "gloss_search"
# What migration 0005 adds beside the models; Alembic's comparison leaves these out (see is_index_object).
SEARCH_VECTOR = "search_vector"
SEARCH_INDEX = "ix_annotations_search_vector"
FTS_TABLE = "annotations_fts"  # and FTS5's shadow tables annotations_fts_data, _idx, _content, ...
KEYS_TABLE = "annotations_fts_keys"

MIN_PREFIX_CHARS = 2  # "a*" would expand to a large part of the vocabulary

# SQLite: what the FTS5 table holds for a note, and the triggers that keep it in step (migration 0005
# creates them; a later migration that rebuilds `annotations` on SQLite must create them again).
SQLITE_SEARCHABLE_TEXT = "{row}.body_text || char(10) || {row}.quote_exact"
SQLITE_TRIGGERS = {
    # A new note gets the next key, then its words under that key.
    "annotations_fts_insert": f"""AFTER INSERT ON annotations BEGIN
          INSERT INTO annotations_fts_keys (annotation_id) VALUES (new.id);
          INSERT INTO annotations_fts (rowid, text)
            SELECT fts_rowid, {SQLITE_SEARCHABLE_TEXT.format(row="new")} FROM annotations_fts_keys
            WHERE annotation_id = new.id;
        END""",
    # Only when the words change: scoring and moderation UPDATEs never touch the index.
    "annotations_fts_update": f"""AFTER UPDATE OF body_text, quote_exact ON annotations
        WHEN old.body_text IS NOT new.body_text OR old.quote_exact IS NOT new.quote_exact BEGIN
          UPDATE annotations_fts SET text = {SQLITE_SEARCHABLE_TEXT.format(row="new")}
            WHERE rowid = (SELECT fts_rowid FROM annotations_fts_keys WHERE annotation_id = new.id);
        END""",
    # Also fires for rows removed by ON DELETE CASCADE (a deleted user or document).
    "annotations_fts_delete": """AFTER DELETE ON annotations BEGIN
          DELETE FROM annotations_fts
            WHERE rowid = (SELECT fts_rowid FROM annotations_fts_keys WHERE annotation_id = old.id);
          DELETE FROM annotations_fts_keys WHERE annotation_id = old.id;
        END""",
}
SQLITE_TRIGGER_NAMES = tuple(SQLITE_TRIGGERS)


def create_sqlite_triggers(execute) -> None:
    """Create the index's triggers on `annotations` (SQLite) unless they exist; `execute` runs one
    statement (a migration passes op.execute)."""
    for name, body in SQLITE_TRIGGERS.items():
        execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


_search_tables = MetaData()  # not Base.metadata: these tables are made by migration 0005, not create_all
_fts = Table(FTS_TABLE, _search_tables, Column("rowid", Integer), Column(FTS_TABLE, Text), Column("text", Text))
_keys = Table(KEYS_TABLE, _search_tables, Column("fts_rowid", Integer, primary_key=True),
              Column("annotation_id", String(22)))

_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')  # a quoted phrase (an unclosed quote runs to the end) or a bare word
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script: what both tokenizers index


class QueryError(ValueError):
    """The text query cannot be searched; the message says why, for a person."""


@dataclass(frozen=True, slots=True)
class Term:
    """One thing every match must contain: a word, a phrase, or a prefix (`prefix` on the last word)."""

    words: tuple[str, ...]
    prefix: bool = False


def parse(raw: str, max_chars: int, max_terms: int) -> list[Term]:
    """The terms of a `text=` query, or QueryError (too long, too many terms, nothing to search)."""
    if len(raw) > max_chars:
        raise QueryError(f"At most {max_chars} characters.")
    terms = []
    for match in _TERM.finditer(raw):
        phrase, bare = match.groups()
        text = phrase if phrase is not None else bare
        prefix = phrase is None and text.endswith("*")
        text = text.rstrip("*") if prefix else text
        words = tuple(_WORD.findall(text))
        if not words:
            continue  # punctuation only: nothing either engine would index
        if prefix and len(words[-1]) < MIN_PREFIX_CHARS:
            raise QueryError(f"A prefix needs at least {MIN_PREFIX_CHARS} letters before the *.")
        terms.append(Term(words, prefix))
    if not terms:
        raise QueryError("Nothing to search for: give at least one word of letters or digits.")
    if len(terms) > max_terms:
        raise QueryError(f"At most {max_terms} words or phrases.")
    return terms


def matching(terms: list[Term], dialect: str, notes) -> list[ColumnElement]:
    """Conditions on `notes` (the Annotation entity) that hold for notes containing every term."""
    if dialect == "postgresql":
        vector = literal_column(f"{notes.__table__.name}.{SEARCH_VECTOR}", TSVECTOR)
        # One condition per term: an empty tsquery matches nothing, whereas `a && <empty>` would be `a`.
        return [vector.bool_op("@@")(_tsquery(term)) for term in terms]
    ids = (select(_keys.c.annotation_id).join(_fts, _fts.c.rowid == _keys.c.fts_rowid)
           .where(_fts.c[FTS_TABLE].op("MATCH")(_fts5_query(terms))))
    return [notes.id.in_(ids)]


def _tsquery(term: Term):
    config = cast(SEARCH_CONFIG, REGCONFIG)
    if not term.prefix:
        # phraseto_tsquery reads plain text (no operators); it lower-cases and unaccents like the index.
        return func.phraseto_tsquery(config, " ".join(term.words))
    # Each word quoted as a tsquery lexeme: words are letters and digits only, so no quote can break out.
    lexemes = " <-> ".join(f"'{word}'" for word in term.words)
    return func.to_tsquery(config, lexemes + ":*")


def _fts5_query(terms: list[Term]) -> str:
    """An FTS5 query of double-quoted strings (words carry no quotes), implicitly ANDed; `*` after a
    string makes its last word a prefix. Operators and column filters cannot appear outside quotes."""
    return " ".join('"' + " ".join(term.words) + '"' + ("*" if term.prefix else "") for term in terms)


def is_index_object(name: str | None, type_: str, table_name: str | None = None) -> bool:
    """Whether a schema object is part of the search index (created by migration 0005 outside the models).

    Alembic's model comparison (migrations/env.py, tests/core/test_migrations.py) skips these: the FTS5
    table, its shadow tables and its key table on SQLite, the tsvector column and its GIN index on PostgreSQL."""
    if type_ == "table":
        return bool(name) and (name == FTS_TABLE or name.startswith(FTS_TABLE + "_"))
    if type_ == "column":
        return name == SEARCH_VECTOR and table_name == "annotations"
    if type_ == "index":
        return name == SEARCH_INDEX
    return False


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object hook: everything but the search index."""
    table_name = getattr(getattr(obj, "table", None), "name", None)
    return not is_index_object(name, type_, table_name)


def include_name(name, type_, parent_names) -> bool:
    """Alembic's include_name hook: do not even reflect the FTS5 virtual table and its shadow tables."""
    return not (type_ == "table" and is_index_object(name, type_))
