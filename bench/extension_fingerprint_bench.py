"""The extension's local page check (bench/extension_fingerprint_bench.mjs) timed in Debian's Chromium:
the repository is served on a loopback port (a secure context, so Web Crypto is there) and the page
imports the bench module. Run: .venv/bin/python bench/extension_fingerprint_bench.py"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]


class Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(REPO)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{base}/extension/popup.html")
        result = page.evaluate("async () => (await import('/bench/extension_fingerprint_bench.mjs')).measure()")
        print(f"Chromium {browser.version}: {result}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
