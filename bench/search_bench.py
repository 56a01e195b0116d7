"""Full-text search (`GET /api/annotations?text=`) at scale: index cost on writes and query latency.

What it measures
    A fresh database migrated to head (SQLite file, or PostgreSQL with --database-url) gets --notes
    notes (default 100,000) written with Core INSERTs in batches of 1,000, so the index is maintained
    the way it is for every write (SQLite triggers, PostgreSQL's generated column); it prints insert
    throughput with the index. Then the search statement of reads.search_notes (first page of 50 plus
    `total`, as the API runs it) for a few queries: a rare word, a common word, a phrase, a prefix,
    and text combined with a user filter; median and p95 over --repeat runs each, and the match count.
    Target: a rare word's first page and total in <= 10 ms (PASS/FAIL); the others grow with the number
    of matches, since `total` counts them all.

How to run (from the repository root)
    .venv/bin/python bench/search_bench.py                        # SQLite, 100,000 notes
    .venv/bin/python bench/search_bench.py --notes 20000 --repeat 5
    .venv/bin/python bench/search_bench.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
      (creates and drops its own database on that server)
"""
from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's server package

from server import create_app, migrate  # noqa: E402
from server.accounts.models import User
from server.annotations import fulltext
from server.annotations.models import Annotation
from server.annotations.reads import search_notes
from server.annotations.visibility import Viewer
from server.config import normalize_database_url
from server.db import db, new_id
from server.documents.models import Document

WORDS = ("missiles border ukraine shipment minister election climate summit agreement tariff steel budget "
         "deficit vaccine trial study report claim source context headline quote figure percent rate").split()
RARE_WORD_TARGET_MS = 10
QUERIES = {"rare word": "zanzibar", "common word": "climate", "phrase": '"climate summit"', "prefix": "minist*",
           "text + user": "budget"}


def fill(notes: int) -> float:
    """Write `notes` notes by one user on one page; returns notes per second."""
    rng = random.Random(7)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with db.engine.begin() as conn:
        author_ids = [new_id() for _ in range(10)]
        conn.execute(User.__table__.insert(), [
            {"id": a, "username": f"user{i}", "email": f"u{i}@example.org", "password_hash": "x", "role": "contributor",
             "suspended": False, "created": now} for i, a in enumerate(author_ids)])
        document_id = new_id()
        conn.execute(Document.__table__.insert(), {"id": document_id, "canonical_url": "https://example.com/a",
                                                   "created": now})
    started = time.perf_counter()
    for batch in range(0, notes, 1000):
        rows = []
        for i in range(batch, min(batch + 1000, notes)):
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
            if i % 10_000 == 0:
                body += " zanzibar"
            moment = now + timedelta(seconds=i)
            rows.append({"id": new_id(), "document_id": document_id, "author_id": author_ids[i % 10],
                         "target_source": "https://example.com/a", "motivation": "commenting", "body_text": body,
                         "quote_exact": " ".join(rng.choice(WORDS) for _ in range(6)), "quote_prefix": "",
                         "quote_suffix": "", "created": moment, "modified": moment, "version": 1, "tag_list": [],
                         "status": "helpful", "moderation_state": "visible"})
        with db.engine.begin() as conn:
            conn.execute(Annotation.__table__.insert(), rows)
    return notes / (time.perf_counter() - started)


def time_query(text: str, repeat: int, user: str | None) -> tuple[float, float, int]:
    filters = {"text": fulltext.parse(text, 200, 10)}
    if user:
        filters["user"] = user
    times, total = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        _, total = search_notes(filters, "created", 51, None, Viewer.public())
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    admin, name = args.database_url.replace("postgresql+psycopg://", "postgresql://"), None
    if admin.startswith("postgres"):
        import psycopg
        name = f"gloss_search_bench_{secrets.token_hex(4)}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = normalize_database_url(admin.rsplit("/", 1)[0] + "/" + name)
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/search-bench.db"
    try:
        migrate.upgrade(url)
        app = create_app({"GLOSS_ENV": "test", "DATABASE_URL": url, "PUBLIC_BASE_URL": ""})
        with app.app_context():
            rate = fill(args.notes)
            print(f"{db.engine.dialect.name}: {args.notes:,} notes written with the index at {rate:,.0f} notes/s")
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as conn:
                    conn.exec_driver_sql("ANALYZE annotations")
            medians = {}
            for label, text in QUERIES.items():
                median, p95, total = time_query(text, args.repeat, "user3" if label == "text + user" else None)
                medians[label] = median
                print(f"  {label:12} {text!r:18} first page + total: median {median:7.1f} ms, p95 {p95:7.1f} ms,"
                      f" {total:,} matches")
            verdict = "PASS" if medians["rare word"] <= RARE_WORD_TARGET_MS else "FAIL"
            print(f"{verdict}: a rare word in {medians['rare word']:.1f} ms (target <= {RARE_WORD_TARGET_MS} ms)")
            db.engine.dispose()
    finally:
        if name:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
