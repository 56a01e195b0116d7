"""Full-text search index over note bodies and quotes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

What `GET /api/annotations?text=` searches (server/annotations/fulltext.py reads it):

- PostgreSQL: a generated, stored tsvector column `annotations.search_vector` over body and quote,
  with the `gloss_search` configuration (simple + unaccent), and a GIN index on it. PostgreSQL fills
  the column for existing notes and keeps it current on every write. Needs the `unaccent` extension
  (contrib; a trusted extension since PostgreSQL 13, so the database owner may create it).
- SQLite: an FTS5 table `annotations_fts` and its key table `annotations_fts_keys`, filled with the
  existing notes and kept in step by triggers on `annotations`.

The DDL is written out here rather than imported, so this revision stays what it was. NOTE for later
migrations: on SQLite, a batch migration that rebuilds `annotations` (anything SQLite cannot ALTER in
place, e.g. dropping a column) drops these triggers with the old table; such a migration must create
them again (copy SQLITE_TRIGGERS). tests/core/test_migration_fulltext.py checks every revision.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SEARCHABLE_TEXT = "{row}.body_text || char(10) || {row}.quote_exact"
# ASCII punctuation, which PostgreSQL's parser would otherwise keep inside tokens (e-mail, a@b.org,
# example.com/path, 3.14) where SQLite's unicode61 splits them: turned into spaces, both engines index
# the same words (runs of letters and digits), and the query parser in server/annotations/fulltext.py
# can promise the same results on both.
ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

SQLITE_TRIGGERS = [
    # A new note gets the next key, then its words under that key.
    f"""CREATE TRIGGER annotations_fts_insert AFTER INSERT ON annotations BEGIN
          INSERT INTO annotations_fts_keys (annotation_id) VALUES (new.id);
          INSERT INTO annotations_fts (rowid, text)
            SELECT fts_rowid, {SEARCHABLE_TEXT.format(row="new")} FROM annotations_fts_keys
            WHERE annotation_id = new.id;
        END""",
    # Only when the words change: scoring and moderation UPDATEs never touch the index.
    f"""CREATE TRIGGER annotations_fts_update AFTER UPDATE OF body_text, quote_exact ON annotations
        WHEN old.body_text IS NOT new.body_text OR old.quote_exact IS NOT new.quote_exact BEGIN
          UPDATE annotations_fts SET text = {SEARCHABLE_TEXT.format(row="new")}
            WHERE rowid = (SELECT fts_rowid FROM annotations_fts_keys WHERE annotation_id = new.id);
        END""",
    # Also fires for rows removed by ON DELETE CASCADE (a deleted user or document).
    """CREATE TRIGGER annotations_fts_delete AFTER DELETE ON annotations BEGIN
          DELETE FROM annotations_fts
            WHERE rowid = (SELECT fts_rowid FROM annotations_fts_keys WHERE annotation_id = old.id);
          DELETE FROM annotations_fts_keys WHERE annotation_id = old.id;
        END""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _upgrade_postgresql()
    else:
        _upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_annotations_search_vector")
        op.execute("ALTER TABLE annotations DROP COLUMN search_vector")
        op.execute("DROP TEXT SEARCH CONFIGURATION gloss_search")
        # The unaccent extension stays: it is database-wide and may serve others; creating it again is a no-op.
    else:
        for trigger in ("annotations_fts_insert", "annotations_fts_update", "annotations_fts_delete"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE annotations_fts")
        op.execute("DROP TABLE annotations_fts_keys")


def _upgrade_postgresql() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    # simple: lower-case words, no stemming, no stop words (notes are in every language);
    # unaccent first, so that "cafe" finds "café" and back.
    op.execute("CREATE TEXT SEARCH CONFIGURATION gloss_search (COPY = simple)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION gloss_search "
               "ALTER MAPPING FOR word, numword, hword, hword_part, numhword WITH unaccent, simple")
    punctuation = ASCII_PUNCTUATION.replace("'", "''")
    words = f"translate(body_text || ' ' || quote_exact, '{punctuation}', '{' ' * len(ASCII_PUNCTUATION)}')"
    # Generated and stored: PostgreSQL computes it for existing rows now and on every write after.
    op.execute("ALTER TABLE annotations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
               f"(to_tsvector('gloss_search'::regconfig, {words})) STORED")
    # Finding notes by words without reading every note.
    op.execute("CREATE INDEX ix_annotations_search_vector ON annotations USING gin (search_vector)")


def _upgrade_sqlite() -> None:
    # Rowid <-> note id: the FTS rows' own stable keys (the rowid of `annotations` is renumbered by
    # VACUUM and table rebuilds); the unique index finds a note's row when it changes.
    op.execute("CREATE TABLE annotations_fts_keys (fts_rowid INTEGER PRIMARY KEY, "
               "annotation_id VARCHAR(22) NOT NULL UNIQUE)")
    # remove_diacritics 2: "cafe" finds "café" and back (Latin letters); case folds for every script.
    op.execute("CREATE VIRTUAL TABLE annotations_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO annotations_fts_keys (annotation_id) SELECT id FROM annotations ORDER BY created, id")
    op.execute("INSERT INTO annotations_fts (rowid, text) SELECT k.fts_rowid, "
               f"{SEARCHABLE_TEXT.format(row='a')} FROM annotations AS a "
               "JOIN annotations_fts_keys AS k ON k.annotation_id = a.id")
    for trigger in SQLITE_TRIGGERS:
        op.execute(trigger)
