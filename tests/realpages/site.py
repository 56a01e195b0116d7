"""The corpus served over HTTP like a news site whose pages change under the same URL.

Notes belong to a URL, so an edited article must come back at the URL the notes were written on:
the harness calls `show(slug, version)` and the next request for that article's URL gets that
version. Responses are `no-store` so the browser never shows a version it cached.
"""
from __future__ import annotations

import http.server
import threading

from tests.realpages import corpus, model


class CorpusSite:
    def __init__(self, host: str = "127.0.0.1"):
        self.host = host
        self.versions = {a.url_path: {v: corpus.version_html(a.slug, v) for v in model.VERSION_NAMES}
                         for a in corpus.ARTICLES}
        self.current = {path: "original" for path in self.versions}
        self.static: dict[str, str] = {}
        self.server = None

    def start(self) -> str:
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                body = site.page(self.path.split("?", 1)[0])
                if body is None:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((self.host, 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://{self.host}:{self.server.server_address[1]}"
        for front in corpus.FRONTS:
            self.static[front.path] = corpus.front_html(front)
        for copy in corpus.COPIES:
            self.static[copy.path] = corpus.copy_html(copy, self.url(copy.article.url_path))
        return self.base

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def show(self, slug: str, version: str) -> str:
        """Serve `version` of the article from now on; returns its URL."""
        path = corpus.article(slug).url_path
        self.current[path] = version
        return self.url(path)

    def page(self, path: str) -> str | None:
        if path in self.versions:
            return self.versions[path][self.current[path]]
        return self.static.get(path)
