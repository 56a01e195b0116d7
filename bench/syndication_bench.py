"""Cost and size of syndication (issue 8) with a million notes: /api/anchor with and without the
cross-document lookup, /api/lookup answers, the published filter and its false hits.

What it measures
    A fresh SQLite database (migrated with server.migrate) is filled with NOTES notes, one per
    document (so also NOTES documents and URLs), by 100 users. One note in HELPFUL_EVERY (10%) is
    rated helpful, the rest still need ratings (an assumption: on Community Notes, which Gloss's
    rating follows, well under a tenth of notes ever reach helpful). Quotes are 5-30 random words of the
    vocabulary of the news corpus of tests/anchoring (bench/anchor_pages.py; its template
    sentences repeat too much to give a million distinct quotes), with their real fingerprints
    (server.fingerprints.shingles.quote_fingerprint) and window keys; quotes under 8 words have none.
    The app then runs in this process (Flask test client: no HTTP, the same view code) and:

    1. POST /api/anchor, a 100 KB page, cross-document lookup off (the setting
       cross_document_anchoring, switched in the same app) and on, alternately, REQUESTS each:
       (a) "plain": a page on a known document (its own note anchors) whose other text (random
           sentences of the same vocabulary) shares no 8 words with any other note; (b) "copy": the
           same page with 5 other documents' quotes in it.
       p50/p95 of each and the p95 difference (target: <= 20 ms). Also the first request's time
       (it starts the worker's background load of the window keys and checks the page against
       the database meanwhile) and how long that load takes.
    2. GET /api/lookup for 500 random prefixes: answer bytes (max, mean; target <= 64 KB).
    3. GET /api/fingerprints (helpful notes only): body bytes, raw filter bytes (target <= 2 MiB),
       m, k, build time.
    4. The published filter's false hits on un-annotated pages of 20 KB and 100 KB (random
       sentences of corpus words, so no 8 words match a note): the share of pages with at least
       one hit (a hit makes the extension send the page text), and per-shingle false-hit rate;
       for the published filter (10% helpful), for filters of 10k and 100k fingerprints, and for
       the worst case of every note helpful (the same sizing over all NOTES fingerprints).

How to run (from the repository root)
    .venv/bin/python bench/syndication_bench.py                 # 1,000,000 notes (~10 min)
    .venv/bin/python bench/syndication_bench.py --notes 100000  # quicker

Prints figures and PASS/FAIL against the targets; exit status 0 whether they pass or fail.
Load on the machine (other processes) shows directly in the anchor latencies: run it on a quiet one.
"""
from __future__ import annotations

import argparse
import base64
import dataclasses
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(REPO_ROOT / "bench"))

import numpy as np  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402

from anchor_pages import build_original  # noqa: E402
from server import create_app, migrate  # noqa: E402
from server.accounts.models import User  # noqa: E402
from server.annotations.models import Annotation  # noqa: E402
from server.db import db, make_engine, new_id  # noqa: E402
from server.documents.models import Document, DocumentUrl  # noqa: E402
from server.documents.urls import key_hashes  # noqa: E402
from server.fingerprints import bloom  # noqa: E402
from server.fingerprints.models import QuoteFingerprint  # noqa: E402
from server.fingerprints.services import PUBLISHED_BITS_PER_NOTE, PUBLISHED_MAX_BITS  # noqa: E402
from server.fingerprints.shingles import hex_to_signed, page_hash_values  # noqa: E402
from server.fingerprints.window_keys import quote_entry  # noqa: E402

BATCH = 20_000
USERS = 100
HELPFUL_EVERY = 10  # one note in 10 rated helpful (the samples below are among them)
REQUESTS = 40
START = datetime(2026, 1, 1, tzinfo=UTC)


def corpus_sentences(chars: int) -> list[str]:
    text, sentences, _ = build_original(chars, seed=11)
    return [text[s.start:s.end] for s in sentences]


def quote_of(words: list[str], rng: random.Random) -> str:
    """5 to 30 words of the corpus's vocabulary (some too short to travel, as in real notes)."""
    return " ".join(rng.choice(words) for _ in range(rng.randint(5, 30)))


def fill(url: str, notes: int, words: list[str]) -> list[tuple[str, str]]:
    """NOTES notes on NOTES documents; returns (document URL, quote) of a sample of them."""
    engine = make_engine(url)

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    rng = random.Random(5)
    users = [{"id": new_id(), "username": f"user{i}", "email": f"user{i}@example.org", "password_hash": "x",
              "role": "contributor", "created": START, "suspended": False} for i in range(USERS)]
    sample: list[tuple[str, str, str, str]] = []
    started, fingerprinted = time.perf_counter(), 0
    with engine.begin() as conn:
        conn.execute(insert(User), users)
    for batch_start in range(0, notes, BATCH):
        documents, urls, rows, prints = [], [], [], []
        for i in range(batch_start, min(notes, batch_start + BATCH)):
            key = f"https://site{i % 997}.example.com/2026/{i % 12 + 1:02d}/story-{i}"
            url_hash, http_hash = key_hashes(key)
            document_id, note_id = new_id(), new_id()
            created = START + timedelta(seconds=i)
            quote = quote_of(words, rng)
            # The words around the quote on its page: a copy carries them along (the copy rule,
            # server/fingerprints/copies.py, wants that or a second passage of the same article).
            prefix = " ".join(rng.choices(words, k=4)) + ". "
            suffix = " " + " ".join(rng.choices(words, k=4)) + "."
            documents.append({"id": document_id, "canonical_url": key, "views": 0, "created": created})
            urls.append({"id": new_id(), "document_id": document_id, "url_key": key, "url_hash": url_hash,
                         "http_url_hash": http_hash, "created": created})
            rows.append({"id": note_id, "document_id": document_id, "author_id": users[i % USERS]["id"],
                         "target_source": key, "motivation": "commenting", "body_text": "A note.",
                         "quote_exact": quote, "quote_prefix": prefix, "quote_suffix": suffix, "created": created,
                         "modified": created, "version": 1, "tag_list": [],
                         "status": "helpful" if i % HELPFUL_EVERY == 7 else "needs_more_ratings",
                         "moderation_state": "visible"})
            entry = quote_entry(quote, prefix, suffix)
            fingerprint = entry[0] if entry else None
            if entry is not None:
                prints.append({"annotation_id": note_id, "fingerprint": hex_to_signed(entry[0]),
                               "window_key": entry[1], "added": created})
                fingerprinted += 1
            if len(sample) < 6 and fingerprint is not None and i % 1000 == 7:
                sample.append((key, quote, prefix, suffix))
        with engine.begin() as conn:
            conn.execute(insert(Document), documents)
            conn.execute(insert(DocumentUrl), urls)
            conn.execute(insert(Annotation), rows)
            conn.execute(insert(QuoteFingerprint), prints)
        print(f"  {batch_start + len(rows):>9,} notes  ({time.perf_counter() - started:.0f} s)", flush=True)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    print(f"  {fingerprinted:,} of {notes:,} quotes have a fingerprint (8+ whole words)")
    return sample


def random_page(words: list[str], chars: int, rng: random.Random) -> str:
    """Sentences of random corpus words: news vocabulary, but no 8 words in a row from any note."""
    parts, length = [], 0
    while length < chars:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 25))).capitalize() + "."
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:chars]


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed_anchor(client, url: str, text: str) -> tuple[float, dict]:
    body = json.dumps({"url": url, "text": text, "status": ["helpful"]})
    started = time.perf_counter()
    response = client.post("/api/anchor", data=body, content_type="application/json")
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.get_json()
    return elapsed, response.get_json()


def measure_anchor(app, sample, words) -> None:
    rng = random.Random(9)
    client = app.test_client()
    own_url, own_quote = sample[0][:2]
    page = random_page(words, 100_000 - len(own_quote) - 2, rng)
    plain = own_quote + "\n" + page
    paragraphs = page.split(". ")
    copied = [prefix + quote + suffix for _, quote, prefix, suffix in sample[1:6]]
    for i, quote in enumerate(copied):
        paragraphs.insert((i + 1) * len(paragraphs) // 7, quote)
    copy = own_quote + "\n" + ". ".join(paragraphs)
    on = app.config["GLOSS"]
    off = dataclasses.replace(on, cross_document_anchoring=False)
    first, _ = timed_anchor(client, own_url, plain)
    started = time.perf_counter()
    with app.app_context():
        from server.fingerprints.services import _cache
        cache = _cache()
    cache.loader.join()
    waited = (time.perf_counter() - started) * 1000
    print(f"\nPOST /api/anchor, 100 KB pages ({len(plain):,} and {len(copy):,} code points), "
          f"{REQUESTS} requests each, alternating")
    print(f"  first request (starts the background load of {len(cache.main):,} window keys; checks the page "
          f"against the database meanwhile): {first:.0f} ms; the load took {cache.load_seconds * 1000:.0f} ms "
          f"(finished {waited:.0f} ms after that request)")
    for label, text in (("plain", plain), ("copy", copy)):
        times = {"off": [], "on": []}
        found = {}
        for _ in range(REQUESTS):
            for mode, settings in (("off", off), ("on", on)):
                app.config["GLOSS"] = settings
                elapsed, result = timed_anchor(client, own_url, text)
                times[mode].append(elapsed)
                found[mode] = result
        app.config["GLOSS"] = on
        via = sum(1 for n in found["on"]["items"] if "via" in n["gloss"]["anchor"])
        p95_off, p95_on = percentile(times["off"], 0.95), percentile(times["on"], 0.95)
        print(f"  {label:5}  lookup off: p50 {statistics.median(times['off']):6.1f} ms  p95 {p95_off:6.1f} ms"
              f"   on: p50 {statistics.median(times['on']):6.1f} ms  p95 {p95_on:6.1f} ms"
              f"   added p95 {p95_on - p95_off:+5.1f} ms "
              f"(p50 {statistics.median(times['on']) - statistics.median(times['off']):+5.1f})"
              f"   notes {len(found['off']['items'])} -> {len(found['on']['items'])} ({via} via)"
              f"   {verdict(p95_on - p95_off <= 20)}")
    with app.app_context():
        from server.fingerprints.services import page_candidates
        spent = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            page_candidates(copy)
            spent.append((time.perf_counter() - started) * 1000)
        print("  of which finding the page's noted shingles (words, window keys, probe, SHA-256 of the few): "
              f"p50 {statistics.median(spent):.1f} ms, "
              f"p95 {percentile(spent, 0.95):.1f} ms")


def measure_lookup(app) -> None:
    client, rng = app.test_client(), random.Random(3)
    sizes, counts, times = [], [], []
    for _ in range(500):
        prefix = f"{rng.getrandbits(16):04x}"
        started = time.perf_counter()
        response = client.get(f"/api/lookup?prefix={prefix}")
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(len(response.data))
        counts.append(len(response.get_json()["hashes"]))
    print(f"\nGET /api/lookup, 500 random prefixes: answer {statistics.mean(sizes):,.0f} bytes mean, "
          f"{max(sizes):,} max (target <= 65,536: {verdict(max(sizes) <= 65_536)}); "
          f"hashes {statistics.mean(counts):.1f} mean, {max(counts)} max; "
          f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms")


def measure_filter(app) -> tuple[np.ndarray, int, int, np.ndarray]:
    client = app.test_client()
    started = time.perf_counter()
    response = client.get("/api/fingerprints")
    built = time.perf_counter() - started
    body = response.get_json()
    raw = base64.b64decode(body["filter"])
    started = time.perf_counter()
    again = client.get("/api/fingerprints", headers={"If-None-Match": response.headers["ETag"]})
    revalidated = (time.perf_counter() - started) * 1000
    print(f"\nGET /api/fingerprints: {body['count']:,} distinct fingerprints, m = {body['bits']:,} bits, "
          f"k = {body['hashes']}; filter {len(raw):,} bytes (target <= 2,097,152: {verdict(len(raw) <= 2_097_152)}), "
          f"JSON body {len(response.data):,} "
          f"bytes; built in {built:.1f} s; If-None-Match -> {again.status_code} in {revalidated:.1f} ms")
    with app.app_context():
        from server.fingerprints.services import _PUBLIC_FINGERPRINTS, ANONYMOUS_HELPFUL, _load
        members = np.unique(_load(_PUBLIC_FINGERPRINTS, ANONYMOUS_HELPFUL))
        everyone = np.unique(_load(select(QuoteFingerprint.fingerprint)))
    return np.frombuffer(raw, dtype=np.uint8), body["bits"], body["hashes"], members, everyone


def measure_false_hits(packed, bits, hashes, members, everyone, words, pages: int) -> None:
    rng = random.Random(21)
    print(f"\nFalse hits of the published filter on un-annotated pages ({pages} pages per size)")
    filters = [(f"published (1 in {HELPFUL_EVERY} helpful)", packed, bits, hashes, members)]
    for n in (10_000, 100_000):
        subset = everyone[:n]
        m, k = bloom.size_for(len(subset), PUBLISHED_BITS_PER_NOTE, PUBLISHED_MAX_BITS)
        if n < len(everyone):
            filters.append((f"{n:,} fingerprints", bloom.build_packed(subset, m, k), m, k, subset))
    m, k = bloom.size_for(len(everyone), PUBLISHED_BITS_PER_NOTE, PUBLISHED_MAX_BITS)
    filters.append(("worst case: every note helpful", bloom.build_packed(everyone, m, k), m, k, everyone))
    texts = {size: [random_page(words, size, rng) for _ in range(pages)] for size in (20_000, 100_000)}
    hashed = {size: [page_hash_values(t) for t in texts[size]] for size in texts}
    for label, data, m, k, exact in filters:
        for size in (20_000, 100_000):
            hit_pages, false, probes, true = 0, 0, 0, 0
            for values in hashed[size]:
                found = bloom.contains_packed(data, m, k, values)
                real = np.isin(values, exact)
                true += int(real.sum())
                false += int((found & ~real).sum())
                probes += len(values)
                hit_pages += bool(found.any())
            print(f"  {label:>32} (m={m:,}, k={k}, {len(exact):,} fingerprints), {size // 1000:>3} KB pages "
                  f"(~{probes // pages:,} shingles): {hit_pages / pages:6.1%} of pages hit; per-shingle false-hit "
                  f"rate {false / probes:.2e}; true matches {true}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=100, help="un-annotated pages per size for false hits")
    parser.add_argument("--requests", type=int, default=40, help="anchor requests per page and mode")
    args = parser.parse_args()
    global REQUESTS
    REQUESTS = args.requests
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'syndication.db'}"
        migrate.upgrade(url)
        print(f"Corpus and {args.notes:,} notes into {url}")
        words = sorted({w for s in corpus_sentences(1_000_000) for w in s.split() if w.isalpha()})
        sample = fill(url, args.notes, words)
        app = create_app({"GLOSS_ENV": "production", "SECRET_KEY": "b" * 64, "DATABASE_URL": url,
                          "PUBLIC_BASE_URL": "https://gloss.example",
                          # one client makes every request here: not what the read limit is for
                          "GLOSS_RATE_ANON_READS": "1000000/minute"})
        measure_anchor(app, sample, words)
        measure_lookup(app)
        packed, bits, hashes, members, everyone = measure_filter(app)
        measure_false_hits(packed, bits, hashes, members, everyone, words, args.pages)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        print(f"\nDatabase file: {os.path.getsize(Path(tmp) / 'syndication.db') / 2**20:,.0f} MiB")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
