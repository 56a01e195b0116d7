"""Moderation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

Flags, the moderation audit log, time-limited suspensions, and documents' view counts.
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('actor_id', sa.String(length=22), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('target_type', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('old_value', sa.String(length=64), nullable=False),
    sa.Column('new_value', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_log_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_created', ['created'], unique=False)
        batch_op.create_index('ix_audit_log_target', ['target_type', 'target_id'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('annotation_id', sa.String(length=22), nullable=False),
    sa.Column('flagger_id', sa.String(length=22), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('reviewed', sa.DateTime(), nullable=True),
    sa.Column('reviewer_id', sa.String(length=22), nullable=True),
    sa.CheckConstraint("reason IN ('spam', 'abuse', 'harassment', 'private_information', 'off_topic', 'misleading', "
                       "'other')", name=op.f('ck_flags_reason_known')),
    sa.CheckConstraint("state IN ('open', 'reviewed')", name=op.f('ck_flags_state_known')),
    sa.ForeignKeyConstraint(['annotation_id'], ['annotations.id'], name=op.f('fk_flags_annotation_id_annotations'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['flagger_id'], ['users.id'], name=op.f('fk_flags_flagger_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_flags_reviewer_id_users'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_annotation_state', ['annotation_id', 'state'], unique=False)
        batch_op.create_index('uq_flags_open_per_flagger', ['annotation_id', 'flagger_id'], unique=True,
                              sqlite_where=sa.text("state = 'open'"), postgresql_where=sa.text("state = 'open'"))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_until', sa.DateTime(), nullable=True))
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('views', sa.Integer(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('views')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('suspended_until')

    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index('uq_flags_open_per_flagger', sqlite_where=sa.text("state = 'open'"),
                            postgresql_where=sa.text("state = 'open'"))
        batch_op.drop_index('ix_flags_annotation_state')

    op.drop_table('flags')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_target')
        batch_op.drop_index('ix_audit_log_created')

    op.drop_table('audit_log')
