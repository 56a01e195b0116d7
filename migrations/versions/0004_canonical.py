"""A note's canonical IRI.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

The client's canonical IRI of a note (W3C Web Annotation model 3.3.7).
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('canonical', sa.String(length=2048), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_column('canonical')

