"""The change log that mirrors follow, and fact-check verdicts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

note_changes: one row per change of a note, backfilled with one `created` row per existing note (in
creation order) so a mirror that starts from nothing receives every note. annotations.verdict: the
fact-check verdict of an `assessing` note. ix_annotations_modified_id: the export's keyset.
"""
from alembic import op
import sqlalchemy as sa

from server.annotations import fulltext


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

VERDICTS = ("accurate", "mostly_accurate", "missing_context", "unsupported", "misleading", "false")


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
        batch_op.create_check_constraint(op.f('ck_annotations_verdict_known'), f"verdict IS NULL OR verdict IN {VERDICTS}")
        batch_op.create_index('ix_annotations_modified_id', ['modified', 'id'], unique=False)
    # Batch mode rebuilt `annotations` on SQLite, which drops its full-text triggers (0005): put them back.
    if op.get_bind().dialect.name == "sqlite":
        fulltext.create_sqlite_triggers(op.execute)

    # Every existing note as `created`, oldest first, so sequence order is creation order.
    op.execute("INSERT INTO note_changes (annotation_id, kind, at) "
               "SELECT id, 'created', created FROM annotations ORDER BY created, id")


def downgrade() -> None:
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
