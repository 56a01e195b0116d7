"""The extension end to end: Debian's Chromium with the unpacked Chrome build, the real Flask app on a
real HTTP server, and news pages of our own served like a news site."""
from __future__ import annotations

import pytest
import requests

from server.demo import article

pytestmark = pytest.mark.browser

MARKS = "mark.gloss-highlight"


def note_on(live_server, headers, url, exact, text="A note.", tags=(), prefix="", suffix=""):
    body = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "bodyValue": text,
            "target": {"source": url, "selector": [{"type": "TextQuoteSelector", "exact": exact,
                                                    "prefix": prefix, "suffix": suffix}]},
            "gloss": {"tags": list(tags)}}
    response = requests.post(f"{live_server}/api/annotations", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def marked_text(page, note_id: str) -> str:
    return page.evaluate("""(id) => [...document.querySelectorAll('mark.gloss-highlight')]
        .filter(m => m.dataset.glossIds.split(' ').includes(id)).map(m => m.textContent).join('')""", note_id)


def tell_tab(worker, url, message_type):
    """Send the content script of the tab showing `url` a message, as the popup or context menu do;
    returns its answer (it comes once the content script has done what was asked)."""
    return worker.evaluate("""async ([url, type]) => {
        const [tab] = await chrome.tabs.query({url});
        return chrome.tabs.sendMessage(tab.id, {type});
    }""", [url, message_type])


def open_page(context, url):
    page = context.new_page()
    page.goto(url)
    return page


def shadow(page, selector):
    """Text of an element inside Gloss's shadow root ('' when absent or hidden)."""
    return page.evaluate("""(selector) => {
        const el = document.getElementById('gloss-ui')?.shadowRoot?.querySelector(selector);
        return el && !el.hidden ? el.textContent : '';
    }""", selector)


def seed_demo(app, live_server):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", live_server])
    assert result.exit_code == 0, result.output


@pytest.mark.docs_screenshot
def test_demo_headline_note_is_highlighted_on_exactly_the_headline(app, ext, live_server, screenshot_dir):
    context, _ = ext
    seed_demo(app, live_server)
    page = open_page(context, f"{live_server}/demo/article")
    page.wait_for_selector(MARKS)
    notes = requests.get(f"{live_server}/api/annotations", params={"url": f"{live_server}/demo/article"}).json()
    by_quote = {n["target"]["selector"][0]["exact"]: n["id"] for n in notes["items"]}
    for quote, note_id in by_quote.items():
        assert marked_text(page, note_id) == quote
    assert page.evaluate("document.querySelector('h1').textContent") == article.TITLE
    # The screenshot in docs/extension.md, taken here so it always shows what the extension really does.
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.popover').hidden")
    page.set_viewport_size({"width": 1000, "height": 700})
    page.screenshot(path=str(screenshot_dir / "demo-article.png"))


def test_quote_crossing_inline_elements_becomes_several_marks_and_the_link_still_works(ext, live_server,
                                                                                        fixture_site, accounts):
    context, _ = ext
    url = f"{fixture_site}/inline.html"
    quote = "adds four kilometres of dedicated bus lanes to the city"
    note = note_on(live_server, accounts.headers(), url, quote)
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    assert marked_text(page, note["id"]) == quote
    assert page.locator(MARKS).count() >= 3
    assert page.get_attribute("#lanes-link", "href") == "#lanes"
    page.click("#lanes-link")
    assert page.evaluate("location.hash") == "#lanes"


def test_emoji_before_the_quote_does_not_shift_the_highlight(ext, live_server, fixture_site, accounts):
    context, _ = ext
    url = f"{fixture_site}/inline.html"
    quote = "Deliveries to the market will move to the early morning"
    note = note_on(live_server, accounts.headers(), url, quote)
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    assert marked_text(page, note["id"]) == quote


def test_popover_shows_text_author_status_and_tags_and_is_keyboard_reachable(ext, live_server, fixture_site,
                                                                               accounts):
    context, _ = ext
    url = f"{fixture_site}/inline.html"
    note_on(live_server, accounts.headers("carol"), url, "Residents can comment on the scheme",
            text="The consultation closes on the 30th.", tags=["context", "dates"])
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    for _ in range(5):  # the page's own link comes first in tab order
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.matches('mark.gloss-highlight')"):
            break
    assert page.evaluate("() => document.activeElement?.matches('mark.gloss-highlight')")
    popover = shadow(page, ".popover")
    assert "The consultation closes on the 30th." in popover
    assert "carol" in popover and "Needs more ratings" in popover
    assert "context" in popover and "dates" in popover
    page.keyboard.press("Escape")
    assert shadow(page, ".popover") == ""


def test_note_text_with_markup_is_shown_as_text_and_never_runs(ext, live_server, fixture_site, accounts):
    context, _ = ext
    url = f"{fixture_site}/inline.html"
    payload = "<img src=x onerror=\"window.__gloss_xss=1\"><script>window.__gloss_xss=2</script>"
    note_on(live_server, accounts.headers(), url, "Council approves new bus lanes", text=payload)
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    page.locator(MARKS).first.hover()
    page.wait_for_timeout(300)
    assert payload in shadow(page, ".popover")
    assert page.evaluate("window.__gloss_xss") is None
    assert page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelectorAll('img, script').length") == 0


def test_changed_note_is_listed_in_the_panel_with_its_quote_and_not_highlighted(ext, live_server, fixture_site,
                                                                                accounts):
    context, worker = ext
    url = f"{fixture_site}/changed.html"
    note = note_on(live_server, accounts.headers(), url, article.TITLE, text="Headline overstates.",
                   prefix="The Daily Ledger\n  ", suffix="\n  A new shipment arrives")
    page = open_page(context, url)
    page.wait_for_function("() => window.document.getElementById('gloss-ui') !== null")
    page.wait_for_timeout(800)
    assert page.locator(MARKS).count() == 0
    tell_tab(worker, url, "gloss:open-panel")
    item = page.evaluate("""(id) => {
        const li = document.getElementById('gloss-ui').shadowRoot.querySelector(`li[data-note-id="${id}"]`);
        return li && {state: li.dataset.state, text: li.textContent};
    }""", note["id"])
    assert item["state"] == "changed"
    assert article.TITLE in item["text"] and "The text has changed since this note was written." in item["text"]


def test_selecting_text_and_saving_creates_a_note_that_is_there_after_reload(ext, live_server, fixture_site,
                                                                           accounts):
    context, worker = ext
    accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/inline.html"
    page = open_page(context, url)
    page.wait_for_function("() => document.getElementById('gloss-ui') !== null")
    quote = "Residents can comment on the scheme"
    page.evaluate("""(quote) => {
        const p = [...document.querySelectorAll('p')].find(p => p.textContent.includes(quote));
        const node = p.firstChild, start = node.data.indexOf(quote);
        const range = document.createRange();
        range.setStart(node, start); range.setEnd(node, start + quote.length);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        p.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", quote)
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.add').hidden")
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.add').click()")
    page.evaluate("""() => {
        const root = document.getElementById('gloss-ui').shadowRoot;
        root.querySelector('textarea').value = 'Written in the browser.';
        root.querySelector('input[name=tags]').value = 'test, e2e';
        root.querySelector('.save').click();
    }""")
    page.wait_for_selector(MARKS)
    listed = requests.get(f"{live_server}/api/annotations",
                          params={"url": url, "status": "needs_more_ratings"}).json()["items"]
    assert [n["body"][0]["value"] for n in listed] == ["Written in the browser."]
    assert listed[0]["gloss"]["tags"] == ["test", "e2e"]
    selectors = {s["type"]: s for s in listed[0]["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == quote
    page.reload()
    page.wait_for_selector(MARKS)
    assert marked_text(page, listed[0]["id"]) == quote


def test_server_down_is_said_plainly_in_the_popup_and_the_page_still_works(ext, fixture_site):
    context, worker = ext
    worker.evaluate("chrome.storage.local.set({server: 'http://127.0.0.1:9'})")
    page = open_page(context, f"{fixture_site}/inline.html")
    page.wait_for_function("() => document.getElementById('gloss-ui') !== null")
    assert page.locator(MARKS).count() == 0
    page.click("#lanes-link")
    assert page.evaluate("location.hash") == "#lanes"
    popup = context.new_page()
    popup.goto(f"chrome-extension://{worker.url.split('/')[2]}/popup.html")
    popup.wait_for_selector("#problem:not([hidden])")
    assert "cannot be reached" in popup.text_content("#problem")


def test_toolbar_badge_counts_the_pages_notes(ext, live_server, fixture_site, accounts):
    context, worker = ext
    url = f"{fixture_site}/inline.html"
    headers = accounts.headers()
    note_on(live_server, headers, url, "Council approves new bus lanes")
    note_on(live_server, headers, url, "Residents can comment on the scheme")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    badge = worker.evaluate("""async (url) => {
        const [tab] = await chrome.tabs.query({url});
        return chrome.action.getBadgeText({tabId: tab.id});
    }""", url)
    assert badge == "2"


def test_late_text_and_in_page_navigation_are_anchored_once(ext, live_server, fixture_site, accounts):
    context, _ = ext
    headers = accounts.headers()
    note_on(live_server, headers, f"{fixture_site}/dynamic.html", "the minister resigned this afternoon")
    note_on(live_server, headers, f"{fixture_site}/dynamic.html?page=2", "markets rallied after the news")
    page = open_page(context, f"{fixture_site}/dynamic.html")
    page.wait_for_selector(MARKS)
    assert page.locator(MARKS).all_text_contents() == ["the minister resigned this afternoon"]
    page.evaluate("goNext()")
    page.wait_for_function("() => [...document.querySelectorAll('mark.gloss-highlight')]"
                           ".some(m => m.textContent === 'markets rallied after the news')")
    page.wait_for_timeout(1000)
    assert page.locator(MARKS).all_text_contents() == ["markets rallied after the news"]


def sign_in(context, worker, username="writer", password="correct horse battery"):
    options = context.new_page()
    options.goto(f"chrome-extension://{worker.url.split('/')[2]}/options.html")
    options.fill("#username", username)
    options.fill("#password", password)
    options.click("#sign-in-form button")
    options.wait_for_selector("#signed-in:not([hidden])")
    return options


def test_author_edits_and_deletes_their_own_note_from_the_popover(ext, live_server, fixture_site, accounts):
    context, worker = ext
    _, secret = accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/inline.html"
    note = note_on(live_server, {"Authorization": f"Bearer {secret}"}, url, "Council approves new bus lanes",
                   text="First version.")
    note_path = f"{live_server}/api/annotations/{note['id'].rsplit('/', 1)[1]}"
    page = open_page(context, url)
    page.on("dialog", lambda dialog: dialog.accept())
    page.wait_for_selector(MARKS)
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.popover').hidden")
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .edit').click()")
    page.evaluate("""() => {
        const root = document.getElementById('gloss-ui').shadowRoot;
        root.querySelector('textarea').value = 'Second version.';
        root.querySelector('.save').click();
    }""")
    for _ in range(50):
        if requests.get(note_path).json()["body"][0]["value"] == "Second version.":
            break
        page.wait_for_timeout(100)
    assert requests.get(note_path).json()["body"][0]["value"] == "Second version."
    page.wait_for_selector(MARKS)
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .delete')")
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .delete').click()")
    for _ in range(50):
        if requests.get(note_path).status_code == 410:
            break
        page.wait_for_timeout(100)
    assert requests.get(note_path).status_code == 410
    page.wait_for_function("() => document.querySelectorAll('mark.gloss-highlight').length === 0")


def test_a_failed_delete_stays_shown_after_the_notes_are_fetched_again(ext, live_server, fixture_site, accounts):
    context, worker = ext
    _, secret = accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/inline.html"
    author = {"Authorization": f"Bearer {secret}"}
    note = note_on(live_server, author, url, "Council approves new bus lanes", text="First version.")
    note_path = f"{live_server}/api/annotations/{note['id'].rsplit('/', 1)[1]}"
    page = open_page(context, url)
    page.on("dialog", lambda dialog: dialog.accept())
    page.wait_for_selector(MARKS)
    # Edited elsewhere after the page loaded: the page's delete names the old version, and the
    # server refuses it (412).
    edited = requests.patch(note_path, json={"bodyValue": "Edited elsewhere."}, headers=author)
    assert edited.status_code == 200, edited.text
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .delete')")
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .delete').click()")
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.notice').hidden")
    said = shadow(page, ".notice .message")
    assert said.startswith("The note was not deleted: ") and "changed since you loaded it" in said, said
    # The notes are fetched again (the refresh after the delete, and one more): the failure stays.
    assert tell_tab(worker, url, "gloss:refresh") == {"ok": True}
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => document.getElementById('gloss-ui').shadowRoot.querySelector('.popover')"
                           ".textContent.includes('Edited elsewhere.')")
    assert shadow(page, ".notice .message") == said
    assert tell_tab(worker, url, "gloss:get-page-state")["writeError"] == said  # what the popup shows
    assert requests.get(note_path).status_code == 200
    page.evaluate("document.getElementById('gloss-ui').shadowRoot.querySelector('.notice .dismiss').click()")
    assert shadow(page, ".notice") == ""
    assert tell_tab(worker, url, "gloss:get-page-state")["writeError"] is None


def test_other_readers_notes_offer_no_edit_or_delete(ext, live_server, fixture_site, accounts):
    context, worker = ext
    accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/inline.html"
    note_on(live_server, accounts.headers("someone-else"), url, "Council approves new bus lanes")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.popover').hidden")
    assert page.evaluate("document.getElementById('gloss-ui').shadowRoot"
                         ".querySelectorAll('.popover .edit, .popover .delete').length") == 0


def test_signing_out_revokes_the_token_on_the_server(ext, live_server, accounts):
    context, worker = ext
    accounts.create("writer", password="correct horse battery")
    options = sign_in(context, worker)
    token = worker.evaluate("chrome.storage.local.get('token').then(s => s.token)")
    assert requests.get(f"{live_server}/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    options.click("#sign-out")
    options.wait_for_selector("#signed-out:not([hidden])")
    assert requests.get(f"{live_server}/api/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert worker.evaluate("chrome.storage.local.get('token').then(s => s.token ?? null)") is None


def test_panel_lists_anchored_changed_and_orphaned_notes_and_jumps_to_a_highlight(ext, live_server, fixture_site,
                                                                                 accounts):
    context, worker = ext
    url = f"{fixture_site}/changed.html"
    headers = accounts.headers()
    here = note_on(live_server, headers, url, "A shipment of American anti-tank missiles was delivered to Ukraine")
    changed = note_on(live_server, headers, url, article.TITLE, prefix="The Daily Ledger\n  ",
                      suffix="\n  A new shipment arrives")
    gone = note_on(live_server, headers, url, "a sentence that was never on this page at all")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    tell_tab(worker, url, "gloss:open-panel")
    states = page.evaluate("""() => Object.fromEntries([...document.getElementById('gloss-ui').shadowRoot
        .querySelectorAll('.panel li')].map(li => [li.dataset.noteId, li.dataset.state]))""")
    assert states == {here["id"]: "anchored", changed["id"]: "changed", gone["id"]: "orphaned"}
    page.evaluate("""(id) => document.getElementById('gloss-ui').shadowRoot
        .querySelector(`li[data-note-id="${id}"] button.goto`).click()""", here["id"])
    assert page.evaluate("() => document.activeElement?.dataset.glossIds") == here["id"]


def test_context_menu_path_opens_the_note_form_on_the_selection(ext, live_server, fixture_site):
    context, worker = ext
    url = f"{fixture_site}/inline.html"
    page = open_page(context, url)
    page.wait_for_function("() => document.getElementById('gloss-ui') !== null")
    page.evaluate("""() => {
        const h1 = document.querySelector('h1');
        const range = document.createRange();
        range.selectNodeContents(h1);
        getSelection().removeAllRanges(); getSelection().addRange(range);
    }""")
    # What the context-menu entry does when clicked: ask the tab's content script to compose.
    tell_tab(worker, url, "gloss:compose-from-selection")
    page.wait_for_function("() => !document.getElementById('gloss-ui').shadowRoot.querySelector('.form').hidden")
    assert "Council approves new bus lanes" in shadow(page, ".form .quote")


def test_rejected_token_is_dropped_notes_still_show_and_the_popup_says_so(ext, live_server, fixture_site, accounts):
    context, worker = ext
    url = f"{fixture_site}/inline.html"
    note_on(live_server, accounts.headers(), url, "Council approves new bus lanes")
    worker.evaluate("chrome.storage.local.set({token: 'gls_revoked_or_made_up', username: 'ghost'})")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    popup = context.new_page()
    popup.goto(f"chrome-extension://{worker.url.split('/')[2]}/popup.html")
    popup.wait_for_selector("#problem:not([hidden])")
    assert "sign-in was rejected" in popup.text_content("#problem")
    assert worker.evaluate("chrome.storage.local.get('token').then(s => s.token ?? null)") is None


def test_readers_see_only_helpful_notes_until_they_ask_for_notes_that_need_ratings(ext, live_server, fixture_site,
                                                                                 accounts):
    context, worker = ext
    worker.evaluate("chrome.storage.local.set({showNeedsRatings: false})")
    url = f"{fixture_site}/inline.html"
    note_on(live_server, accounts.headers(), url, "Council approves new bus lanes")
    page = open_page(context, url)
    page.wait_for_function("() => document.getElementById('gloss-ui') !== null")
    page.wait_for_timeout(800)
    assert page.locator(MARKS).count() == 0
    popup = context.new_page()
    popup.goto(f"chrome-extension://{worker.url.split('/')[2]}/popup.html")
    popup.check("#show-needs-ratings")
    assert worker.evaluate("chrome.storage.local.get('showNeedsRatings').then(s => s.showNeedsRatings)") is True
    page.reload()
    page.wait_for_selector(MARKS)


def test_signed_in_reader_rates_a_note_from_the_popover(ext, live_server, fixture_site, accounts):
    context, worker = ext
    accounts.create("writer", password="correct horse battery")
    sign_in(context, worker)
    url = f"{fixture_site}/inline.html"
    note = note_on(live_server, accounts.headers("author"), url, "Council approves new bus lanes")
    page = open_page(context, url)
    page.wait_for_selector(MARKS)
    page.locator(MARKS).first.hover()
    page.wait_for_function("() => document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .rate')")
    page.evaluate("""() => {
        const rate = document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .rate');
        rate.querySelector('button[data-answer=helpful]').click();
        rate.querySelector('input[value=clear]').click();
        rate.querySelector('button.send').click();
    }""")
    page.wait_for_function("() => document.getElementById('gloss-ui').shadowRoot.querySelector('.popover .rate .done')")
    summary = requests.get(f"{live_server}/api/annotations/{note['id'].rsplit('/', 1)[1]}/ratings/summary").json()
    assert summary["counts"]["helpful"] == 1 and summary["reasons"] == {"clear": 1}
