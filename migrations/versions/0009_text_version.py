"""Which page-text model each note's selectors were measured on.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

The extension's text extraction changed (issue 12): hidden text is left out and one "\\n" separates
blocks, so positions and context measured before do not fit the new text letter for letter.
annotations.text_version records the model: every note that exists when this runs was written on
version 1; new rows get 2 (server/anchoring/versions.py). POST /api/anchor anchors version-1 notes
on the new text with its inserted breaks taken out and maps the answer back, so no note breaks and
no stored selector is rewritten. Downgrading drops the column; the selectors themselves are untouched.

The column is added with the new default and the existing rows set to 1 by one UPDATE, which needs no
table rebuild on SQLite (a rebuild would drop the full-text triggers) and leaves the full-text index
alone (its update trigger watches body_text and quote_exact only).
"""
import sqlalchemy as sa
from alembic import op

from server.annotations import fulltext

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('annotations', sa.Column('text_version', sa.Integer(), server_default='2', nullable=False))
    op.execute("UPDATE annotations SET text_version = 1")


def downgrade() -> None:
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_column('text_version')
    # Batch mode may rebuild `annotations` on SQLite, which drops its full-text triggers (0005): put them back.
    if op.get_bind().dialect.name == "sqlite":
        fulltext.create_sqlite_triggers(op.execute)
