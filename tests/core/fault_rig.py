"""What the fault test (tests/core/test_database_outage.py) and bench/fault_bench.py both run: a PostgreSQL
server of their own, to stop and start at will, and gunicorn serving the app on it as production does.

`ThrowawayPostgres()` runs initdb in a new temporary directory, and `start()` / `stop()` run pg_ctl on a
free loopback port (TCP only, no Unix socket, trust authentication). PostgreSQL refuses to run as
root; as root the server runs as the `postgres` user (through runuser). `close()` stops it and
deletes the directory.

`unavailable_reason()` says why no such server can be started here (no binaries, root without a
`postgres` user), or returns None. The binaries are found on GLOSS_PG_BIN, else in
/usr/lib/postgresql/<newest>/bin, else on PATH.

`Gunicorn(database_url, log_path, workers)` starts `gunicorn --config gunicorn.conf.py` (production
settings, stdout and stderr into `log_path`) and waits for its health check; `stop()` ends it.
`sign_up(base, name)` registers a user over HTTP and returns its bearer header.
"""
from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"

REQUIRE_VARIABLE = "GLOSS_REQUIRE_POSTGRES"  # .ci/run sets it: a missing PostgreSQL fails, never skips
RUN_AS = "postgres"


def _bin_dir() -> Path | None:
    given = os.environ.get("GLOSS_PG_BIN")
    if given:
        return Path(given)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                      if p.parent.name.isdigit() else 0)
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _run_as() -> str | None:
    """The user to run the server as: None to run it as ourselves (not root)."""
    return RUN_AS if os.geteuid() == 0 else None


def unavailable_reason() -> str | None:
    bin_dir = _bin_dir()
    if bin_dir is None or not all((bin_dir / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
        return "PostgreSQL's initdb/pg_ctl were not found (set GLOSS_PG_BIN, or install postgresql)"
    if _run_as() is not None:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root, and there is no {RUN_AS!r} user to run PostgreSQL as"
        if shutil.which("runuser") is None:
            return "running as root, and runuser (util-linux) is missing"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    def __init__(self, database: str = "gloss") -> None:
        reason = unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bin_dir, self.user, self.database = _bin_dir(), _run_as(), database
        self.root = Path(tempfile.mkdtemp(prefix="gloss-pg-"))
        self.data, self.logfile = self.root / "data", self.root / "postgres.log"
        self.port = free_port()
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        try:
            self._run("initdb", "--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-sync",
                      "--no-instructions", "-D", str(self.data))
            self.start()
            with psycopg.connect(self.url("postgres", driver=""), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{database}"')
        except BaseException:
            self.close()
            raise

    def url(self, database: str | None = None, driver: str = "+psycopg") -> str:
        return f"postgresql{driver}://postgres@127.0.0.1:{self.port}/{database or self.database}"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stdout}{done.stderr}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
        self._run("pg_ctl", "start", "-w", "-t", "30", "-D", str(self.data), "-l", str(self.logfile),
                  "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` rolls back open transactions and closes every connection."""
        self._run("pg_ctl", "stop", "-w", "-t", "30", "-m", mode, "-D", str(self.data))

    def close(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop("immediate")
            except RuntimeError:
                pass
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> ThrowawayPostgres:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class Gunicorn:
    """The app under real gunicorn, as `make run` and the Dockerfile start it (gunicorn.conf.py)."""

    def __init__(self, database_url: str, log_path: Path, workers: int = 2, env: dict | None = None) -> None:
        self.port, self.log_path = free_port(), log_path
        self.base = f"http://127.0.0.1:{self.port}"
        # Production settings; rate limits out of the way of a test that writes from one address.
        unlimited = "1000000/minute"
        self.env = {**os.environ, "GLOSS_ENV": "production", "SECRET_KEY": "s" * 64, "DATABASE_URL": database_url,
                    "PUBLIC_BASE_URL": self.base, "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "1024",
                    "GLOSS_RATE_ANON_WRITES": unlimited, "GLOSS_RATE_USER_WRITES": unlimited,
                    "GLOSS_RATE_ANON_READS": unlimited, "GLOSS_RATE_USER_READS": unlimited,
                    "GLOSS_RATE_SIGNIN": unlimited, **(env or {})}
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_file = open(log_path, "wb")
        self.proc = subprocess.Popen([str(gunicorn), "--config", "gunicorn.conf.py", "--workers", str(workers),
                                      "--bind", f"127.0.0.1:{self.port}", "server.wsgi:app"],
                                     cwd=REPO, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT)
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise

    def _wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                if requests.get(f"{self.base}/api/health", timeout=10).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)

    def log_size(self) -> int:
        self.log_file.flush()
        return self.log_path.stat().st_size

    def log_text(self, start: int = 0) -> str:
        with open(self.log_path, "rb") as log:
            log.seek(start)
            return log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def sign_up(base: str, name: str) -> dict:
    """A new contributor through the API: its `Authorization` header."""
    created = requests.post(f"{base}/api/users", json={"username": name, "email": f"{name}@example.org",
                                                       "password": PASSWORD}, timeout=30)
    assert created.status_code == 201, created.text
    token = requests.post(f"{base}/api/tokens", json={"username": name, "password": PASSWORD}, timeout=30)
    assert token.status_code == 201, token.text
    return {"Authorization": f"Bearer {token.json()['token']}"}


def set_role(server: Gunicorn, name: str, role: str) -> None:
    """`flask --app server set-role NAME ROLE` on the server's database, as an operator runs it."""
    flask = Path(sys.executable).with_name("flask")
    subprocess.run([str(flask), "--app", "server", "set-role", name, role], cwd=REPO, env=server.env,
                   check=True, capture_output=True, timeout=60)
