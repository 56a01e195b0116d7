"""Migration 0013 marks which existing notes anyone could once read (the change feed names only those)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import text

from server import migrate
from server.db import make_engine
from tests.core.test_migration_text_version import NOTE, NOW, _seed
from tests.core.test_migrations import empty_database_url  # noqa: F401  (the fixture)

AUDIT = ("INSERT INTO audit_log (id, action, target_type, target_id, old_value, new_value, reason, created) "
         "VALUES (:id, :action, 'annotation', :note, :old, :new, :reason, :now)")
TRIAGED_AT_CREATION = "new account posting a link"


def test_0013_marks_visible_once_visible_and_never_visible_notes(empty_database_url):  # noqa: F811
    migrate.upgrade(empty_database_url, "0012")
    engine = make_engine(empty_database_url)
    try:
        with engine.begin() as conn:
            _seed(conn)
            for note in ("visible", "held_at_birth", "hidden_later", "approved_then_hidden", "flag_triaged"):
                conn.execute(text(NOTE), {"id": note, "now": NOW})
            conn.execute(text("UPDATE annotations SET moderation_state = 'hidden' WHERE id != 'visible'"))
            events = [("held_at_birth", "auto_pending", "visible", "pending", TRIAGED_AT_CREATION),
                      ("held_at_birth", "hide", "pending", "hidden", "spam"),
                      ("hidden_later", "hide", "visible", "hidden", "spam"),
                      ("approved_then_hidden", "auto_pending", "visible", "pending", TRIAGED_AT_CREATION),
                      ("approved_then_hidden", "approve", "pending", "visible", "ok"),
                      ("approved_then_hidden", "hide", "visible", "hidden", "spam"),
                      ("flag_triaged", "auto_pending", "visible", "pending", "3 or more open flags")]
            for i, (note, action, old, new, reason) in enumerate(events):
                conn.execute(text(AUDIT), {"id": f"a{i}", "action": action, "note": note, "old": old, "new": new,
                                           "reason": reason, "now": datetime(2026, 11, 30, 12, i)})
        migrate.upgrade(empty_database_url, "0013")
        with engine.connect() as conn:
            marked = {row[0] for row in conn.execute(text("SELECT id FROM annotations WHERE ever_public"))}
        assert marked == {"visible", "hidden_later", "approved_then_hidden", "flag_triaged"}
        migrate.downgrade(empty_database_url, "0012")  # and back: the column goes, the notes stay
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM annotations")).scalar() == 5
    finally:
        engine.dispose()
