"""Quote fingerprints recomputed with the tokens of issue 12 (one token per CJK, Thai... character).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

Fingerprint tokens used to be runs of letters, marks and numbers, so a Chinese or Japanese sentence
was one token and its notes had no fingerprint (or one of a few punctuation-separated runs). Now a
letter of a script written without spaces is a token by itself (server/fingerprints/shingles.py).
Every live note's row in quote_fingerprints (fingerprint and window key) is recomputed with the
application's rule: rows are added for quotes that now have 8 tokens, changed where the value
moved (with `added` set now, so running workers pick them up), removed where none is left.

A note whose quote, last prefix character and first suffix character are all ASCII is skipped: ASCII
text has no separate characters, so both rules give it the same tokens and the same row (the test
checks one such note). That leaves only notes that may change, so a database of Latin-script notes
migrates in the time it takes to read them.

Downgrading recomputes the same notes with the previous rule (written out below, frozen), so the
rows are again what the previous code would have written.
"""
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from server.fingerprints.shingles import SHINGLE_WORDS, hex_to_signed, shingle_hash
from server.fingerprints.window_keys import quote_entry, shingle_key

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BATCH = 5000

_notes = sa.table('annotations', sa.column('id', sa.String), sa.column('quote_exact', sa.Text),
                  sa.column('quote_prefix', sa.Text), sa.column('quote_suffix', sa.Text),
                  sa.column('deleted', sa.DateTime))
_rows = sa.table('quote_fingerprints', sa.column('annotation_id', sa.String),
                 sa.column('fingerprint', sa.BigInteger), sa.column('window_key', sa.BigInteger),
                 sa.column('added', sa.DateTime))


def upgrade() -> None:
    _recompute(quote_entry)


def downgrade() -> None:
    _recompute(_previous_entry)


def _may_change(exact: str, prefix: str, suffix: str) -> bool:
    return not (exact.isascii() and prefix[-1:].isascii() and suffix[:1].isascii())


def _recompute(entry_of) -> None:
    """Every live note that may change, a batch at a time in id order: its row made what
    `entry_of(exact, prefix, suffix)` says ((hex fingerprint, signed key) or None)."""
    connection = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    query = (sa.select(_notes.c.id, _notes.c.quote_exact, _notes.c.quote_prefix, _notes.c.quote_suffix,
                       _rows.c.fingerprint, _rows.c.window_key)
             .select_from(_notes.outerjoin(_rows, _rows.c.annotation_id == _notes.c.id))
             .where(_notes.c.deleted.is_(None), _notes.c.id > sa.bindparam('after'))
             .order_by(_notes.c.id).limit(BATCH))
    after = ''
    while batch := connection.execute(query, {'after': after}).all():
        after = batch[-1][0]
        inserts, updates, deletes = [], [], []
        for note_id, exact, prefix, suffix, fingerprint, key in batch:
            prefix, suffix = prefix or '', suffix or ''
            if not _may_change(exact, prefix, suffix):
                continue
            entry = entry_of(exact, prefix, suffix)
            wanted = None if entry is None else (hex_to_signed(entry[0]), entry[1])
            if wanted == (fingerprint, key) or (wanted is None and fingerprint is None):
                continue
            if wanted is None:
                deletes.append(note_id)
                continue
            values = {'note': note_id, 'fingerprint': wanted[0], 'window_key': wanted[1], 'added': now}
            (inserts if fingerprint is None else updates).append(values)
        _write(connection, inserts, updates, deletes)


def _write(connection, inserts: list[dict], updates: list[dict], deletes: list[str]) -> None:
    if inserts:
        connection.execute(sa.insert(_rows).values(annotation_id=sa.bindparam('note')), inserts)
    if updates:
        connection.execute(sa.update(_rows).where(_rows.c.annotation_id == sa.bindparam('note'))
                           .values(fingerprint=sa.bindparam('fingerprint'), window_key=sa.bindparam('window_key'),
                                   added=sa.bindparam('added')), updates)
    if deletes:
        connection.execute(sa.delete(_rows).where(_rows.c.annotation_id.in_(deletes)))


# --- the previous rule (issue 8), frozen for the downgrade ---------------------------------------

def _previous_tokens(text: str) -> list[str]:
    """Maximal runs of letters, marks and numbers after NFKC, lower-casing and final-sigma folding."""
    folded = unicodedata.normalize('NFKC', text).lower().replace('ς', 'σ')
    found, current = [], []
    for char in folded:
        if unicodedata.category(char)[0] in 'LMN':
            current.append(char)
        elif current:
            found.append(''.join(current))
            current = []
    if current:
        found.append(''.join(current))
    return found


def _previous_entry(exact: str, prefix: str, suffix: str) -> tuple[str, int] | None:
    def word(char: str) -> bool:
        return unicodedata.category(char)[0] in 'LMN'

    words = _previous_tokens(exact)
    if words and prefix and exact and word(prefix[-1]) and word(exact[0]):
        words = words[1:]
    if words and suffix and exact and word(suffix[0]) and word(exact[-1]):
        words = words[:-1]
    windows = [words[i:i + SHINGLE_WORDS] for i in range(len(words) - SHINGLE_WORDS + 1)]
    if not windows:
        return None
    hashes = [shingle_hash(' '.join(window)) for window in windows]
    best = min(range(len(hashes)), key=hashes.__getitem__)
    return hashes[best], shingle_key(windows[best])
