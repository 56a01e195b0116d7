"""Write the corpus out: every version of every article as HTML, the fronts and copies, and the
ground truth as JSON. The harness serves the same pages from memory; this is for reading them.

    .venv/bin/python -m tests.realpages.generate [OUT_DIR]     (default: /tmp/gloss-realpages)
    .venv/bin/python -m tests.realpages.generate --truth        (rewrite tests/realpages/truth.json)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.realpages import corpus, model

TRUTH_FILE = Path(__file__).with_name("truth.json")


def truth_table() -> dict:
    """{slug: {"set", "lang", "url", "versions": {version: {note: [outcome, words, block]}}}}: the truth of
    every note on every version, as derived from the edit definitions (model.truth_for)."""
    table = {}
    for art in corpus.ARTICLES:
        versions = {}
        for version in model.VERSION_NAMES:
            versions[version] = {kind: [t.outcome, t.words, t.block]
                                 for kind, t in corpus.truths(art.slug, version).items()}
        table[art.slug] = {"set": corpus.set_of(art.held), "lang": art.lang, "url": art.url_path, "versions": versions}
    return table


def write_truth() -> None:
    TRUTH_FILE.write_text(json.dumps(truth_table(), ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def write_pages(out: Path) -> int:
    count = 0
    for art in corpus.ARTICLES:
        for version in model.VERSION_NAMES:
            path = out / art.url_path.lstrip("/").replace(".html", f".{version}.html")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(corpus.version_html(art.slug, version))
            count += 1
    for front in corpus.FRONTS:
        path = out / front.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(corpus.front_html(front))
        count += 1
    for copy in corpus.COPIES:
        path = out / copy.path.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(corpus.copy_html(copy, copy.article.url_path))
        count += 1
    return count


if __name__ == "__main__":
    if sys.argv[1:] == ["--truth"]:
        write_truth()
        print(f"wrote {TRUTH_FILE}")
    else:
        target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gloss-realpages")
        print(f"wrote {write_pages(target)} pages under {target}")
