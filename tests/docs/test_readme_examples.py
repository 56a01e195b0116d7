"""The README's "API for third parties" examples, run with the real curl against a real HTTP server.

Each ```sh block of that section is one bash script; `$GLOSS` is the server, `$TOKEN` the demo
author's user token, `$KEY` an app key and `$NOTE` the demo headline note's id. A line
`# expect: <text>` in a block says the block's output must contain <text>. The blocks run in order, so a
later one may use a file an earlier one wrote in the working directory.
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
from server.apikeys.services import create_key
from server.annotations.models import Annotation
from server.db import db
from server.demo.article import TITLE as HEADLINE_QUOTE

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## API for third parties"


def readme_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end != -1 else None]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def test_the_section_has_examples_for_every_third_party_feature():
    joined = "\n".join(readme_blocks())
    for path in ("/api/annotations?", "/annotations/", "oa#annotationService", "/api/keys", "/feeds/annotations.atom",
                 "/api/export/annotations.jsonl", "/api/changes", "/claimreview", "/api/openapi.json"):
        assert path in joined, path


@pytest.fixture()
def demo_server(app, live_server):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--base-url", live_server])
    assert result.exit_code == 0, result.output
    with app.app_context():
        author = db.session.scalars(select(User).where(User.username == "demo")).one()
        _, token = create_token(author, "readme examples")
        note = db.session.scalars(select(Annotation).where(Annotation.quote_exact == HEADLINE_QUOTE)).one()
        _, key = create_key(author, "readme examples", max_live_keys=20)
        env = {"GLOSS": live_server, "TOKEN": token, "KEY": key, "NOTE": note.id}
        settle = app.config["GLOSS"].changes_settle_seconds
        db.session.remove()
    time.sleep(settle)  # the change feed serves changes once they are this old
    return env


def test_every_readme_example_runs_and_prints_what_it_promises(demo_server, tmp_path):
    if not (shutil.which("curl") and shutil.which("jq")):
        # Like the browser tests: reported as skipped on a bare machine, a failure in CI.
        if os.environ.get("GLOSS_REQUIRE_BROWSER") == "1":
            pytest.fail("the README examples need curl and jq (apt-get install curl jq)")
        pytest.skip("the README examples need curl and jq (apt-get install curl jq)")
    blocks = readme_blocks()
    assert blocks
    for block in blocks:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, capture_output=True,
                              text=True, timeout=60, env={"PATH": "/usr/bin:/bin", **demo_server})
        assert done.returncode == 0, f"{block}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        for expected in re.findall(r"^# expect: (.+)$", block, flags=re.M):
            assert expected.strip() in done.stdout, f"{block}\n--- stdout\n{done.stdout[:2000]}"
