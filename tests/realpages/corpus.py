"""The real-page corpus: 30 articles in ten languages, each served in every version of model.VERSIONS,
plus section fronts that only link to articles and partners' copies that republish one.

The development / held-back split was fixed when the texts were written (Article.held, FRONTS,
COPIES below), before the harness ever ran: thresholds are tuned on "dev" and checked on "held".
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from functools import cache

from tests.realpages import model, render
from tests.realpages.texts import ar, cs, de, en, es, fr, he, ja, pt, zh

LANGUAGES = (en, fr, de, cs, pt, es, zh, ja, ar, he)
UI = {module.ARTICLES[0].lang: module.UI for module in LANGUAGES}
ARTICLES: list[model.Article] = [article for module in LANGUAGES for article in module.ARTICLES]

# Section fronts (one per language) and the held-back ones among them.
HELD_FRONTS = {"de", "zh", "he"}
# Articles a partner republishes in full, at another site's URL.
COPIED = {"tram-airport": False, "sequia-embalses": False, "chunchai-jiage": True}  # slug -> held


def set_of(held: bool) -> str:
    return "held" if held else "dev"


@dataclass(frozen=True)
class Front:
    lang: str
    path: str
    articles: tuple[model.Article, ...]
    held: bool


@dataclass(frozen=True)
class Copy:
    article: model.Article
    path: str
    held: bool


FRONTS = [Front(lang, f"/{lang}/index.html", tuple(a for a in ARTICLES if a.lang == lang), lang in HELD_FRONTS)
          for lang in UI]
COPIES = [Copy(a, f"/partner/{a.lang}/{a.slug}.html", COPIED[a.slug]) for a in ARTICLES if a.slug in COPIED]


def article(slug: str) -> model.Article:
    return next(a for a in ARTICLES if a.slug == slug)


@cache
def state(slug: str, version: str) -> model.State:
    art = article(slug)
    return model.version_state(art, version, UI[art.lang])


def version_html(slug: str, version: str) -> str:
    return render.article_page(state(slug, version), UI[article(slug).lang], ARTICLES)


def truths(slug: str, version: str) -> dict[str, model.Truth]:
    return model.truth_for(state(slug, version))


def front_html(front: Front) -> str:
    return render.section_front(front.lang, UI[front.lang], list(front.articles), ARTICLES)


def copy_html(copy: Copy, original_url: str) -> str:
    return render.partner_copy(state(copy.article.slug, "original"), UI[copy.article.lang], original_url)


# --- checks of the corpus itself (tests/realpages/test_corpus.py runs them) ------------------------------
def visible_text(page: str) -> str:
    """Rough text of a page's body without hidden copies: enough to count where words repeat."""
    body = page.split("<body>", 1)[1]
    body = re.sub(r"<(title|style|script)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<(\w+)[^>]*(hidden|display:none|visibility:hidden|aria-hidden="true")[^>]*>.*?</\1>', " ",
                  body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def problems(art: model.Article) -> list[str]:
    """What would make the article unfit for the corpus (an empty list when it is fit)."""
    found = []
    try:
        sources = model.note_sources(art)
    except ValueError as error:
        return [str(error)]
    words = {kind: w for kind, (_, w, _) in model.original_words(art).items()}
    page = visible_text(version_html(art.slug, "original"))
    if not art.paras[art.para_with("markup")].startswith("{{"):
        found.append("the markup quote must open its paragraph")
    if not re.search(r"\}\}\{n:", art.paras[art.para_with("markup")]):
        found.append("a near typo must follow the markup quote")
    if not re.search(r"\{n:[^}]*\}[^(]{0,40}\(\(|\)\)[^{]{0,40}\{n:", art.paras[art.para_with("short")]):
        found.append("a near typo must stand next to the short quote")
    if "{t:" not in art.paras[art.para_with("sentence")]:
        found.append("the sentence quote needs a typo to fix")
    if page.count(words["short"]) < 2:
        found.append(f"the short quote {words['short']!r} must stand elsewhere on the page too")
    if words["short"] not in model.plain(model.strip_markers(art.extra)):
        found.append("the inserted paragraph must repeat the short quote")
    for kind in ("sentence", "markup", "item"):
        if page.count(words[kind]) != 1:
            found.append(f"the {kind} quote must stand once on the page, found {page.count(words[kind])}")
    if page.count(words["headline"]) < 3:
        found.append("the headline must be repeated (breadcrumbs, share bar)")
    first = model.resolve_typos(art.headline, set())
    if difflib.SequenceMatcher(None, first, art.corrected).ratio() > 0.75:
        found.append("the corrected headline must say something else")
    if len(sources) != len(model.NOTE_KINDS):
        found.append("every note kind needs a source")
    return found
