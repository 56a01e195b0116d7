"""Settings come from the environment and bad values stop the app before it serves."""
from __future__ import annotations

import pytest

from server import create_app
from server.config import ConfigError, load_settings

BASE = {"GLOSS_ENV": "test", "DATABASE_URL": "sqlite:///:memory:"}


def test_defaults_match_the_documented_limits():
    limits = load_settings(BASE).limits
    assert (limits.max_body_bytes, limits.max_quote_chars, limits.max_note_chars) == (1_000_000, 2_000, 5_000)
    assert (limits.max_tags, limits.max_tag_chars, limits.page_default, limits.page_max) == (20, 50, 50, 200)


def test_limits_can_be_set_from_the_environment():
    assert load_settings({**BASE, "GLOSS_MAX_NOTE_CHARS": "300"}).limits.max_note_chars == 300


def test_development_defaults_to_sqlite_under_instance():
    settings = load_settings({"GLOSS_ENV": "development"})
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("instance/gloss.db")


def test_postgres_urls_use_psycopg3():
    url = load_settings({**BASE, "DATABASE_URL": "postgresql://u@127.0.0.1:5432/db"}).database_url
    assert url == "postgresql+psycopg://u@127.0.0.1:5432/db"
    assert load_settings({**BASE, "DATABASE_URL": "postgres://u@h/db"}).database_url.startswith("postgresql+psycopg://")


@pytest.mark.parametrize("env, names", [
    ({"GLOSS_ENV": "staging"}, "GLOSS_ENV"),
    ({"GLOSS_ENV": "production", "DATABASE_URL": "sqlite:///x.db"}, "SECRET_KEY"),
    ({"GLOSS_ENV": "production", "SECRET_KEY": "x" * 40}, "DATABASE_URL"),
    ({"GLOSS_ENV": "production", "SECRET_KEY": "short", "DATABASE_URL": "sqlite:///x.db"}, "SECRET_KEY"),
    ({**BASE, "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
    ({**BASE, "GLOSS_MAX_BODY_BYTES": "lots"}, "GLOSS_MAX_BODY_BYTES"),
    ({**BASE, "GLOSS_PAGE_MAX": "0"}, "GLOSS_PAGE_MAX"),
    ({**BASE, "GLOSS_PAGE_DEFAULT": "500"}, "GLOSS_PAGE_DEFAULT"),
    ({**BASE, "PUBLIC_BASE_URL": "gloss.example.org"}, "PUBLIC_BASE_URL"),
    ({**BASE, "CORS_ORIGINS": "gloss.example.org"}, "CORS_ORIGINS"),
    ({**BASE, "ARGON2_MEMORY_KIB": "4"}, "ARGON2_MEMORY_KIB"),
])
def test_invalid_settings_fail_fast_naming_the_variable(env, names):
    with pytest.raises(ConfigError, match=names):
        load_settings(env)


def test_create_app_refuses_invalid_settings():
    with pytest.raises(ConfigError):
        create_app({"GLOSS_ENV": "production", "SECRET_KEY": "", "DATABASE_URL": ""})


def test_production_accepts_complete_settings():
    settings = load_settings({"GLOSS_ENV": "production", "SECRET_KEY": "k" * 64,
                              "DATABASE_URL": "postgresql://gloss@db/gloss", "PUBLIC_BASE_URL": "https://gloss.example.org/",
                              "CORS_ORIGINS": "https://a.example, https://b.example"})
    assert settings.public_base_url == "https://gloss.example.org"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
