"""The demo article, served at /demo/article so `make run` shows notes on a real page."""
from __future__ import annotations

from flask import Blueprint, render_template
from markupsafe import Markup

from server.demo import article
from server.web import absolute_url

bp = Blueprint("demo", __name__, url_prefix="/demo")


@bp.get("/article")
def demo_article():
    return render_template(
        "demo/article.html", article=article, canonical=absolute_url("/demo/article"),
        # The paragraphs come from our own module (trusted markup), never from users.
        paragraphs=[Markup(p) for p in article.PARAGRAPHS])
