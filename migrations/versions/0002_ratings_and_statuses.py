"""Ratings and statuses.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

Ratings of notes, the scorer's latest result per note, and the history of visible statuses.
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('note_scores',
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('intercept', sa.Float(), nullable=True),
    sa.Column('factor', sa.Float(), nullable=True),
    sa.Column('rating_count', sa.Integer(), nullable=False),
    sa.Column('candidate_status', sa.String(length=24), nullable=False),
    sa.Column('candidate_since', sa.DateTime(), nullable=False),
    sa.Column('scored', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'],
                            name=op.f('fk_note_scores_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('annotation_id', name=op.f('pk_note_scores'))
    )
    op.create_table('ratings',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('rater_id', sa.String(length=22), nullable=False),
    sa.Column('helpfulness', sa.String(length=16), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('modified', sa.DateTime(), nullable=False),
    sa.CheckConstraint("helpfulness IN ('helpful', 'somewhat_helpful', 'not_helpful')",
                       name=op.f('ck_ratings_helpfulness_known')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_ratings_annotation_id_annotations'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rater_id'], ['users.id'], name=op.f('fk_ratings_rater_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('annotation_id', 'rater_id', name='uq_ratings_annotation_rater')
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_rater', ['rater_id'], unique=False)

    op.create_table('status_changes',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('old_status', sa.String(length=24), nullable=False),
    sa.Column('new_status', sa.String(length=24), nullable=False),
    sa.Column('intercept', sa.Float(), nullable=True),
    sa.Column('factor', sa.Float(), nullable=True),
    sa.Column('changed', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'],
                            name=op.f('fk_status_changes_annotation_id_annotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_changes'))
    )
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.create_index('ix_status_changes_annotation_changed', ['annotation_id', 'changed'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('status_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_status_changes_annotation_changed')

    op.drop_table('status_changes')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_rater')

    op.drop_table('ratings')
    op.drop_table('note_scores')
