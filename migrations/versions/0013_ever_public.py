"""annotations.ever_public: whether anyone but its author and moderators could ever read the note.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

The change feed named every note that changed, with `annotation: null` for those nobody may read,
so the id of a note held for review from the moment it was written (auto-triage of a new account's
link) could be learnt from the feed. The feed now serves a change only for notes that are, or once
were, readable by anyone; the change-log hook (server/feeds/changelog.py) sets the flag.

Existing notes are marked from what the database knows: a note whose moderation state is `visible`
(deleted or not), or whose audit log shows it visible at some point (a moderator approved or restored
it, or it was hidden, removed or auto-held by flags while visible). A note auto-held as it was written
("new account posting a link") and never approved stays unmarked. The column is added with a server
default and set by one UPDATE, so SQLite needs no table rebuild (which would drop the full-text
triggers). Downgrading drops the column; nothing else depended on it.
"""
import sqlalchemy as sa
from alembic import op

from server.annotations import fulltext

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

CREATION_TRIAGE_REASON = "new account posting a link"


def upgrade() -> None:
    op.add_column('annotations', sa.Column('ever_public', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(sa.text(
        "UPDATE annotations SET ever_public = :yes WHERE moderation_state = 'visible' OR id IN ("
        " SELECT target_id FROM audit_log WHERE target_type = 'annotation' AND ("
        "  new_value = 'visible' OR (old_value = 'visible' AND NOT (action = 'auto_pending' AND reason = :triage))))"
    ).bindparams(yes=True, triage=CREATION_TRIAGE_REASON))


def downgrade() -> None:
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_column('ever_public')
    # Batch mode may rebuild `annotations` on SQLite, which drops its full-text triggers (0005): put them back.
    if op.get_bind().dialect.name == "sqlite":
        fulltext.create_sqlite_triggers(op.execute)
