"""The documentation's curl examples, run with the real curl against a real HTTP server holding the demo.

Every ```sh block that calls curl, in README.md and docs/*.md, is one bash script (`-euo pipefail`).
`http://127.0.0.1:5000` (the address `make run` serves) is replaced by the test server's address;
`$GLOSS` is that address too, `$TOKEN` the demo author's user token, `$KEY` an app key and `$NOTE` the
demo headline note's id. A line `# expect: <text>` in a block says the block's output must contain
<text>. The blocks of one file run in order in one directory, so a later one may use a file an earlier
one wrote. docs/development.md describes the same for whoever writes an example.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from server.accounts.models import User
from server.accounts.services import create_token
from server.annotations.models import Annotation
from server.apikeys.services import create_key
from server.db import db
from server.demo.article import TITLE as HEADLINE_QUOTE

REPO = Path(__file__).resolve().parents[2]
LOCAL = "http://127.0.0.1:5000"
# The files that hold examples, with how many each has at least: a section moved to another file
# without its examples, or examples deleted, fail here rather than leaving fewer of them run.
EXPECTED = {"README.md": 1, "docs/api.md": 14}
THIRD_PARTIES = ("docs/api.md", "## API for third parties")


def doc_files() -> list[str]:
    return ["README.md"] + sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))


def blocks(name: str, section: str | None = None) -> list[str]:
    """The file's ```sh blocks that call curl (only those of `section`, a heading, when given)."""
    text = (REPO / name).read_text(encoding="utf-8")
    if section is not None:
        start = text.index(section)
        end = text.find("\n## ", start + len(section))
        text = text[start:end if end != -1 else None]
    return [b for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S) if re.search(r"\bcurl\b", b)]


def test_every_file_expected_to_hold_examples_still_does():
    for name, at_least in EXPECTED.items():
        assert (REPO / name).exists(), f"{name} is gone: move its examples and update EXPECTED"
        found = len(blocks(name))
        assert found >= at_least, f"{name} has {found} curl examples, expected at least {at_least}"


def test_every_file_with_examples_is_expected():
    # A new file with examples is listed, so that losing them later fails the test above.
    assert {name for name in doc_files() if blocks(name)} == set(EXPECTED)


def test_the_third_party_guide_has_examples_for_every_third_party_feature():
    joined = "\n".join(blocks(*THIRD_PARTIES))
    for path in ("/api/annotations?", "/annotations/", "oa#annotationService", "/api/keys", "/feeds/annotations.atom",
                 "/api/export/annotations.jsonl", "/api/changes", "/claimreview", "/api/openapi.json"):
        assert path in joined, path


@pytest.fixture()
def demo_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", live_server])
    assert result.exit_code == 0, result.output
    with app.app_context():
        author = db.session.scalars(select(User).where(User.username == "demo")).one()
        _, token = create_token(author, "doc examples")
        note = db.session.scalars(select(Annotation).where(Annotation.quote_exact == HEADLINE_QUOTE)).one()
        _, key = create_key(author, "doc examples", max_live_keys=20)
        env = {"GLOSS": live_server, "TOKEN": token, "KEY": key, "NOTE": note.id}
        settle = app.config["GLOSS"].changes_settle_seconds
        db.session.remove()
    time.sleep(settle)  # the change feed serves changes once they are this old
    return env


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_runs_and_prints_what_it_promises(name, demo_server, tmp_path):
    if not (shutil.which("curl") and shutil.which("jq")):
        # Like the browser tests: reported as skipped on a bare machine, a failure in CI.
        if os.environ.get("GLOSS_REQUIRE_BROWSER") == "1":
            pytest.fail("the documentation's examples need curl and jq (apt-get install curl jq)")
        pytest.skip("the documentation's examples need curl and jq (apt-get install curl jq)")
    examples = blocks(name)
    assert examples
    for block in examples:
        script = block.replace(LOCAL, demo_server["GLOSS"])
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60, env={"PATH": "/usr/bin:/bin", **demo_server})
        assert done.returncode == 0, f"{name}:\n{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        for expected in re.findall(r"^# expect: (.+)$", block, flags=re.M):
            assert expected.strip() in done.stdout, f"{name}:\n{block}\n--- stdout\n{done.stdout[:2000]}"
