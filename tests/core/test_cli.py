"""Administration commands: `flask --app server create-user / set-role / db …`."""
from __future__ import annotations

from sqlalchemy import select

from server.accounts.models import User
from server.db import db


def test_create_user_with_role_prints_what_it_did(app):
    result = app.test_cli_runner().invoke(args=["create-user", "Mod", "--role", "moderator",
                                                "--password", "long enough password"])
    assert result.exit_code == 0, result.output
    assert "created user mod (moderator)" in result.output
    with app.app_context():
        assert db.session.scalars(select(User)).one().role == "moderator"


def test_create_user_twice_fails_with_non_zero_exit(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["create-user", "mod", "--password", "long enough password"])
    result = runner.invoke(args=["create-user", "mod", "--password", "long enough password"])
    assert result.exit_code != 0
    assert "already registered" in result.output


def test_create_user_with_weak_password_fails(app):
    result = app.test_cli_runner().invoke(args=["create-user", "mod", "--password", "short"])
    assert result.exit_code != 0


def test_set_role_changes_role_and_unknown_user_fails(app, accounts):
    accounts.create("carol")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["set-role", "carol", "admin"])
    assert result.exit_code == 0 and "contributor -> admin" in result.output
    with app.app_context():
        assert db.session.scalars(select(User)).one().role == "admin"
        from server.moderation.models import AuditEntry
        rows = db.session.scalars(select(AuditEntry)).all()
        assert [(r.action, r.old_value, r.new_value) for r in rows] == [("set_role", "contributor", "admin")]
    assert runner.invoke(args=["set-role", "nobody", "admin"]).exit_code != 0
    assert runner.invoke(args=["set-role", "carol", "emperor"]).exit_code != 0


def test_db_downgrade_and_upgrade_commands_run(tmp_path):
    from server import create_app
    from tests.conftest import TEST_ENV
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    app = create_app({**TEST_ENV, "DATABASE_URL": url})
    runner = app.test_cli_runner()
    up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0 and "upgraded to head" in up.output
    down = runner.invoke(args=["db", "downgrade", "base"])
    assert down.exit_code == 0 and "downgraded to base" in down.output
