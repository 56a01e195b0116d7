"""The demo `make run` shows: an article of our own at /demo/article with notes, the headline's first."""
from __future__ import annotations

import re
from html import unescape

from server.demo import article


def seed(app, base="http://localhost"):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", base])
    assert result.exit_code == 0, result.output
    return result.output


def visible_text(html: str) -> str:
    body = re.sub(r"(?s)<(style|script)\b.*?</\1>", "", html)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body)))


def test_demo_article_page_has_headline_canonical_link_and_body(client):
    response = client.get("/demo/article")
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert f"<h1>{article.TITLE}</h1>" in html
    assert '<link rel="canonical" href="http://localhost/demo/article">' in html
    assert "delivered to Ukraine" in visible_text(html)


def test_every_seeded_quote_appears_word_for_word_on_the_page(client):
    text = visible_text(client.get("/demo/article").get_data(as_text=True))
    for exact in [n["exact"] for n in article.DEMO_NOTES] + [n[0] for n in article.DEMO_COMMUNITY_NOTES]:
        assert exact in text, exact


def test_seed_makes_the_headline_note_helpful_so_a_fresh_reader_sees_it(app, client):
    output = seed(app)
    assert "created user demo" in output
    assert "5 helpful, 4 needs_more_ratings, 4 not_helpful" in output
    page = client.get("/api/annotations", query_string={"url": "http://localhost/demo/article"}).get_json()
    quotes = [n["target"]["selector"][0]["exact"] for n in page["items"]]
    assert quotes[0] == article.TITLE
    assert set(n["exact"] for n in article.DEMO_NOTES) <= set(quotes)
    assert all(n["gloss"]["status"] == "helpful" for n in page["items"])
    headline = page["items"][0]
    assert "delivered to Ukraine" in headline["body"][0]["value"]
    assert headline["target"]["selector"][0]["suffix"].startswith("\n" + article.STANDFIRST[:20])


def test_seeding_twice_duplicates_nothing(app, client):
    seed(app)
    output = seed(app)
    assert "noted" not in output and "created user" not in output
    everything = {"url": "http://localhost/demo/article", "status": "helpful,needs_more_ratings"}
    page = client.get("/api/annotations", query_string=everything).get_json()
    assert page["total"] == len(article.DEMO_NOTES) + len(article.DEMO_COMMUNITY_NOTES) - 4  # 4 not helpful


def test_demo_author_can_sign_in_with_the_published_password(app, client):
    seed(app)
    response = client.post("/api/tokens", json={"username": article.DEMO_AUTHOR, "password": article.DEMO_PASSWORD})
    assert response.status_code == 201


def test_seed_demo_refuses_to_run_in_production(database_url):
    from server import create_app
    app = create_app({"GLOSS_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": database_url,
                      "PUBLIC_BASE_URL": "https://gloss.example.org", "ARGON2_TIME_COST": "1",
                      "ARGON2_MEMORY_KIB": "1024"})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0


def test_demo_article_advertises_the_annotation_container_for_discovery(client):
    response = client.get("/demo/article")
    # W3C Web Annotation Protocol 4.1: a Link header with the annotationService relation.
    assert response.headers["Link"] == '<http://localhost/annotations/>; rel="http://www.w3.org/ns/oa#annotationService"'
    container = client.get("/annotations/", headers={"Accept": "application/ld+json"})
    assert container.status_code == 200
    assert "http://www.w3.org/ns/ldp#BasicContainer" in container.headers["Link"]
