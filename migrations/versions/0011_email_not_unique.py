"""E-mail addresses are no longer unique (issue 13: registration must not say which are taken).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

Addresses are never verified, so a unique address never stopped anyone from making many accounts
(any made-up address works); it only let a stranger test whether an address has an account here,
and let anyone block an address's owner by registering it first. Registration now answers a taken
address exactly like a free one, which needs two accounts to be able to carry one address.

Downgrading restores the unique constraint, which fails while two accounts share an address: the
downgrade stops with a message saying so, before changing anything (change one of the addresses, or
stay on this revision).
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('uq_users_email'), type_='unique')


def downgrade() -> None:
    shared = op.get_bind().execute(sa.text(
        "SELECT count(*) FROM (SELECT email FROM users GROUP BY email HAVING count(*) > 1) AS shared")).scalar()
    if shared:
        raise RuntimeError(f"Cannot downgrade below 0011: {shared} e-mail address(es) belong to more than one "
                           "account, and revision 0010 requires each address to be unique. Change them first.")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_unique_constraint(op.f('uq_users_email'), ['email'])
