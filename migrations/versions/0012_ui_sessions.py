"""Moderator web UI sessions held on the server (issue 13: a session stayed valid after sign-out).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

The session cookie used to carry the moderator's id, signed: a copy of it signed in until the key
changed. Now it carries a random secret whose SHA-256 is a row here; signing out deletes the row, a
suspension or role change deletes all of the user's rows, and a row expires after
GLOSS_UI_SESSION_HOURS. Moderators signed in before the upgrade sign in again. Downgrading drops the
table (everyone signs in again under the old scheme).
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ui_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=22), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('expires', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ui_sessions_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_ui_sessions')),
    )
    with op.batch_alter_table('ui_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ui_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ui_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ui_sessions_user_id'))
    op.drop_table('ui_sessions')
