"""Gloss: community notes in the margin of the news."""
from __future__ import annotations

import logging
import os

from flask import Flask
from flask_cors import CORS

from server.config import Settings, load_settings


def create_app(config: Settings | dict | None = None) -> Flask:
    """Build the app. `config` is a Settings, or a dict of environment variables laid over os.environ."""
    if isinstance(config, Settings):
        settings = config
    else:
        settings = load_settings({**os.environ, **(config or {})})
    app = Flask(__name__)
    app.config.update(settings.as_flask_config())
    app.json.sort_keys = False
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    from server.privacy import install_log_filters
    install_log_filters()

    from server.accounts.passwords import passwords
    from server.db import db
    db.init_app(app)
    from server import outage
    outage.init_app(app)
    passwords.init_app(app)
    _init_cors(app, settings)

    from server.errors import register_error_handlers
    register_error_handlers(app)
    from server.web import reject_unreadable_input
    app.before_request(reject_unreadable_input)  # first: nothing else reads a URL it cannot hold
    from server.hosts import install_host_check
    install_host_check(app)
    from server.headers import install_security_headers
    install_security_headers(app)
    from server.accounts.auth import caller_or_none, reject_app_key_writes
    from server.ratelimits import init_rate_limits
    init_rate_limits(app, settings, caller_or_none)  # before the app-key guard, so refused writes still count
    app.before_request(reject_app_key_writes)
    _connect_features(app)
    _register_blueprints(app)

    from server.cli import register_commands
    register_commands(app)
    if settings.score_interval_seconds and settings.env != "test":
        from server.ratings.scoring import start_background_scoring
        start_background_scoring(app)
    return app


def _init_cors(app: Flask, settings: Settings) -> None:
    # Only the origins the operator lists may call the API from a page; never with cookies.
    # The extension calls from its background worker and needs no CORS at all.
    if settings.cors_origins:
        CORS(app, resources={r"/api/*": {"origins": list(settings.cors_origins)},
                             r"/annotations/*": {"origins": list(settings.cors_origins)}},
             supports_credentials=False,
             expose_headers=["ETag", "Location", "X-Request-Id", "Link", "Allow", "Vary", "Content-Location",
                             "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
             allow_headers=["Authorization", "Content-Type", "If-Match", "Prefer"])


def _connect_features(app: Flask) -> None:
    """Plug each feature into the hooks of a feature it builds on. The lower feature offers the hook and
    never imports the higher one (ARCHITECTURE.md: no two features import each other)."""
    from server.apikeys.services import init_app as init_app_keys
    init_app_keys(app)  # accounts.auth tells app keys from user tokens and finds them through apikeys
    # The write hooks of annotations (server/annotations/events.py): triage, then the rows every write
    # adds in its transaction (the change log, the quote index, a hold's audit row).
    from server.feeds.changelog import init_app as init_change_log
    from server.fingerprints.hooks import init_app as init_fingerprints
    from server.moderation.triage import init_app as init_triage
    init_triage(app)
    init_change_log(app)
    init_fingerprints(app)  # also: POST /api/anchor finds copied notes through the quote index


def _register_blueprints(app: Flask) -> None:
    from server.accounts.views import bp as accounts_bp
    from server.annotations.views import bp as annotations_bp
    from server.apidocs.views import bp as apidocs_bp
    from server.apikeys.views import bp as apikeys_bp
    from server.demo.views import bp as demo_bp
    from server.feeds.views import bp as feeds_bp
    from server.fingerprints.views import bp as fingerprints_bp
    from server.health import bp as health_bp
    from server.moderation.ui import bp as moderation_ui_bp
    from server.moderation.views import bp as moderation_bp
    from server.protocol.views import bp as protocol_bp
    from server.ratings.views import bp as ratings_bp
    for bp in (health_bp, accounts_bp, annotations_bp, ratings_bp, moderation_bp, moderation_ui_bp, demo_bp,
               protocol_bp, apidocs_bp, apikeys_bp, feeds_bp, fingerprints_bp):
        app.register_blueprint(bp)
