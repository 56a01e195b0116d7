"""A load run through a database outage: lost writes, 5xx outside the outage, 503s during it, log volume.

What it does
    Starts a PostgreSQL server of its own (initdb + pg_ctl on a free port in a temporary directory,
    tests/core/fault_rig.py, shared with the fault test), migrates it, and serves the app with
    gunicorn as production runs it (gunicorn.conf.py, GLOSS_ENV=production, 2 sync workers). N client
    threads (one user each) then, for --seconds, create notes (POST /api/annotations) and read
    (a note of their own by id, or the listing of the article's URL), half and half. In the middle of
    the run PostgreSQL is stopped (`pg_ctl stop -m fast`: open connections are cut, in-flight
    transactions rolled back) for --outage seconds and started again; gunicorn is never restarted.
    Afterwards every acknowledged note (answered 201) is fetched by id.

    A request belongs to the outage when it overlaps the time from the stop command to the start
    command's return; before / after otherwise.

Targets (printed with PASS/FAIL)
    - 0 acknowledged writes lost (every 201 note answers 200 afterwards);
    - 0 5xx (and 0 connection errors) before and after the outage;
    - during it, 503s, and every 5xx a 503 with Retry-After and {"error": {"code": "unavailable"}};
    - the log written from the stop to the end of the run, per failed request: < 500 bytes;
    - no gunicorn worker restarted or timed out.
    The exit status is 0 when every target passes, 1 otherwise.

How to run (from the repository root; needs PostgreSQL's binaries, e.g. /usr/lib/postgresql/15/bin,
found as the fault test finds them; as root the server runs as the `postgres` user)
    .venv/bin/python bench/fault_bench.py                    # 60 s, outage of 10 s, 16 clients
    .venv/bin/python bench/fault_bench.py --seconds 20 --outage 5 --clients 8
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import requests  # noqa: E402

from server import migrate  # noqa: E402
from tests.annotations.conftest import ARTICLE_URL, make_note  # noqa: E402
from tests.core import fault_rig  # noqa: E402

MAX_LOG_BYTES_PER_FAILURE = 500
PHASES = ("before", "during", "after")


@dataclass
class Outage:
    stop_at: float = float("inf")  # when the stop command was issued
    up_at: float = float("inf")  # when the start command returned (PostgreSQL accepts connections)

    def phase(self, started: float, ended: float) -> str:
        if ended < self.stop_at:
            return "before"
        if started > self.up_at:
            return "after"
        return "during"


@dataclass
class Tally:
    statuses: dict = field(default_factory=lambda: {phase: Counter() for phase in PHASES})
    bad_503s: int = 0  # a 5xx during the outage that is not our 503 with Retry-After
    during_seconds: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _client(base: str, headers: dict, until: float, outage: Outage, tally: Tally, seed: int) -> None:
    rng, mine, session = random.Random(seed), [], requests.Session()
    n = 0
    while time.monotonic() < until:
        n += 1
        write = not mine or rng.random() < 0.5
        started = time.monotonic()
        try:
            if write:
                note = make_note(body=[{"type": "TextualBody", "value": f"fault bench {seed}/{n}",
                                        "format": "text/plain"}])
                response = session.post(f"{base}/api/annotations", json=note, headers=headers, timeout=30)
            elif rng.random() < 0.5:
                response = session.get(rng.choice(mine), timeout=30)
            else:
                response = session.get(f"{base}/api/annotations", params={"url": ARTICLE_URL, "limit": 10},
                                       timeout=30)
            status = response.status_code
        except requests.RequestException:
            response, status = None, "connection error"
        ended = time.monotonic()
        phase = outage.phase(started, ended)
        with tally.lock:
            tally.statuses[phase][status] += 1
            if phase == "during":
                tally.during_seconds.append(ended - started)
                if isinstance(status, int) and status >= 500 and not _is_our_503(response):
                    tally.bad_503s += 1
            if write and status == 201:
                tally.acknowledged.append(response.json()["id"].replace("/annotations/", "/api/annotations/"))
        if write and status == 201:
            mine.append(tally.acknowledged[-1])


def _is_our_503(response) -> bool:
    try:
        return (response.status_code == 503 and int(response.headers.get("Retry-After", "0")) >= 1
                and response.json()["error"]["code"] == "unavailable")
    except ValueError:
        return False


def _lost(acknowledged: list) -> list:
    session = requests.Session()
    return [url for url in acknowledged if session.get(url, timeout=30).status_code != 200]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load run (default 60)")
    parser.add_argument("--outage", type=float, default=10, help="seconds PostgreSQL is down (default 10)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads (default 16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    args = parser.parse_args()
    reason = fault_rig.unavailable_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 1

    with fault_rig.ThrowawayPostgres() as postgres, tempfile.TemporaryDirectory(prefix="gloss-fault-") as tmp:
        migrate.upgrade(postgres.url())
        server = fault_rig.Gunicorn(postgres.url(), Path(tmp) / "gunicorn.log", workers=args.workers)
        try:
            return _run(args, postgres, server)
        finally:
            server.stop()


def _run(args, postgres, server) -> int:
    headers = [fault_rig.sign_up(server.base, f"bench{i}") for i in range(args.clients)]
    boot_log = server.log_text()
    outage, tally = Outage(), Tally()
    started = time.monotonic()
    until = started + args.seconds
    threads = [threading.Thread(target=_client, args=(server.base, headers[i], until, outage, tally, i), daemon=True)
               for i in range(args.clients)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, (args.seconds - args.outage) / 2))
    log_from = server.log_size()
    outage.stop_at = time.monotonic()
    postgres.stop("fast")
    time.sleep(args.outage)
    postgres.start()
    outage.up_at = time.monotonic()
    for thread in threads:
        thread.join()
    log_bytes = server.log_size() - log_from
    outage_log = server.log_text(len(boot_log.encode()))

    lost = _lost(tally.acknowledged)
    during, outside = tally.statuses["during"], tally.statuses["before"] + tally.statuses["after"]
    failed = sum(n for status, n in during.items() if not isinstance(status, int) or status >= 500)
    outside_5xx = sum(n for status, n in outside.items() if not isinstance(status, int) or status >= 500)
    per_failure = log_bytes / failed if failed else float("inf")
    restarts = len(re.findall(r"Booting worker|WORKER TIMEOUT", outage_log))
    total = sum(sum(c.values()) for c in tally.statuses.values())

    print(f"fault bench: {args.seconds:.0f} s, PostgreSQL stopped for {args.outage:.0f} s "
          f"(stop at {outage.stop_at - started:.1f} s, accepting again at {outage.up_at - started:.1f} s), "
          f"{args.clients} clients, gunicorn {args.workers} sync workers; {total} requests "
          f"({total / args.seconds:.0f}/s)")
    for phase in PHASES:
        counts = ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses[phase].items(), key=str))
        print(f"  {phase:>6}: {counts}")
    if tally.during_seconds:
        print(f"  request time during the outage: p50 {statistics.median(tally.during_seconds) * 1000:.1f} ms, "
              f"max {max(tally.during_seconds) * 1000:.0f} ms")
    print(f"  acknowledged writes (201): {len(tally.acknowledged)}; missing afterwards: {len(lost)}")
    print(f"  log from the stop to the end: {log_bytes} bytes, {outage_log.count(chr(10))} lines, "
          f"{outage_log.count('Traceback')} tracebacks; {per_failure:.1f} bytes per failed request")
    print("  log lines from the stop on:")
    for line in server.log_text(log_from).splitlines():
        print(f"    {line}")
    targets = [
        ("0 acknowledged writes lost", not lost),
        ("0 5xx or connection errors outside the outage", outside_5xx == 0),
        ("503 during the outage, every 5xx a 503 with Retry-After and code unavailable",
         during.get(503, 0) > 0 and tally.bad_503s == 0),
        (f"log per failed request < {MAX_LOG_BYTES_PER_FAILURE} bytes ({per_failure:.1f})",
         per_failure < MAX_LOG_BYTES_PER_FAILURE),
        ("no gunicorn worker restarted or timed out", restarts == 0),
    ]
    for name, ok in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
