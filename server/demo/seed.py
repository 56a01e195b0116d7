"""seed-demo: the demo author and notes, created through the same services real users go through."""
from __future__ import annotations

from collections.abc import Iterator

from flask import current_app

from server.accounts import services as accounts
from server.annotations import services as annotations
from server.demo import article
from server.documents.urls import normalize_url

CONTEXT_CHARS = 32


def quote_selector(text: str, exact: str) -> dict:
    """TextQuoteSelector fields for the first occurrence of `exact` in the page text."""
    start = text.index(exact)
    end = start + len(exact)
    return {"quote_exact": exact, "quote_prefix": text[max(0, start - CONTEXT_CHARS):start],
            "quote_suffix": text[end:end + CONTEXT_CHARS]}


def seed(base_url: str) -> Iterator[str]:
    if current_app.config["GLOSS"].env == "production":
        raise RuntimeError("seed-demo creates a user with a published password; not in production")
    author = accounts.find_user(article.DEMO_AUTHOR)
    if author is None:
        author = accounts.register_user(article.DEMO_AUTHOR, f"{article.DEMO_AUTHOR}@localhost",
                                        article.DEMO_PASSWORD)
        yield f"created user {author.username} (password: {article.DEMO_PASSWORD})"
    url = normalize_url(f"{base_url}/demo/article")
    existing, _, _ = annotations.list_for_page(url, 200, None)
    have = {a.quote_exact for a in existing if a.author_name == author.username}
    text = article.page_text()
    for note in article.DEMO_NOTES:
        if note["exact"] in have:
            continue
        annotations.create_annotation(author, {
            "target_source": url, "document_title": article.TITLE, "motivation": note["motivation"],
            "body_text": note["text"], "tags": note["tags"], **quote_selector(text, note["exact"])})
        yield f"noted {note['exact']!r}"
    yield f"demo article: {url}"
