"""seed-demo: the demo author and notes, created through the same services real users go through."""
from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from server.accounts import services as accounts
from server.annotations import services as annotations
from server.annotations.visibility import Viewer
from server.db import utcnow
from server.demo import article
from server.documents.urls import normalize_url
from server.ratings import services as ratings
from server.ratings.scoring import run_scoring, settings_windows

CONTEXT_CHARS = 32


def quote_selector(text: str, exact: str) -> dict:
    """TextQuoteSelector fields for the first occurrence of `exact` in the page text."""
    start = text.index(exact)
    end = start + len(exact)
    return {"quote_exact": exact, "quote_prefix": text[max(0, start - CONTEXT_CHARS):start],
            "quote_suffix": text[end:end + CONTEXT_CHARS]}


def _user(username: str, password: str, made: list[str]):
    user = accounts.find_user(username)
    if user is None:
        user = accounts.register_user(username, f"{username}@localhost", password)
        made.append(username)
    return user


def seed(base_url: str) -> Iterator[str]:
    settings = current_app.config["GLOSS"]
    if settings.env == "production":
        raise RuntimeError("seed-demo creates users with a published password; not in production")
    made: list[str] = []
    author = _user(article.DEMO_AUTHOR, article.DEMO_PASSWORD, made)
    if made:
        yield f"created user {author.username} (password: {article.DEMO_PASSWORD})"
    url = normalize_url(f"{base_url}/demo/article")
    text = article.page_text()
    notes = [(author, n["exact"], n["text"], n["tags"], n["motivation"], {"a": "helpful", "b": "helpful"},
              n.get("verdict")) for n in article.DEMO_NOTES]
    notes += [(_user(writer, article.DEMO_PASSWORD, made), exact, body, [], "commenting", camps, None)
              for exact, body, writer, camps in article.DEMO_COMMUNITY_NOTES]
    created = 0
    for writer, exact, body, tags, motivation, camps, verdict in notes:
        note = _note(writer, url, text, exact, body, tags, motivation, verdict)
        created += note[1]
        for camp, readers in article.DEMO_CAMPS.items():
            for name in readers:
                reader = _user(name, article.DEMO_PASSWORD, made)
                # Once rated, a note may have become not_helpful, which only moderators can see (or rate) now.
                if ratings.my_rating(reader, note[0].id) is None:
                    ratings.rate(reader, note[0].id, camps[camp], [])
        if note[1]:
            yield f"noted {exact!r}"
    if len(made) > 1:
        yield f"created {len(made) - 1} demo writers and readers (password: {article.DEMO_PASSWORD})"
    # Score twice, the second time as if the configured hold had passed, so the statuses show now.
    hold, lock = settings_windows(settings)
    now = utcnow()
    run_scoring(hold, lock, now=now)
    report = run_scoring(hold, lock, now=now + hold)
    yield from report.lines()[:1]
    yield f"demo article: {url}"


def _note(writer, url: str, text: str, exact: str, body: str, tags: list[str], motivation: str,
          verdict: str | None):
    """The writer's note on this quote, created if it is not there yet. Returns (note, created)."""
    # Only the writer's own notes: no community status asked for.
    existing, _, _ = annotations.list_for_page(url, 200, None, Viewer(writer.id, statuses=()))
    for note in existing:
        if note.quote_exact == exact and note.author_name == writer.username:
            return annotations.get_annotation(note.id), False
    return annotations.create_annotation(writer, {
        "target_source": url, "document_title": article.TITLE, "motivation": motivation,
        "body_text": body, "tags": tags, "verdict": verdict, **quote_selector(text, exact)}), True
