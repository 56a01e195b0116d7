"""Administration from the command line: `flask --app server <command>`."""
from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from server import migrate
from server.accounts.models import ROLES


def _database_url() -> str:
    return current_app.config["GLOSS"].database_url


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(create_user)
    app.cli.add_command(set_role)
    app.cli.add_command(seed_demo)
    app.cli.add_command(score_command)


db_group = AppGroup("db", help="Database migrations (Alembic).")


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    migrate.upgrade(_database_url(), revision)
    click.echo(f"database upgraded to {revision}")


@db_group.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION (default: one step; 'base' empties the schema)."""
    migrate.downgrade(_database_url(), revision)
    click.echo(f"database downgraded to {revision}")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True, help="Diff the models against the database.")
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration script under migrations/versions/."""
    from alembic import command
    command.revision(migrate.alembic_config(_database_url()), message=message, autogenerate=autogenerate)


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="contributor", show_default=True)
@click.option("--email", help="Defaults to USERNAME@localhost.")
@click.password_option(help="Prompted for (twice) when not given.")
def create_user(username: str, role: str, email: str | None, password: str) -> None:
    """Register USERNAME with ROLE."""
    from marshmallow import ValidationError

    from server.accounts import services
    from server.accounts.schemas import RegisterSchema
    from server.errors import ApiError
    try:
        data = RegisterSchema().load({"username": username, "email": email or f"{username}@localhost",
                                      "password": password})
        user = services.register_user(**data, role=role)
    except ValidationError as err:
        raise click.ClickException(f"invalid: {err.messages}") from None
    except ApiError as err:
        raise click.ClickException(err.message) from None
    click.echo(f"created user {user.username} ({user.role})")


@click.command("set-role")
@with_appcontext
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role(username: str, role: str) -> None:
    """Give USERNAME the role ROLE."""
    from server.accounts import services
    from server.db import db
    from server.moderation.services import audit
    user = services.find_user(username)
    if user is None:
        raise click.ClickException(f"no user named {username!r}")
    old, user.role = user.role, role
    services.end_ui_sessions(user)  # sign in again under the new role
    audit(None, "set_role", "user", user.id, old, role, "set-role on the command line")
    db.session.commit()
    click.echo(f"{user.username}: {old} -> {role}")


@click.command("seed-demo")
@with_appcontext
@click.option("--base-url", default=None, help="Where the demo is served (default PUBLIC_BASE_URL or http://127.0.0.1:5000).")
def seed_demo(base_url: str | None) -> None:
    """Load the demo article's users and notes (safe to run again: nothing is duplicated)."""
    from server.demo.seed import seed
    base = base_url or current_app.config["GLOSS"].public_base_url or "http://127.0.0.1:5000"
    try:
        for line in seed(base.rstrip("/")):
            click.echo(line)
    except RuntimeError as err:
        raise click.ClickException(str(err)) from None


@click.command("score")
@with_appcontext
def score_command() -> None:
    """Recompute every note's community status (safe while the API serves: one write transaction)."""
    from server.ratings.scoring import run_scoring, settings_windows
    hold, lock = settings_windows(current_app.config["GLOSS"])
    if sys.stdout.isatty():
        with click.progressbar(length=100, label="scoring") as bar:
            def progress(step: str, done: int, total: int) -> None:
                bar.label = f"scoring: {step}"
                bar.update(round(100 * done / max(total, 1)) - bar.pos)
            report = run_scoring(hold, lock, progress=progress)
    else:
        report = run_scoring(hold, lock)
    for line in report.lines():
        click.echo(line)
