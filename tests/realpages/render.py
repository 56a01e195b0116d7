"""HTML of an article version in one of three news-site layouts, and of the pages that only link to
articles (section fronts) or republish one (a partner's copy).

Every layout repeats the headline the way real sites do: breadcrumbs and a share bar (updated with
the article), and copies a reader cannot see or that a cache left stale — an aria-hidden "now
reading" bar, a display:none print header, [hidden] / visibility:hidden copies, a <title> inside the
body (HTML or SVG), a "most read" list linking to the article itself. When the newsroom fixes or
corrects the headline, the h1, breadcrumbs, share bar and <head> title change; the stale copies keep
the words as first published. Authored blocks carry data-block (the truth names it); nothing an edit
adds does.
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote

from tests.realpages.model import Article, Block, State, resolve_typos, strip_markers

LAYOUTS = ("broadsheet", "wire", "portal")
IMAGE = ("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='600' height='300'%3E"
         "%3Crect width='600' height='300' fill='%23bcc'/%3E%3C/svg%3E")
STYLE = """
  body { font: 17px/1.5 Georgia, serif; margin: 0; color: #222; }
  header, nav, footer, aside { font: 14px/1.4 Arial, sans-serif; }
  .sections a, .menu li, .topbar a { margin-right: 12px; }
  .now-reading { position: sticky; top: 0; background: #fff; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }
  .ad { border: 1px solid #ccc; padding: 8px; margin: 16px 0; font: 13px Arial, sans-serif; }
  .inline-related { border-left: 3px solid #900; padding-left: 8px; font: 14px Arial, sans-serif; }
  .live-banner { background: #fee; padding: 4px 8px; }
  figure { margin: 16px 0; } img { max-width: 100%; height: auto; }
  .layout { display: flex; gap: 24px; } .layout .main { flex: 3; } .layout .side { flex: 1; }
"""


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def rewrap_fragment(fragment: str) -> str:
    """Every text run of an inline fragment re-wrapped in <span>s of three words (four characters
    where the script has no spaces), as some sites' reading tools do; the words are unchanged."""
    def wrap(text: str) -> str:
        raw = html.unescape(text)
        if not raw.strip():
            return text
        if " " in raw.strip():
            lead = raw[:len(raw) - len(raw.lstrip())]
            words = re.findall(r"\S+\s*", raw)
            groups = ["".join(words[i:i + 3]) for i in range(0, len(words), 3)]
        else:
            lead, body = "", raw
            groups = [body[i:i + 4] for i in range(0, len(body), 4)]
        return esc(lead) + "".join(f'<span class="w">{esc(g)}</span>' for g in groups)
    parts = re.split(r"(<[^>]+>)", fragment)
    return "".join(part if part.startswith("<") else wrap(part) for part in parts)


def inline(state: State, fragment: str) -> str:
    out = strip_markers(resolve_typos(fragment, state.fixed))
    return rewrap_fragment(out) if state.rewrap else out


class Headlines:
    """The headline's words in each place a version shows them."""

    def __init__(self, state: State):
        art = state.article
        self.first = resolve_typos(art.headline, set())     # as first published: the stale copies
        if state.headline_corrected:
            self.now = art.corrected
        else:
            self.now = resolve_typos(art.headline, state.fixed)


def other_headlines(corpus: list[Article], article: Article, count: int) -> list[Article]:
    """Other articles for "related" lists: same language first, then the rest of the corpus."""
    same = [a for a in corpus if a.lang == article.lang and a.slug != article.slug]
    rest = [a for a in corpus if a.lang != article.lang]
    start = corpus.index(article)
    rest = rest[start % max(1, len(rest)):] + rest[:start % max(1, len(rest))]
    return (same + rest)[:count]


def link_list(articles: list[Article]) -> str:
    return "".join(f'<li><a href="{a.url_path}">{esc(resolve_typos(a.headline, set()))}</a></li>' for a in articles)


def body_blocks(state: State, ui: dict, corpus: list[Article]) -> str:
    out = []
    for block in state.blocks:
        out.append(render_block(state, block, ui, corpus))
        out.append("" if block.abut else "\n")
    return "".join(out)


def render_block(state: State, block: Block, ui: dict, corpus: list[Article]) -> str:
    if block.kind == "p":
        return f'<p data-block="{block.id}">{inline(state, block.source)}</p>'
    if block.kind == "list":
        items = "\n".join(f'  <li data-block="{bid}">{inline(state, item)}</li>' for bid, item in block.items)
        return f'<ul class="facts">\n{items}\n</ul>'
    if block.kind == "figure":
        return (f'<figure><img src="{IMAGE}" alt="" width="600" height="300">'
                f'<figcaption data-block="figure">{inline(state, block.source)} '
                f'<span class="credit">{esc(ui["photo"])}</span></figcaption></figure>')
    if block.kind == "inserted":
        return f'<p class="added">{inline(state, block.source)}</p>'
    if block.kind == "related":
        # No whitespace anywhere: the box's last word meets the next paragraph's first.
        others = other_headlines(corpus, state.article, 3)
        return (f'<aside class="inline-related"><strong>{esc(ui["related"])}</strong>'
                f'<ul>{link_list(others)}</ul></aside>')
    if block.kind == "ad":
        return (f'<div class="ad"><span class="ad-label">{esc(ui["advertisement"])}</span> '
                f'<a href="https://ads.example/click?id=77">{esc(block.source)}</a></div>')
    raise ValueError(block.kind)


def head(art: Article, ui: dict, title: str, canonical: str | None = None) -> str:
    direction = ' dir="rtl"' if ui.get("rtl") else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f'<!doctype html>\n<html lang="{art.lang}"{direction}><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width">\n<title>{esc(title)} | {esc(ui["site"])}</title>'
            f'{link}<style>{STYLE}</style></head>\n')


def banner(state: State, ui: dict) -> str:
    return f'<div class="live-banner"><strong>{esc(ui["updated"])}</strong> {esc(ui["banner"])}</div>\n' \
        if state.banner else ""


def h1(state: State, words: str) -> str:
    text = esc(words)
    return f'<h1 data-block="headline">{rewrap_fragment(text) if state.rewrap else text}</h1>'


def byline(art: Article, ui: dict) -> str:
    return (f'{esc(ui["by"])} <a href="/authors/{quote(art.byline.split()[0])}">{esc(art.byline)}</a> · '
            f'<time datetime="{art.date}">{art.date}</time>')


def sections(ui: dict, art: Article) -> str:
    return "".join(f'<a href="/{art.lang}/{i}.html">{esc(name)}</a>' for i, name in enumerate(ui["sections"]))


def broadsheet(state: State, ui: dict, corpus: list[Article]) -> str:
    art, words = state.article, Headlines(state)
    return head(art, ui, words.now, art.url_path) + f"""<body>
<header class="masthead">
  <a class="logo" href="/{art.lang}/">{esc(ui["site"])}</a>
  <nav class="sections" aria-label="{esc(ui["sections_label"])}">{sections(ui, art)}</nav>
  <div class="now-reading" aria-hidden="true"><span>{esc(ui["now_reading"])}</span> <a href="#top">\
{esc(words.first)}</a></div>
</header>
<nav class="breadcrumbs"><a href="/{art.lang}/">{esc(ui["home"])}</a> › <a href="/{art.lang}/0.html">\
{esc(art.section)}</a> › <span aria-current="page">{esc(words.now)}</span></nav>
<main id="top"><article>
<div class="print-header" style="display:none">{esc(ui["site"])} — {esc(words.now)}</div>
{banner(state, ui)}{h1(state, words.now)}
<p class="standfirst">{esc(art.standfirst)}</p>
<p class="byline">{byline(art, ui)}</p>
<div class="share">{esc(ui["share"])}: <a href="mailto:?subject={quote(words.now)}">{esc(words.now)}</a>\
 <button type="button"><svg viewBox="0 0 10 10" width="12" height="12"><title>\
{esc(ui["share"])} {esc(words.first)}</title><circle cx="5" cy="5" r="4"/></svg></button></div>
<div class="article-body">
{body_blocks(state, ui, corpus)}</div>
</article>
<aside class="more"><h2>{esc(ui["more_from"])} {esc(art.section)}</h2><ul>\
{link_list(other_headlines(corpus, art, 4))}</ul></aside>
</main>
<footer>{esc(ui["footer"])}</footer>
</body></html>
"""


def wire(state: State, ui: dict, corpus: list[Article]) -> str:
    art, words = state.article, Headlines(state)
    menu = "".join(f"<li>{esc(name)}</li>" for name in ui["sections"])
    return head(art, ui, words.now) + f"""<body><div id="app">
<header class="top"><span class="brand">{esc(ui["site"])}</span>
<ul class="menu">{menu}</ul>
<span hidden class="og-title">{esc(words.first)}</span>
<div class="mobile-title" style="visibility:hidden">{esc(words.first)}</div>
</header>
<title>{esc(words.first)}</title>
<article>
<header>
<ol class="crumbs"><li><a href="/{art.lang}/">{esc(ui["home"])}</a></li><li><a href="/{art.lang}/0.html">\
{esc(art.section)}</a></li><li>{esc(words.now)}</li></ol>
{banner(state, ui)}{h1(state, words.now)}
<div class="dek">{esc(art.standfirst)}</div>
<address>{byline(art, ui)}</address>
</header>
<section class="content">
{body_blocks(state, ui, corpus)}</section>
<div class="share-bar"><span class="sr-only">{esc(ui["share"])}: {esc(words.now)}</span> <a href="#fb">Facebook</a>\
 <a href="#x">X</a> <a href="mailto:">{esc(ui["email"])}</a></div>
</article>
<section class="read-next"><h3>{esc(ui["read_next"])}</h3><ul>{link_list(other_headlines(corpus, art, 3))}</ul>\
</section>
<footer>{esc(ui["footer"])}</footer>
</div></body></html>
"""


def portal(state: State, ui: dict, corpus: list[Article]) -> str:
    art, words = state.article, Headlines(state)
    others = other_headlines(corpus, art, 4)
    most_read = (f'<li><a href="{art.url_path}">{esc(words.first)}</a></li>' + link_list(others[:3]))
    return head(art, ui, words.now, art.url_path) + f"""<body>
<div class="topbar">{sections(ui, art)}<a href="/{art.lang}/app">{esc(ui["app"])}</a></div>
<div class="layout">
<div class="main">
<div class="crumb"><a href="/{art.lang}/">{esc(ui["home"])}</a> &gt; <a href="/{art.lang}/0.html">\
{esc(art.section)}</a> &gt; {esc(words.now)}</div>
{banner(state, ui)}{h1(state, words.now)}
<div class="info"><span>{art.date}</span> <span>{esc(art.byline)}</span></div>
<div class="share">{esc(ui["share"])}: <a href="#weibo">{esc(words.now)}</a></div>
<p class="summary">{esc(art.standfirst)}</p>
<div class="article">
{body_blocks(state, ui, corpus)}</div>
<div class="related"><h3>{esc(ui["related"])}</h3><ul>{link_list(others)}</ul></div>
</div>
<aside class="side"><h3>{esc(ui["most_read"])}</h3><ol>{most_read}</ol>
<div class="sticky-title" aria-hidden="true">{esc(words.first)}</div></aside>
</div>
<footer>{esc(ui["footer"])}</footer>
</body></html>
"""


RENDER = {"broadsheet": broadsheet, "wire": wire, "portal": portal}


def layout_of(corpus: list[Article], article: Article) -> str:
    return LAYOUTS[corpus.index(article) % len(LAYOUTS)]


def article_page(state: State, ui: dict, corpus: list[Article]) -> str:
    return RENDER[layout_of(corpus, state.article)](state, ui, corpus)


def section_front(lang: str, ui: dict, articles: list[Article], corpus: list[Article]) -> str:
    """A section front: every article's headline as a link, with its standfirst as teaser, plus a
    "most read" list of other languages' headlines. It only links to the articles."""
    first = articles[0]
    teasers = "\n".join(
        f'<div class="teaser"><h2><a href="{a.url_path}">{esc(resolve_typos(a.headline, set()))}</a></h2>'
        f'<p>{esc(a.standfirst)}</p><span class="meta">{a.date}</span></div>' for a in articles)
    foreign = [a for a in corpus if a.lang != lang][:4]
    return head(first, ui, ui["front_title"]) + f"""<body>
<header class="masthead"><a class="logo" href="/{lang}/">{esc(ui["site"])}</a>
<nav class="sections">{sections(ui, first)}</nav></header>
<main><h1>{esc(ui["front_title"])}</h1>
{teasers}
<aside class="most-read"><h3>{esc(ui["most_read"])}</h3><ol>{link_list(foreign)}</ol></aside>
</main>
<footer>{esc(ui["footer"])}</footer>
</body></html>
"""


def partner_copy(state: State, ui: dict, original_url: str) -> str:
    """The article republished in full by a partner (syndication): another site, another layout,
    the same words, a line naming the original. Its notes may show here, marked as from elsewhere."""
    art = state.article
    words = Headlines(state)
    return head(art, ui, words.now) + f"""<body>
<header><strong>{esc(ui["partner"])}</strong> <nav><a href="/">{esc(ui["home"])}</a></nav></header>
<main>
<h1 data-block="headline">{esc(words.now)}</h1>
<p class="origin">{esc(ui["originally"])} <a href="{original_url}">{esc(ui["site"])}</a>, {art.date}</p>
<p class="lede">{esc(art.standfirst)}</p>
{body_blocks(state, ui, [art])}
</main>
<footer>{esc(ui["partner"])}</footer>
</body></html>
"""
