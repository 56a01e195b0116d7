"""Settings from environment variables, checked once at start-up.

Every setting has one line here. A bad value stops the app at start-up with a message naming the
variable, rather than failing on the first request that needs it.
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path

from limits import parse_many

REPO_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = REPO_ROOT / "instance"
ENVIRONMENTS = ("development", "production", "test")
# The loopback names a development server is reached by; ALLOWED_HOSTS adds others.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


class ConfigError(RuntimeError):
    """A setting is missing or invalid; raised before the app serves anything."""


@dataclass(frozen=True)
class Limits:
    """Every input limit the API enforces, in one place (docs/operations.md "Limits" lists the same)."""

    max_body_bytes: int = 1_000_000
    max_quote_chars: int = 2_000
    max_note_chars: int = 5_000
    max_tags: int = 20
    max_tag_chars: int = 50
    max_context_chars: int = 256  # TextQuoteSelector prefix/suffix
    max_url_chars: int = 2_048
    max_title_chars: int = 500
    max_page_text_bytes: int = 5_000_000  # POST /api/anchor: the page text, UTF-8
    max_anchor_body_bytes: int = 16_000_000  # POST /api/anchor body (JSON escaping can triple the text)
    max_anchor_notes: int = 2_000  # notes anchored in one response
    max_anchor_ranges: int = 500_000  # POST /api/anchor: entries of `breaks`, and of `links`
    max_search_text_chars: int = 200  # GET /api/annotations?text=
    max_search_terms: int = 10  # words and "phrases" in one text= query
    page_default: int = 50
    page_max: int = 200
    max_app_keys: int = 20  # live (unrevoked) app keys per user


# Every rate limit in the `limits` notation ("60/minute", "10 per second;1000 per hour"), per caller:
# an app key, a user (token), or a client address when neither is sent. docs/api.md "API keys and rate limits".
RATE_DEFAULTS = {
    "anon_reads": "300/minute",
    "user_reads": "600/minute",
    "key_reads": "1200/minute",  # a third-party app serves many people: a higher read allowance
    "anon_writes": "30/minute",  # registration, sign-in, anything written without a token
    "user_writes": "60/minute",
    "signin": "10/minute",  # password sign-in (POST /api/tokens, the moderator UI login), per address
}
# The test suite makes thousands of requests from one address; its rate-limit tests set their own limits.
TEST_RATE = "1000000/minute"
RATE_STORAGE_SCHEMES = ("memory://", "redis://", "rediss://", "redis+unix://")


@dataclass(frozen=True)
class RateLimits:
    anon_reads: str = RATE_DEFAULTS["anon_reads"]
    user_reads: str = RATE_DEFAULTS["user_reads"]
    key_reads: str = RATE_DEFAULTS["key_reads"]
    anon_writes: str = RATE_DEFAULTS["anon_writes"]
    user_writes: str = RATE_DEFAULTS["user_writes"]
    signin: str = RATE_DEFAULTS["signin"]
    # Where counters live: memory:// counts per worker process; redis:// shares them between workers.
    storage_uri: str = "memory://"
    # Prepended to every counter's key, so several deployments (or test runs) can share one Redis.
    key_prefix: str = "gloss"


@dataclass(frozen=True)
class Settings:
    env: str
    database_url: str
    secret_key: str
    public_base_url: str | None
    cors_origins: tuple[str, ...]
    argon2_time_cost: int
    argon2_memory_kib: int
    limits: Limits = field(default_factory=Limits)
    sql_echo: bool = False
    # Community status: a newly computed status is shown once it has held this long...
    status_hold_minutes: int = 30
    # ...and a note's status no longer changes this many days after the note was written.
    status_lock_days: int = 14
    # Run the scorer in a background thread every this many seconds (0: off; use cron instead).
    score_interval_seconds: int = 0
    # Auto-triage: a note goes to `pending` with this many open flags from different readers...
    triage_flags: int = 3
    # ...or when its author's account is younger than this and the note carries a link.
    triage_new_account_hours: int = 24
    rate: RateLimits = field(default_factory=RateLimits)
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: trust none).
    trusted_proxies: int = 0
    # The change feed serves only changes at least this old, so a change whose sequence number was
    # taken before another's but committed after it is never skipped (docs/api.md "Change feed").
    changes_settle_seconds: int = 2
    # Syndication (issue 8): POST /api/anchor also returns notes from other documents whose quote is
    # on the page (off: only the page's own notes; the benchmark's baseline).
    cross_document_anchoring: bool = True
    # Each worker adds newly written quote fingerprints to its in-memory filter this often.
    fingerprint_refresh_seconds: int = 5
    # GET /api/fingerprints: a worker rebuilds the published filter at most this often (its max-age).
    fingerprint_filter_seconds: int = 300
    # Without PUBLIC_BASE_URL (development, test) ids are minted under the Host the client sent, so
    # only these hosts (any port) are served; every other Host is a 400 (server/hosts.py).
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    # A moderator UI sign-in lasts at most this long (checked on the server: a copied cookie dies too).
    ui_session_hours: int = 12

    def as_flask_config(self) -> dict:
        return {
            "GLOSS": self,
            "SECRET_KEY": self.secret_key,
            "MAX_CONTENT_LENGTH": self.limits.max_body_bytes,
            "TESTING": self.env == "test",
            "JSON_SORT_KEYS": False,
        }


def _int(env: dict, name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _limits(env: dict) -> Limits:
    values = {f.name: _int(env, f"GLOSS_{f.name.upper()}", f.default) for f in fields(Limits)}
    limits = Limits(**values)
    if limits.page_default > limits.page_max:
        raise ConfigError("GLOSS_PAGE_DEFAULT must not exceed GLOSS_PAGE_MAX")
    return limits


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the operator used."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if not (url.startswith("sqlite:") or url.startswith("postgresql+psycopg://")):
        raise ConfigError("DATABASE_URL must be a sqlite:/// or postgresql:// URL")
    return url


def _secret_key(env: dict, app_env: str) -> str:
    key = env.get("SECRET_KEY", "")
    if key:
        if len(key) < 32 and app_env == "production":
            raise ConfigError("SECRET_KEY must be at least 32 characters in production")
        return key
    if app_env == "production":
        raise ConfigError("SECRET_KEY is required when GLOSS_ENV=production")
    if app_env == "test":
        return secrets.token_hex(32)
    # Development: keep one key per checkout so sessions survive restarts and gunicorn workers agree.
    INSTANCE_DIR.mkdir(exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(env: dict, app_env: str) -> str:
    url = env.get("DATABASE_URL", "")
    if not url:
        if app_env == "production":
            raise ConfigError("DATABASE_URL is required when GLOSS_ENV=production")
        INSTANCE_DIR.mkdir(exist_ok=True)
        url = f"sqlite:///{INSTANCE_DIR / 'gloss.db'}"
    return normalize_database_url(url)


def _base_url(env: dict, app_env: str) -> str | None:
    base = env.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base and not base.startswith(("http://", "https://")):
        raise ConfigError("PUBLIC_BASE_URL must start with http:// or https://")
    if not base and app_env == "production":
        # Otherwise ids and Location headers would follow whatever Host header a client sends.
        raise ConfigError("PUBLIC_BASE_URL is required when GLOSS_ENV=production (e.g. https://gloss.example.org)")
    return base or None


_HOST_NAME = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?)$")


def _allowed_hosts(env: dict) -> tuple[str, ...]:
    extra = tuple(h.strip().lower() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip())
    for host in extra:
        if not _HOST_NAME.match(host):
            raise ConfigError(f"ALLOWED_HOSTS entries must be host names without scheme or port, got {host!r}")
    return LOCAL_HOSTS + tuple(h for h in extra if h not in LOCAL_HOSTS)


def _cors_origins(env: dict) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in env.get("CORS_ORIGINS", "").split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ConfigError(f"CORS_ORIGINS entries must be origins like https://example.org, got {origin!r}")
    return origins


def _rate_limit(env: dict, name: str, default: str) -> str:
    value = env.get(name, "").strip() or default
    try:
        items = parse_many(value)
        if not items or any(item.amount < 1 for item in items):
            raise ValueError(value)
    except ValueError:
        raise ConfigError(f"{name} must be a rate limit like '60/minute' or '10 per second;500 per hour', "
                          f"got {value!r}") from None
    return value


def _rate_limits(env: dict, app_env: str) -> RateLimits:
    values = {name: _rate_limit(env, f"GLOSS_RATE_{name.upper()}", TEST_RATE if app_env == "test" else default)
              for name, default in RATE_DEFAULTS.items()}
    storage_uri = env.get("RATELIMIT_STORAGE_URI", "").strip() or "memory://"
    if not storage_uri.startswith(RATE_STORAGE_SCHEMES):
        raise ConfigError(f"RATELIMIT_STORAGE_URI must start with one of {', '.join(RATE_STORAGE_SCHEMES)}, "
                          f"got {storage_uri!r}")
    key_prefix = env.get("GLOSS_RATE_KEY_PREFIX", "").strip() or "gloss"
    if not key_prefix.replace("-", "").replace("_", "").isalnum() or len(key_prefix) > 64:
        raise ConfigError("GLOSS_RATE_KEY_PREFIX must be up to 64 letters, digits, '-' or '_'")
    return RateLimits(**values, storage_uri=storage_uri, key_prefix=key_prefix)


def load_settings(env: dict | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    app_env = env.get("GLOSS_ENV", "development")
    if app_env not in ENVIRONMENTS:
        raise ConfigError(f"GLOSS_ENV must be one of {', '.join(ENVIRONMENTS)}, got {app_env!r}")
    return Settings(
        env=app_env,
        database_url=_database_url(env, app_env),
        secret_key=_secret_key(env, app_env),
        public_base_url=_base_url(env, app_env),
        cors_origins=_cors_origins(env),
        # RFC 9106 "low memory" profile by default; tests lower these to stay fast.
        argon2_time_cost=_int(env, "ARGON2_TIME_COST", 3),
        argon2_memory_kib=_int(env, "ARGON2_MEMORY_KIB", 65_536, minimum=8),
        limits=_limits(env),
        sql_echo=env.get("SQL_ECHO", "") == "1",
        status_hold_minutes=_int(env, "GLOSS_STATUS_HOLD_MINUTES", 30, minimum=0),
        status_lock_days=_int(env, "GLOSS_STATUS_LOCK_DAYS", 14),
        score_interval_seconds=_int(env, "GLOSS_SCORE_INTERVAL_SECONDS", 0, minimum=0),
        triage_flags=_int(env, "GLOSS_TRIAGE_FLAGS", 3),
        triage_new_account_hours=_int(env, "GLOSS_TRIAGE_NEW_ACCOUNT_HOURS", 24, minimum=0),
        rate=_rate_limits(env, app_env),
        trusted_proxies=_int(env, "GLOSS_TRUSTED_PROXIES", 0, minimum=0),
        changes_settle_seconds=_int(env, "GLOSS_CHANGES_SETTLE_SECONDS", 2, minimum=0),
        cross_document_anchoring=_flag(env, "GLOSS_CROSS_DOCUMENT_ANCHORING", True),
        fingerprint_refresh_seconds=_int(env, "GLOSS_FINGERPRINT_REFRESH_SECONDS", 5, minimum=0),
        fingerprint_filter_seconds=_int(env, "GLOSS_FINGERPRINT_FILTER_SECONDS", 300, minimum=0),
        allowed_hosts=_allowed_hosts(env),
        ui_session_hours=_int(env, "GLOSS_UI_SESSION_HOURS", 12),
    )


def _flag(env: dict, name: str, default: bool) -> bool:
    raw = env.get(name, "")
    if raw == "":
        return default
    if raw not in ("0", "1"):
        raise ConfigError(f"{name} must be 0 or 1, got {raw!r}")
    return raw == "1"
