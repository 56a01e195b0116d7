"""API keys for third-party apps.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

App keys (`glk_...`): read-only credentials a user makes for a third-party app, stored SHA-256 hashed.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_keys',
    sa.Column('id', sa.String(length=22), nullable=False),
    sa.Column('user_id', sa.String(length=22), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.Column('last_used', sa.DateTime(), nullable=True),
    sa.Column('revoked', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_app_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_app_keys_key_hash'))
    )
    with op.batch_alter_table('app_keys', schema=None) as batch_op:
        batch_op.create_index('ix_app_keys_user_created', ['user_id', 'created'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('app_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_app_keys_user_created')
    op.drop_table('app_keys')
