"""The API reference page in a real Chromium with every other host blocked: it renders, styled, with
every operation, and asks for nothing outside this server."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_styled_and_expandable_with_other_hosts_blocked(page, live_server, client):
    requested, blocked, problems = [], [], []

    def only_this_server(route):
        url = route.request.url
        requested.append(url)
        if url.startswith(live_server + "/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server}/api/docs")

    spec = client.get("/api/openapi.json").get_json()
    operations = sum(1 for item in spec["paths"].values() for key in item if key != "parameters")
    assert page.locator("details.operation").count() == operations
    # The stylesheet (served by the app) applied: GET badges are blue.
    get_badge = page.locator("span.method.get").first
    assert get_badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(37, 99, 235)"
    create = page.locator("details#op-post_api_annotations")
    assert not create.locator("h4").first.is_visible()
    create.locator("summary").click()
    assert create.get_by_role("heading", name="Request body").is_visible()
    assert blocked == [] and problems == []
    assert any(url.endswith("/api/docs/docs.css") for url in requested)
