"""The change log that mirrors follow, and fact-check verdicts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

note_changes: one row per change of a note, backfilled with one `created` row per existing note (in
creation order) so a mirror that starts from nothing receives every note. annotations.verdict: the
fact-check verdict of an `assessing` note. ix_annotations_modified_id: the export's keyset.

Downgrading keeps what revision 0006 has no place for, in two tables of its own that upgrading
again reads and drops (issue 13):
- kept_0007_verdicts: every note's verdict, put back on the note by the next upgrade;
- kept_0007_feed: the change log's last sequence number. The log itself is not kept (nothing
  records changes while the database runs 0006); the next upgrade writes its one `created` row per
  note with sequence numbers after that one, so a mirror's cursor from before the downgrade stays
  valid and it receives every note again, in its current state (a full re-send rather than a
  restart at 1 that would skip as many changes as the mirror had read).
Downgrading further, to base, drops both (migration 0001's downgrade).
"""
import sqlalchemy as sa
from alembic import op

from server.annotations import fulltext

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

VERDICTS = ("accurate", "mostly_accurate", "missing_context", "unsupported", "misleading", "false")
KEPT_VERDICTS = "kept_0007_verdicts"
KEPT_FEED = "kept_0007_feed"


def upgrade() -> None:
    op.create_table('note_changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('created', 'updated', 'deleted', 'status_changed', 'moderated')",
                       name=op.f('ck_note_changes_kind_known')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'],
                            name=op.f('fk_note_changes_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_note_changes')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('note_changes', schema=None) as batch_op:
        batch_op.create_index('ix_note_changes_at', ['at'], unique=False)
        batch_op.create_index('ix_note_changes_annotation', ['annotation_id'], unique=False)

    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('verdict', sa.String(length=24), nullable=True))
        batch_op.create_check_constraint(op.f('ck_annotations_verdict_known'),
                                         f"verdict IS NULL OR verdict IN {VERDICTS}")
        batch_op.create_index('ix_annotations_modified_id', ['modified', 'id'], unique=False)
    # Batch mode rebuilt `annotations` on SQLite, which drops its full-text triggers (0005): put them back.
    if op.get_bind().dialect.name == "sqlite":
        fulltext.create_sqlite_triggers(op.execute)

    kept = set(sa.inspect(op.get_bind()).get_table_names()) & {KEPT_VERDICTS, KEPT_FEED}
    if KEPT_FEED in kept:
        _continue_sequence_after(op.get_bind().execute(sa.text(f"SELECT max(last_seq) FROM {KEPT_FEED}")).scalar())
    # Every existing note as `created`, oldest first, so sequence order is creation order.
    op.execute("INSERT INTO note_changes (annotation_id, kind, at) "
               "SELECT id, 'created', created FROM annotations ORDER BY created, id")
    if KEPT_VERDICTS in kept:
        op.execute(f"UPDATE annotations SET verdict = (SELECT k.verdict FROM {KEPT_VERDICTS} k "
                   f"WHERE k.annotation_id = annotations.id) "
                   f"WHERE id IN (SELECT annotation_id FROM {KEPT_VERDICTS})")
    for table in kept:
        op.drop_table(table)


def _continue_sequence_after(last_seq: int | None) -> None:
    """The next note_changes row gets last_seq + 1 (the table is still empty here)."""
    if not last_seq:
        return
    if op.get_bind().dialect.name == "sqlite":  # AUTOINCREMENT: never below sqlite_sequence's value
        op.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('note_changes', :seq)")
                   .bindparams(seq=int(last_seq)))
    else:
        op.execute(sa.text("SELECT setval(pg_get_serial_sequence('note_changes', 'seq'), :seq)")
                   .bindparams(seq=int(last_seq)))


def downgrade() -> None:
    _keep_what_0006_cannot_hold()
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index('ix_annotations_modified_id')
        batch_op.drop_constraint(op.f('ck_annotations_verdict_known'), type_='check')
        batch_op.drop_column('verdict')
    # Batch mode rebuilt `annotations` on SQLite, which drops its full-text triggers (0005): put them back.
    if op.get_bind().dialect.name == "sqlite":
        fulltext.create_sqlite_triggers(op.execute)
    with op.batch_alter_table('note_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_note_changes_annotation')
        batch_op.drop_index('ix_note_changes_at')
    op.drop_table('note_changes')


def _keep_what_0006_cannot_hold() -> None:
    """Verdicts and the change log's last sequence number, for the next upgrade (module docstring)."""
    for table in (KEPT_VERDICTS, KEPT_FEED):
        op.execute(f"DROP TABLE IF EXISTS {table}")
    op.create_table(KEPT_VERDICTS, sa.Column('annotation_id', sa.String(length=22), primary_key=True),
                    sa.Column('verdict', sa.String(length=24), nullable=False))
    op.execute(f"INSERT INTO {KEPT_VERDICTS} (annotation_id, verdict) "
               "SELECT id, verdict FROM annotations WHERE verdict IS NOT NULL")
    op.create_table(KEPT_FEED, sa.Column('last_seq', sa.BigInteger(), nullable=True))
    op.execute(f"INSERT INTO {KEPT_FEED} (last_seq) SELECT max(seq) FROM note_changes")
