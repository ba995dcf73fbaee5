"""A PostgreSQL server for the tests that run against both database backends.

`postgres_server` (session scope) yields a SQLAlchemy URL:

1. TEST_DATABASE_URL, if set, is used as it is (a server someone else runs);
2. otherwise, if PostgreSQL's server programs are installed (Debian puts them in
   /usr/lib/postgresql/<version>/bin/, `scripts/postgres-for-tests.sh` installs them), a
   throwaway cluster is made in a temporary folder, listening on 127.0.0.1 at a free port
   with a random password, and removed at the end of the session. As root the server
   programs run as the `postgres` user (PostgreSQL refuses to run as root);
3. otherwise the tests are skipped with a reason, except in CI (CI=true), where a missing
   server is a failure: the PostgreSQL tests must never quietly stop running there.

`postgres_schema_url(server_url)` gives each test its own schema (via search_path), so
tests never see each other's rows and nothing outside that schema is touched.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

DATABASE = "prep_test"
START_TIMEOUT = 60  # seconds for pg_ctl to report the server started


def _server_bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: the newest Debian version, else PATH."""
    def version(path: str) -> tuple[int, ...]:
        match = re.search(r"/postgresql/([\d.]+)/bin$", path)
        return tuple(int(part) for part in match.group(1).split(".")) if match else (0,)

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if os.access(f"{candidate}/initdb", os.X_OK) and os.access(f"{candidate}/pg_ctl", os.X_OK):
            return Path(candidate)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    """PostgreSQL will not run as root: as root, run it as `postgres`."""
    if os.geteuid() != 0:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *argv]
    import shlex
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(argv)]


def _run(argv: list[str], what: str) -> None:
    result = subprocess.run(_as_server_user(argv), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"PostgreSQL for tests: {what} failed (exit {result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}", pytrace=False)


@contextmanager
def _throwaway_cluster(bin_dir: Path) -> Iterator[str]:
    if os.geteuid() == 0:
        import pwd
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("PostgreSQL for tests: running as root but there is no `postgres` user to run "
                        "the server as (install Debian's postgresql package: scripts/postgres-for-tests.sh)",
                        pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="prep-pg-"))
    data, log = root / "data", root / "server.log"
    password = secrets.token_urlsafe(24)
    (root / "pwfile").write_text(password + "\n")
    if os.geteuid() == 0:
        for path in (root, root / "pwfile"):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    started = False
    try:
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "scram-sha-256",
              f"--pwfile={root / 'pwfile'}", "-E", "UTF8", "--no-locale", "--no-sync"], "initdb")
        (root / "pwfile").unlink()
        for attempt in range(3):  # the free port can be taken between choosing and listening
            port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={root} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
            result = subprocess.run(_as_server_user([
                str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                "-w", "-t", str(START_TIMEOUT), "start"]), capture_output=True, text=True, timeout=START_TIMEOUT + 30)
            if result.returncode == 0:
                started = True
                break
        if not started:
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else result.stderr[-3000:]
            pytest.fail(f"PostgreSQL for tests: the server did not start:\n{tail}", pytrace=False)
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password,
                             dbname="postgres", autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if started:
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                            "-w", "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A SQLAlchemy URL of a PostgreSQL database the tests may use (see the module docstring)."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    bin_dir = _server_bin_dir()
    if bin_dir is None:
        reason = ("PostgreSQL server programs (initdb, pg_ctl) not found: run scripts/postgres-for-tests.sh "
                  "or set TEST_DATABASE_URL")
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI never skips the PostgreSQL tests)", pytrace=False)
        pytest.skip(reason)
    with _throwaway_cluster(bin_dir) as url:
        yield url


@contextmanager
def postgres_schema_url(server_url: str) -> Iterator[str]:
    """A URL whose tables go into a new, empty schema; the schema is dropped afterwards."""
    import psycopg
    import sqlalchemy as sa

    url = sa.engine.make_url(server_url)
    schema = "test_" + secrets.token_hex(6)
    conninfo = dict(host=url.host, port=url.port, user=url.username, password=url.password,
                    dbname=url.database, autocommit=True, connect_timeout=10)
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield url.update_query_dict({"options": f"-c search_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
