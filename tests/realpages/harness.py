"""Drive the extension in Chromium over the corpus: write every note the way a reader does (select
the words, press the extension's "Add note", type, "Save"), then load every edited version of every
article, every section front and every partner copy, and compare each highlight with the truth.

Used by tests/browser/test_real_pages.py (pytest fixtures provide the browser and the server) and by
bench/real_pages_bench.py (which starts its own). Works on whatever extension and server are given.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import requests
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.realpages import corpus, model
from tests.realpages.site import CorpusSite

MARKS = "mark.gloss-highlight"
PASSWORD = "correct horse battery"

# The panel is rendered at the end of every anchoring round (main.js refresh, `finally`): once its
# heading is there, the page's answer has been drawn. Read through Gloss's open shadow root.
PANEL_READY = "() => Boolean(document.getElementById('gloss-ui')?.shadowRoot?.querySelector('.panel h2'))"

SELECT = """([block, start, end]) => {
    // The words [start, end) (UTF-16) of the block's text, as a DOM Range over its text nodes.
    const root = document.querySelector(`[data-block="${block}"]`);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let offset = 0, range = document.createRange(), started = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const next = offset + node.data.length;
        if (!started && start < next) { range.setStart(node, start - offset); started = true; }
        if (started && end <= next) { range.setEnd(node, end - offset); break; }
        offset = next;
    }
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return range.toString();
}"""

UI_OPEN = ("(part) => { const el = document.getElementById('gloss-ui').shadowRoot.querySelector(part); "
           "return el && !el.hidden; }")

SAVE = """(body) => {
    const root = document.getElementById('gloss-ui').shadowRoot;
    root.querySelector('textarea').value = body;
    root.querySelector('.save').click();
}"""

SAVED = """() => {
    const form = document.getElementById('gloss-ui').shadowRoot.querySelector('.form');
    return form.hidden || form.querySelector('.error')?.textContent || false;
}"""

READ = """() => {
    const root = document.getElementById('gloss-ui').shadowRoot;
    const panel = {};
    for (const li of root.querySelectorAll('.panel li')) {
        panel[li.dataset.noteId] = {state: li.dataset.state, via: li.querySelector('.via')?.textContent ?? null};
    }
    // Where a mark outside the article's blocks is: its ancestors up to the first one with an id
    // or class (e.g. "aside.side>ol>li>a"), skipping the re-wrapping spans.
    const where = (mark) => {
        const parts = [];
        for (let el = mark.parentElement; el && el !== document.body && parts.length < 6; el = el.parentElement) {
            if (el.matches('span.w')) continue;
            parts.unshift(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.classList.length ? '.' + [...el.classList].join('.') : ''));
            if (el.id || el.classList.length) break;
        }
        return parts.join('>');
    };
    const hidden = (mark) => {
        if (mark.closest('title, [aria-hidden="true"]')) return true;
        if (!mark.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})) return true;
        const box = mark.getBoundingClientRect();
        return box.width <= 1 && box.height <= 1;
    };
    const byId = {};
    for (const mark of document.querySelectorAll('mark.gloss-highlight')) {
        for (const id of mark.dataset.glossIds.split(' ')) (byId[id] ??= []).push(mark);
    }
    const drawn = {};
    for (const [id, marks] of Object.entries(byId)) {
        const range = document.createRange();
        range.setStartBefore(marks[0]);
        range.setEndAfter(marks[marks.length - 1]);
        drawn[id] = {
            text: marks.map((m) => m.textContent).join(''), span: range.toString(),
            blocks: [...new Set(marks.map((m) => m.closest('[data-block]')?.dataset.block ?? where(m)))],
            hidden: marks.some(hidden),
        };
    }
    return {panel, drawn};
}"""

STATE = """async (url) => {
    const [tab] = await chrome.tabs.query({url});
    return tab ? chrome.tabs.sendMessage(tab.id, {type: 'gloss:get-page-state'}) : {error: 'no tab'};
}"""

CHECK = """async (url) => {
    const [tab] = await chrome.tabs.query({url});
    return chrome.tabs.sendMessage(tab.id, {type: 'gloss:check-page'});
}"""


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Note:
    slug: str
    kind: str
    id: str = ""
    captured: str = ""  # the quote the extension's form showed


@dataclass
class Outcome:
    """One note on one page version: what the truth asks and what the reader saw."""
    page: str             # article slug, or the path of a front / copy
    page_kind: str        # article | front | copy
    set: str
    lang: str
    version: str
    note: str             # "<slug>/<kind>" of the note
    note_kind: str
    truth: str            # exact | gone | may (a copy: exact with via, or not drawn)
    result: str           # exact | changed | orphaned | missing | wrong
    words: str = ""
    block: str = ""
    drawn: str = ""
    where: list[str] = field(default_factory=list)
    hidden: bool = False
    via: str | None = None

    @property
    def ok(self) -> bool:
        if self.truth == "exact":
            return self.result == "exact"
        if self.truth == "may":
            return self.result != "wrong" and (self.result != "exact" or bool(self.via))
        return self.result != "wrong"


@dataclass
class Foreign:
    """A note of another article listed or drawn on a page that only links to (or mentions) it."""
    page: str
    page_kind: str
    set: str
    lang: str
    version: str
    note: str
    state: str
    drawn: str
    where: list[str]
    via: str | None


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    foreign: list[Foreign] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retries: list[str] = field(default_factory=list)  # pages that had to be loaded twice (see settle)
    notes: dict[tuple[str, str], Note] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class Harness:
    def __init__(self, context, worker, api: str, site: CorpusSite):
        self.context, self.worker, self.api, self.site = context, worker, api, site
        self.results = Results()
        self.tab = None

    # --- set-up ---------------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str = PASSWORD) -> None:
        """The extension pointed at `api`, showing notes that need ratings (new notes), signed in
        through its options page as a reader would."""
        self.worker.evaluate("(server) => chrome.storage.local.clear()"
                             ".then(() => chrome.storage.local.set({server, showNeedsRatings: true}))", self.api)
        options = self.context.new_page()
        options.goto(f"chrome-extension://{self.worker.url.split('/')[2]}/options.html")
        options.fill("#username", username)
        options.fill("#password", password)
        options.click("#sign-in-form button")
        options.wait_for_selector("#signed-in:not([hidden])")
        options.close()
        self.tab = self.context.new_page()

    def open(self, url: str, tab=None) -> dict:
        """Load `url` and wait until the extension has anchored and drawn; returns its page state."""
        tab = tab or self.tab
        tab.goto(url)
        return self.settle(tab, url)

    def settle(self, tab, url: str) -> dict:
        try:
            tab.wait_for_function(PANEL_READY, polling=50, timeout=15_000)
        except PlaywrightTimeout:
            # Seen only while another test run rebuilt extension/dist under the loaded extension (the
            # content script's modules were missing for a moment): load the page once more, and say so.
            self.results.retries.append(url)
            tab.goto(url)
            tab.wait_for_function(PANEL_READY, polling=50, timeout=15_000)
        return self.worker.evaluate(STATE, url)

    # --- writing ----------------------------------------------------------------------------------
    def write_notes(self, articles: list[model.Article]) -> None:
        started = time.perf_counter()
        for art in articles:
            url = self.site.show(art.slug, "original")
            self.open(url)
            for kind, (block, words, before) in model.original_words(art).items():
                self.results.notes[(art.slug, kind)] = self.write_note(art, kind, block, words, before)
            self.collect_ids(art, url)
        self.results.timings["write"] = time.perf_counter() - started

    def write_note(self, art: model.Article, kind: str, block: str, words: str, before: str) -> Note:
        note = Note(art.slug, kind)
        start = utf16(before)
        selected = self.tab.evaluate(SELECT, [block, start, start + utf16(words)])
        if selected != words:
            self.results.errors.append(f"{art.slug}/{kind}: selected {selected!r}, meant {words!r}")
        self.tab.wait_for_function(UI_OPEN, arg=".add", polling=20, timeout=5000)
        self.tab.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.add').click()")
        self.tab.wait_for_function(UI_OPEN, arg=".form", polling=20, timeout=5000)
        note.captured = self.tab.evaluate(
            "document.getElementById('gloss-ui').shadowRoot.querySelector('.form .quote').textContent")[1:-1]
        self.tab.evaluate(SAVE, f"realpages {art.slug} {kind}")
        saved = self.tab.wait_for_function(SAVED, polling=20, timeout=10_000).json_value()
        if saved is not True:
            self.results.errors.append(f"{art.slug}/{kind}: the note was not saved: {saved}")
        if squash(note.captured) != squash(words):
            self.results.errors.append(f"{art.slug}/{kind}: the form quoted {note.captured!r}, selected {words!r}")
        return note

    def collect_ids(self, art: model.Article, url: str) -> None:
        listed = requests.get(f"{self.api}/api/annotations",
                              params={"url": url, "status": "needs_more_ratings", "limit": 50}).json()["items"]
        by_body = {n["body"][0]["value"]: n["id"] for n in listed}
        for kind in model.NOTE_KINDS:
            note = self.results.notes[(art.slug, kind)]
            note.id = by_body.get(f"realpages {art.slug} {kind}", "")
            if not note.id:
                self.results.errors.append(f"{art.slug}/{kind}: no such note on the server")

    # --- reading ------------------------------------------------------------------------------------------
    def owner(self) -> dict[str, tuple[str, str]]:
        return {n.id: key for key, n in self.results.notes.items() if n.id}

    def read(self, tab, url: str, page: str, version: str, ask: bool = False) -> dict:
        """What the reader sees on the loaded page: the panel's states and every note's marks."""
        state = self.settle(tab, url)
        if ask:  # the reader pressed "Check this page": the text goes to the server whatever the lookup says
            state = self.worker.evaluate(CHECK, url)
        if state.get("error") or (not ask and not state.get("sent")):
            self.results.errors.append(f"{page} {version}: extension state {state}")
        return tab.evaluate(READ)

    def record_article(self, seen: dict, art: model.Article, version: str) -> None:
        set_name = corpus.set_of(art.held)
        for kind, truth in corpus.truths(art.slug, version).items():
            self.results.outcomes.append(self.outcome(seen, art, kind, truth.outcome, truth.words, truth.block,
                                                      art.slug, "article", set_name, version))
        self.note_foreign(seen, {art.slug}, art.slug, "article", set_name, art.lang, version)

    def check_versions(self, articles: list[model.Article], versions: tuple[str, ...], lanes: int) -> None:
        """Every version of every article. Articles are dealt to `lanes` tabs; each round starts one
        load per tab, then reads them in turn, so that one page's anchoring overlaps another's load."""
        tabs = [self.tab] + [self.context.new_page() for _ in range(lanes - 1)]
        queues = [[(art, v) for art in articles[i::lanes] for v in versions] for i in range(lanes)]
        while any(queues):
            round_ = []
            for tab, queue in zip(tabs, queues, strict=True):
                if queue:
                    art, version = queue.pop(0)
                    url = self.site.show(art.slug, version)
                    tab.goto(url, wait_until="commit")
                    round_.append((tab, url, art, version))
            for tab, url, art, version in round_:
                self.record_article(self.read(tab, url, art.slug, version), art, version)
        for art in articles:
            self.site.show(art.slug, "original")
        for tab in tabs[1:]:
            tab.close()

    def check_front(self, front: corpus.Front) -> None:
        url = self.site.url(front.path)
        self.tab.goto(url)
        seen = self.read(self.tab, url, front.path, "front", ask=True)
        self.note_foreign(seen, set(), front.path, "front", corpus.set_of(front.held), front.lang, "front")

    def check_copy(self, copy: corpus.Copy) -> None:
        art = copy.article
        url = self.site.url(copy.path)
        self.tab.goto(url)
        seen = self.read(self.tab, url, copy.path, "copy", ask=True)
        for kind, truth in corpus.truths(art.slug, "original").items():
            self.results.outcomes.append(self.outcome(seen, art, kind, "may", truth.words, truth.block, copy.path,
                                                      "copy", corpus.set_of(copy.held), "copy"))
        self.note_foreign(seen, {art.slug}, copy.path, "copy", corpus.set_of(copy.held), art.lang, "copy")

    def outcome(self, seen: dict, art: model.Article, kind: str, truth: str, words: str, block: str, page: str,
                page_kind: str, set_name: str, version: str) -> Outcome:
        note = self.results.notes.get((art.slug, kind))
        out = Outcome(page, page_kind, set_name, art.lang, version, f"{art.slug}/{kind}", kind, truth, "missing",
                      words, block)
        if note is None or not note.id:
            return out
        listed = seen["panel"].get(note.id)
        drawn = seen["drawn"].get(note.id)
        out.via = listed and listed["via"]
        if drawn:
            out.drawn, out.where, out.hidden = drawn["text"], drawn["blocks"], drawn["hidden"]
            exact = (truth != "gone" and drawn["blocks"] == [block] and not drawn["hidden"]
                     and squash(drawn["span"]) == squash(words) and bare(drawn["text"]) == bare(words))
            out.result = "exact" if exact else "wrong"
        elif listed:
            out.result = listed["state"] if listed["state"] in ("changed", "orphaned") else "missing"
        return out

    def note_foreign(self, seen: dict, own: set[str], page: str, page_kind: str, set_name: str, lang: str,
                     version: str) -> None:
        owner = self.owner()
        for note_id in set(seen["panel"]) | set(seen["drawn"]):
            slug, kind = owner.get(note_id, ("?", note_id))
            if slug in own:
                continue
            drawn = seen["drawn"].get(note_id) or {}
            listed = seen["panel"].get(note_id) or {}
            self.results.foreign.append(Foreign(page, page_kind, set_name, lang, version, f"{slug}/{kind}",
                                                listed.get("state", "drawn only"), drawn.get("text", ""),
                                                drawn.get("blocks", []), listed.get("via")))

    def run(self, articles: list[model.Article] | None = None, versions: tuple[str, ...] = model.VERSION_NAMES,
            fronts: bool = True, copies: bool = True, lanes: int = 1) -> Results:
        articles = articles or corpus.ARTICLES
        self.write_notes(articles)
        started = time.perf_counter()
        self.check_versions(articles, versions, lanes)
        self.results.timings["versions"] = time.perf_counter() - started
        started = time.perf_counter()
        slugs = {a.slug for a in articles}
        for front in corpus.FRONTS if fronts else []:
            self.check_front(front)
        for copy in corpus.COPIES if copies else []:
            if copy.article.slug in slugs:
                self.check_copy(copy)
        self.results.timings["fronts_copies"] = time.perf_counter() - started
        return self.results
