"""Chromium with a private copy of the extension, for the corpus run (test and bench).

Why not the shared `extension` fixture: it loads extension/dist/chrome, which extension/build.mjs
deletes and rewrites whenever anyone's browser test builds it; on this shared machine that happens
during our ~3-minute run, and the extension then stops answering mid-run (seen 2026-12-02: the first
page's panel never appeared). A copy of our own cannot change under us.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

REPO = Path(__file__).resolve().parents[2]


def copy_extension(target: Path) -> Path:
    """What extension/build.mjs makes for Chrome (the sources and the Chrome manifest), into `target`."""
    source = REPO / "extension"
    target.mkdir(parents=True, exist_ok=True)
    for entry in ("src", "popup.html", "options.html"):
        if (source / entry).is_dir():
            shutil.copytree(source / entry, target / entry)
        else:
            shutil.copy(source / entry, target / entry)
    shutil.copy(source / "manifest.chrome.json", target / "manifest.json")
    return target


def launch(playwright, workdir: Path):
    """(context, service worker) of a headless Chromium with our copy of the extension loaded."""
    extension = copy_extension(workdir / "extension")
    context = playwright.chromium.launch_persistent_context(
        str(workdir / "profile"), executable_path=chromium_path(), headless=True,
        ignore_default_args=["--disable-extensions"],
        args=CHROMIUM_ARGS + [f"--disable-extensions-except={extension}", f"--load-extension={extension}"])
    worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
    # The worker's first evaluation can run before the extension API is bound; wait for it.
    for _ in range(50):
        if worker.evaluate("() => typeof chrome !== 'undefined' && Boolean(chrome.storage)"):
            break
        time.sleep(0.1)
    return context, worker
