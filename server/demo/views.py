"""The demo article, served at /demo/article so `make run` shows notes on a real page."""
from __future__ import annotations

from flask import Blueprint, make_response, render_template
from markupsafe import Markup

from server.demo import article
from server.web import absolute_url

bp = Blueprint("demo", __name__, url_prefix="/demo")


ANNOTATION_SERVICE = "http://www.w3.org/ns/oa#annotationService"


@bp.get("/article")
def demo_article():
    response = make_response(render_template(
        "demo/article.html", article=article, canonical=absolute_url("/demo/article"),
        # The paragraphs come from our own module (trusted markup), never from users.
        paragraphs=[Markup(p) for p in article.PARAGRAPHS]))
    # W3C Web Annotation Protocol 4.1 (discovery): where clients find and post notes about this page.
    response.headers["Link"] = f'<{absolute_url("/annotations/")}>; rel="{ANNOTATION_SERVICE}"'
    return response
