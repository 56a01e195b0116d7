"""A headless Firefox (Debian's firefox-esr) driven over WebDriver BiDi, without geckodriver.

Small on purpose: start Firefox on a throwaway profile, read the BiDi address it prints on stderr,
then send commands and wait for their answers on one websocket (the `websockets` package's
synchronous client). Events the session subscribes to are kept in `events`.
"""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from contextlib import ExitStack

from websockets.sync.client import connect

LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")

# On top of what Firefox's remote agent already sets for automation (remote.prefs.recommended):
# no first-run pages, no background traffic to outside hosts (there is no network here).
USER_PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
}


def firefox_path() -> str | None:
    for candidate in (os.environ.get("GLOSS_FIREFOX"), "/usr/bin/firefox-esr", shutil.which("firefox-esr")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


class BiDiError(RuntimeError):
    def __init__(self, method: str, answer: dict):
        self.error = answer.get("error")
        super().__init__(f"{method}: {answer.get('error')}: {answer.get('message')}")


def write_user_prefs(profile: str, prefs: dict) -> None:
    lines = [f"user_pref({json.dumps(name)}, {json.dumps(value)});" for name, value in prefs.items()]
    with open(os.path.join(profile, "user.js"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


class Firefox:
    """One headless Firefox process on `profile` (a directory the caller owns and removes)."""

    def __init__(self, executable: str, profile: str, prefs: dict | None = None, start_timeout: float = 20):
        write_user_prefs(profile, {**USER_PREFS, **(prefs or {})})
        self.log: deque[str] = deque(maxlen=200)  # Firefox's last stderr lines, for failure messages
        self.process = subprocess.Popen(
            [executable, "--headless", "--remote-debugging-port=0", "--remote-allow-system-access",
             "--no-remote", "--profile", profile],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, errors="replace", start_new_session=True,
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"})
        found: queue.Queue[str] = queue.Queue()
        # Keep draining stderr for the whole run, or Firefox blocks once the pipe is full.
        threading.Thread(target=self._read_stderr, args=(found,), daemon=True).start()
        try:
            self.bidi_url = found.get(timeout=start_timeout)
        except queue.Empty:
            self.close()
            raise RuntimeError("Firefox did not start WebDriver BiDi in time:\n" + self.recent_log()) from None

    def _read_stderr(self, found: queue.Queue) -> None:
        for line in self.process.stderr:
            self.log.append(line.rstrip())
            match = LISTENING.search(line)
            if match:
                found.put(match.group(1))

    def recent_log(self, lines: int = 40) -> str:
        return "\n".join(list(self.log)[-lines:])

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)  # its own process group (start_new_session)
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        # Whatever children outlived their parent.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class BiDi:
    """A WebDriver BiDi session on one websocket: `send` waits for the command's own answer."""

    def __init__(self, url: str, timeout: float = 10):
        # Entered as a context manager: websockets >= 17.1 warns about bare connect() otherwise.
        self._stack = ExitStack()
        self.ws = self._stack.enter_context(
            connect(url.rstrip("/") + "/session", max_size=None, open_timeout=timeout))
        self.timeout = timeout
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, timeout: float | None = None) -> dict:
        self.next_id += 1
        command_id = self.next_id
        self.ws.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{method}: no answer in time")
            message = json.loads(self.ws.recv(timeout=remaining))
            if message.get("id") == command_id:
                if message.get("type") == "error":
                    raise BiDiError(method, message)
                return message["result"]
            if message.get("type") == "event":
                self.events.append(message)

    def evaluate(self, context: str, expression: str, await_promise: bool = True):
        """The value of `expression` in the page of `context`, as plain Python (JSON-like) data."""
        result = self.send("script.evaluate", {
            "expression": expression, "target": {"context": context}, "awaitPromise": await_promise,
            "serializationOptions": {"maxObjectDepth": 5}})
        if result["type"] == "exception":
            details = result["exceptionDetails"]
            raise RuntimeError(f"script error: {details.get('text')}")
        return deserialize(result["result"])

    def wait_for(self, context: str, expression: str, timeout: float = 10, interval: float = 0.1):
        """The first truthy value of `expression`, polled until `timeout`; else the last value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(context, expression)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(interval)

    def click(self, context: str, selector: str) -> None:
        """A real mouse click (trusted events, user activation) in the middle of the element."""
        found = self.send("script.evaluate", {
            "expression": f"document.querySelector({json.dumps(selector)})",
            "target": {"context": context}, "awaitPromise": False})
        if found["type"] != "success" or found["result"]["type"] != "node":
            raise LookupError(f"no element matches {selector!r}")
        element = {"sharedId": found["result"]["sharedId"]}
        self.send("input.performActions", {"context": context, "actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": element}},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerUp", "button": 0}]}]})
        self.send("input.releaseActions", {"context": context})

    def close(self) -> None:
        try:
            self.send("session.end", timeout=3)
        except Exception:  # noqa: BLE001  (the browser is about to be killed anyway)
            pass
        self._stack.close()


def deserialize(value: dict):
    """A BiDi RemoteValue as Python data (primitives, arrays and plain objects)."""
    kind = value["type"]
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value["value"]
    if kind == "number":
        return value["value"] if isinstance(value["value"], (int, float)) else float(value["value"])
    if kind in ("array", "set"):
        return [deserialize(item) for item in value.get("value", [])]
    if kind in ("object", "map"):
        return {(key if isinstance(key, str) else deserialize(key)): deserialize(item)
                for key, item in value.get("value", [])}
    return value  # nodes, windows, functions...: the raw RemoteValue
