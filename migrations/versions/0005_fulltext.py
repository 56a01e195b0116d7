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

NOTE for later migrations: on SQLite, a batch migration that rebuilds `annotations` (anything SQLite
cannot ALTER in place: adding a CHECK constraint, dropping a column...) drops the triggers with the
old table; such a migration must call `fulltext.create_sqlite_triggers(op.execute)` after its batch
block, in upgrade and downgrade alike (the FTS rows are keyed by note id, so they survive the copy).
tests/core/test_migration_fulltext.py checks every revision from here to head. The trigger DDL lives
in server/annotations/fulltext.py for that reason: one definition for this revision and those.
"""
from alembic import op

from server.annotations import fulltext

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# ASCII punctuation, which PostgreSQL's parser would otherwise keep inside tokens (e-mail, a@b.org,
# example.com/path, 3.14) where SQLite's unicode61 splits them: turned into spaces, both engines index
# the same words (runs of letters and digits), and the query parser in server/annotations/fulltext.py
# can promise the same results on both.
ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"



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
        for trigger in fulltext.SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
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
               f"{fulltext.SQLITE_SEARCHABLE_TEXT.format(row='a')} FROM annotations AS a "
               "JOIN annotations_fts_keys AS k ON k.annotation_id = a.id")
    fulltext.create_sqlite_triggers(op.execute)
