"""Issue 12's real-page figures: the extension and the server on our own news-page corpus
(tests/realpages), in Debian's Chromium, with every edit kind. Prints the targets (PASS/FAIL), the
tables per set, edit kind, language and note kind, and every failing case.

    .venv/bin/python bench/real_pages_bench.py                   # all 30 articles, fronts, copies
    .venv/bin/python bench/real_pages_bench.py --set dev         # only the development set
    .venv/bin/python bench/real_pages_bench.py --pages tram-airport,ditie-wuhaoxian --versions original,rewrapped
    .venv/bin/python bench/real_pages_bench.py --json /tmp/realpages.json

Starts its own pieces, like the browser test: a fresh SQLite database migrated to head, the app on a
werkzeug server, the corpus site, and a Chromium profile with a private copy of the unpacked Chrome
build (so a rebuild of extension/dist by someone else mid-run cannot break it).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from server import create_app, migrate  # noqa: E402
from tests.browser.conftest import chromium_path  # noqa: E402
from tests.conftest import TEST_ENV  # noqa: E402
from tests.realpages import browser, corpus, model, report  # noqa: E402
from tests.realpages.harness import PASSWORD, Harness  # noqa: E402
from tests.realpages.site import CorpusSite  # noqa: E402


def start_api(workdir: Path):
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns the report
    url = f"sqlite:///{workdir / 'gloss.db'}"
    migrate.upgrade(url)
    app = create_app({**TEST_ENV, "DATABASE_URL": url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server, f"http://127.0.0.1:{server.server_port}"


def create_reader(app, username: str) -> None:
    from server.accounts import services
    with app.app_context():
        services.register_user(username, f"{username}@example.org", PASSWORD, role="contributor")


def run(args) -> report.Results:
    from playwright.sync_api import sync_playwright
    articles = [a for a in corpus.ARTICLES if args.set in ("all", corpus.set_of(a.held))]
    if args.pages:
        wanted = set(args.pages.split(","))
        articles = [a for a in articles if a.slug in wanted]
    versions = tuple(args.versions.split(",")) if args.versions else model.VERSION_NAMES
    with tempfile.TemporaryDirectory(prefix="gloss-realpages-") as tmp:
        workdir = Path(tmp)
        app, server, api = start_api(workdir)
        create_reader(app, "reader")
        site = CorpusSite()
        site.start()
        with sync_playwright() as p:
            context, worker = browser.launch(p, workdir)
            started = time.perf_counter()
            harness = Harness(context, worker, api, site)
            harness.sign_in("reader")
            results = harness.run(articles, versions, fronts=not args.pages, copies=True, lanes=args.lanes)
            results.timings["total"] = time.perf_counter() - started
            context.close()
        site.stop()
        server.shutdown()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("all", "dev", "held"), default="all")
    parser.add_argument("--pages", help="comma-separated article slugs (fronts are then skipped)")
    parser.add_argument("--versions", help="comma-separated versions (default: all of model.VERSIONS)")
    parser.add_argument("--json", help="also write every outcome to this file")
    # More tabs did not help on 2 cores (6 articles: 14.3 s with 1 tab, 13.8 s with 3): the default is 1.
    parser.add_argument("--lanes", type=int, default=1, help="tabs loading versions at once (default 1)")
    args = parser.parse_args()
    if chromium_path() is None:
        print("no Chromium found (make browser-deps)", file=sys.stderr)
        return 2
    results = run(args)
    print(report.full_report(results))
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in results.timings.items())
    print(f"\n{len(results.outcomes)} note outcomes, {len(results.notes)} notes; {timings}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "outcomes": [dataclasses.asdict(o) for o in results.outcomes],
            "foreign": [dataclasses.asdict(f) for f in results.foreign],
            "errors": results.errors, "timings": results.timings}, ensure_ascii=False, indent=1))
    return 0 if all(t.passed for t in report.targets(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
