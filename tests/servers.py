"""Real servers for the tests that need them: a throwaway Redis, and the app under gunicorn
(production settings, several workers) on a free loopback port."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _missing(what: str, how: str) -> None:
    reason = f"{what} is missing: {how}"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " — in CI a missing server is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """redis://127.0.0.1:PORT/0 of a Redis started for this test session (no disk, no password,
    loopback only)."""
    server = shutil.which("redis-server")
    if server is None:
        _missing("redis-server", "run `bash scripts/redis-for-tests.sh` (or `apt-get install redis-server`)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("redis-server did not start")
        time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


@contextmanager
def gunicorn(tmp_path: Path, env: dict[str, str], *args: str, ready_path: str = "/en/") -> Iterator[str]:
    """The app under gunicorn with `args` (e.g. "-c", "gunicorn.conf.py"); yields its base URL.
    The environment starts from a clean production-like set: a shared SECRET_KEY, SQLite in
    tmp_path, plain http on loopback."""
    port = free_port()
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "APP_ENV": "production",
                "SECRET_KEY": "gunicorn-test-secret-key-0123456789abcdef", "TRUSTED_HOSTS": "127.0.0.1",
                "SESSION_COOKIE_SECURE": "0", "DATABASE_URL": f"sqlite:///{tmp_path}/drafts.sqlite3",
                "BIND": f"127.0.0.1:{port}", **env}
    log = open(tmp_path / "gunicorn.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                                "--no-control-socket", *args, "app:app"], cwd=ROOT, env=full_env,
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url + ready_path, timeout=5):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.close()
                raise AssertionError("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
