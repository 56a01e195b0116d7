"""Quote fingerprints that let notes follow their text onto copies of an article.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Adds quote_fingerprints (one row per live note with an 8-word quote: its fingerprint and the
server-only window key of the shingle that gave it) and the lookup hashes of
document URLs (document_urls.url_hash / http_url_hash), and fills both from existing rows. The
algorithms are fixed by the fingerprint spec, so the migration uses the application's functions.
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from server.documents.urls import key_hashes
from server.fingerprints.shingles import hex_to_signed
from server.fingerprints.window_keys import quote_entry

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('url_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('http_url_hash', sa.String(length=64), nullable=True))
    _backfill_url_hashes()
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.alter_column('url_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_document_urls_url_hash'), ['url_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_urls_http_url_hash'), ['http_url_hash'], unique=False)

    op.create_table('quote_fingerprints',
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('fingerprint', sa.BigInteger(), nullable=False),
    sa.Column('window_key', sa.BigInteger(), nullable=False),
    sa.Column('added', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'],
                            name=op.f('fk_quote_fingerprints_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annotation_id', name=op.f('pk_quote_fingerprints'))
    )
    _backfill_fingerprints()
    with op.batch_alter_table('quote_fingerprints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quote_fingerprints_fingerprint'), ['fingerprint'], unique=False)
        batch_op.create_index(batch_op.f('ix_quote_fingerprints_added'), ['added'], unique=False)


def _backfill_url_hashes() -> None:
    connection = op.get_bind()
    urls = sa.table('document_urls', sa.column('id', sa.String), sa.column('url_key', sa.String),
                    sa.column('url_hash', sa.String), sa.column('http_url_hash', sa.String))
    rows = connection.execute(sa.select(urls.c.id, urls.c.url_key)).all()
    update = (sa.update(urls).where(urls.c.id == sa.bindparam('row_id'))
              .values(url_hash=sa.bindparam('h1'), http_url_hash=sa.bindparam('h2')))
    for start in range(0, len(rows), BATCH):
        values = []
        for row_id, key in rows[start:start + BATCH]:
            https_hash, http_hash = key_hashes(key)
            values.append({'row_id': row_id, 'h1': https_hash, 'h2': http_hash})
        connection.execute(update, values)


def _backfill_fingerprints() -> None:
    connection = op.get_bind()
    notes = sa.table('annotations', sa.column('id', sa.String), sa.column('quote_exact', sa.Text),
                     sa.column('quote_prefix', sa.Text), sa.column('quote_suffix', sa.Text),
                     sa.column('deleted', sa.DateTime))
    fingerprints = sa.table('quote_fingerprints', sa.column('annotation_id', sa.String),
                            sa.column('fingerprint', sa.BigInteger), sa.column('window_key', sa.BigInteger),
                            sa.column('added', sa.DateTime))
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = connection.execute(sa.select(notes.c.id, notes.c.quote_exact, notes.c.quote_prefix, notes.c.quote_suffix)
                              .where(notes.c.deleted.is_(None))).all()
    batch = []
    for note_id, exact, prefix, suffix in rows:
        entry = quote_entry(exact, prefix or '', suffix or '')
        if entry is not None:
            batch.append({'annotation_id': note_id, 'fingerprint': hex_to_signed(entry[0]), 'window_key': entry[1],
                          'added': now})
        if len(batch) >= BATCH:
            connection.execute(sa.insert(fingerprints), batch)
            batch = []
    if batch:
        connection.execute(sa.insert(fingerprints), batch)


def downgrade() -> None:
    with op.batch_alter_table('quote_fingerprints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quote_fingerprints_added'))
        batch_op.drop_index(batch_op.f('ix_quote_fingerprints_fingerprint'))

    op.drop_table('quote_fingerprints')
    with op.batch_alter_table('document_urls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_urls_http_url_hash'))
        batch_op.drop_index(batch_op.f('ix_document_urls_url_hash'))
        batch_op.drop_column('http_url_hash')
        batch_op.drop_column('url_hash')
