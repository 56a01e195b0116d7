"""The moderators' web UI in Chromium: sign in, filter the queue, hide a note with a reason, see it in
the log; user text renders as text, never as markup. Takes docs/moderation-queue.png (in a temporary
directory unless `make docs-screenshots` runs it)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from sqlalchemy import update

from server.accounts.models import User
from server.db import db
from tests.factories import NORMALIZED_URL, make_note

pytestmark = pytest.mark.browser

PASSWORD = "moderators only 42"
PUBLIC = {"url": NORMALIZED_URL, "status": "helpful,needs_more_ratings"}


def post_note(base, headers, body, exact="US anti-tank missiles"):
    payload = make_note()
    payload["body"][0]["value"] = body
    payload["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": exact, "prefix": "World | ",
                                      "suffix": " deployed to the Russian border"}]
    response = requests.post(f"{base}/api/annotations", json=payload, headers=headers, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["id"].rsplit("/", 1)[1]


def flag(base, headers, note_id, reason, comment=""):
    response = requests.post(f"{base}/api/annotations/{note_id}/flags", json={"reason": reason, "comment": comment},
                             headers=headers, timeout=10)
    assert response.status_code == 201, response.text


def public_ids(base):
    items = requests.get(f"{base}/api/annotations", params=PUBLIC, timeout=10).json()["items"]
    return {item["id"].rsplit("/", 1)[1] for item in items}


@pytest.mark.docs_screenshot
def test_moderator_hides_a_flagged_note_through_the_web_ui(page, live_server, accounts, app, screenshot_dir):
    accounts.create("mod", role="moderator", password=PASSWORD)
    writers = {name: accounts.headers(name) for name in ("alice", "bob", "carol")}
    readers = {name: accounts.headers(name, role="reader") for name in ("r1", "r2", "r3")}
    with app.app_context():  # accounts old enough not to be held for review
        db.session.execute(update(User).values(created=datetime.now(UTC) - timedelta(days=30)))
        db.session.commit()

    spam = post_note(live_server, writers["alice"], "Buy cheap watches, best prices, click my profile!")
    misleading = post_note(live_server, writers["bob"], "The missiles went to Ukraine, not to the Russian border.")
    xss = post_note(live_server, writers["carol"], '<img src=x onerror="window.__mx=1">')
    for name in ("r1", "r2"):
        flag(live_server, readers[name], spam, "spam", "Advertising.")
    for name in ("r1", "r2", "r3"):  # three readers: held for review
        flag(live_server, readers[name], misleading, "misleading", "Disputed by the source.")
    flag(live_server, readers["r3"], xss, "abuse", "<script>window.__mx=2</script>")
    listed = public_ids(live_server)
    assert spam in listed and xss in listed and misleading not in listed

    # Anonymous: the queue sends us to sign in, which brings us back.
    page.set_viewport_size({"width": 1100, "height": 700})
    page.goto(f"{live_server}/moderation/")
    assert "/moderation/login" in page.url
    page.fill('input[name="username"]', "mod")
    page.fill('input[name="password"]', PASSWORD)
    page.click('button:has-text("Sign in")')
    page.wait_for_url(f"{live_server}/moderation/")
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 3
    # The page's Content-Security-Policy lets its nonce'd stylesheet apply (and nothing else).
    header_color = page.evaluate("() => getComputedStyle(document.querySelector('header')).backgroundColor")
    assert header_color == "rgb(17, 24, 39)"
    assert page.locator(f'tr[data-note-id="{misleading}"] .badge').inner_text() == "pending"
    page.screenshot(path=str(screenshot_dir / "moderation-queue.png"))

    # Filter by flag reason.
    page.select_option('select[name="reason"]', "spam")
    page.click('button:has-text("Filter")')
    page.wait_for_url(lambda url: "reason=spam" in url)
    assert [rows.nth(i).get_attribute("data-note-id") for i in range(rows.count())] == [spam]

    # Open the note and hide it with a reason.
    page.click(f'tr[data-note-id="{spam}"] a')
    page.wait_for_url(lambda url: url.endswith(f"/moderation/notes/{spam}"))
    assert "Advertising." in page.locator("table.flags").inner_text()
    hide = page.locator("form.action-hide")
    hide.locator('input[name="reason"]').fill("Commercial spam, hidden.")
    with page.expect_navigation():  # POST, then the redirect back to the note
        hide.locator("button").click()
    assert "Done: hide" in page.locator(".flash").inner_text()
    assert page.locator("h1 .badge").inner_text() == "hidden"
    assert "Commercial spam, hidden." in page.locator("table.trail").inner_text()
    assert spam not in public_ids(live_server)

    # The audit log shows the row with the reason.
    page.click('header a:has-text("Audit log")')
    page.wait_for_url(lambda url: url.endswith("/moderation/log"))
    log_rows = page.locator("table.log tbody tr")
    texts = [log_rows.nth(i).inner_text() for i in range(log_rows.count())]
    assert any("hide" in t and "mod" in t and "Commercial spam, hidden." in t for t in texts)
    assert any("auto_pending" in t and "system" in t for t in texts)

    # User text is shown as text: nothing in it runs.
    page.goto(f"{live_server}/moderation/notes/{xss}")
    assert page.locator("#note-body").inner_text() == '<img src=x onerror="window.__mx=1">'
    assert "<script>window.__mx=2</script>" in page.locator("table.flags").inner_text()
    assert page.locator("main img").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__mx") == "undefined"

    # The dashboard draws its charts.
    page.goto(f"{live_server}/moderation/dashboard")
    assert page.locator("svg.chart").count() == 3
