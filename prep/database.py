"""The database behind drafts, sessions and phone unlocks: tables, engine, safe errors.

SQLite by default (WAL, secure_delete, BEGIN IMMEDIATE for writes), PostgreSQL for a
`postgresql+psycopg://` URL. If the database cannot be reached, every use raises
DraftStoreUnavailable, whose message names no answer, code or connection detail.

What a copy of the database holds (nothing readable without the server's key AND
something only the parent has):
- sealed_drafts: a random id, the answers sealed with the draft's own random key,
  that key wrapped under the resume code (scrypt) if one was issued, the code's
  HMAC under a server key (to find the row), and the day it expires;
- browser_sessions: one row per signed-in browser tab set; the draft's key sealed
  under the session token (only in the browser's cookie) and a server key;
- phone_unlocks: the draft's key sealed under the parent's unlock number, a random
  secret in a cookie on that phone and a server key, with the tries left;
- outbox: a statement on its way to the conference team (prep/outbox.py), the whole
  message sealed under a server key (it must be sendable without the parent), padded
  like drafts; erased as soon as the mail server accepts it or the service gives up.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

log = logging.getLogger(__name__)
UTC = dt.timezone.utc


class DraftStoreUnavailable(Exception):
    """The draft database could not be reached or written. The message is safe to log."""


class UTCDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python; TIMESTAMPTZ on PostgreSQL, naive UTC text on SQLite."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the draft store")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

sealed_drafts = sa.Table(
    "sealed_drafts", metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # random; says nothing about the code
    sa.Column("code_lookup", sa.String(64), unique=True, nullable=True),  # HMAC(server key, code)
    sa.Column("code_salt", sa.LargeBinary(16), nullable=True),
    sa.Column("code_wrap", sa.LargeBinary, nullable=True),  # the draft key under scrypt(code)
    sa.Column("sealed", sa.LargeBinary, nullable=False),  # nonce + AES-GCM(answers, padded)
    # A day, not a time: a copy of the database should not say when a parent typed.
    sa.Column("expires_on", sa.Date, nullable=False, index=True),
)

browser_sessions = sa.Table(
    "browser_sessions", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # HMAC(server key, token in the cookie)
    sa.Column("draft_id", sa.String(32), nullable=False, index=True),
    sa.Column("sealed", sa.LargeBinary, nullable=False),  # the draft key under token + server key
    sa.Column("started_at", UTCDateTime, nullable=False),  # for the absolute lifetime
    sa.Column("seen_at", UTCDateTime, nullable=False),  # for the idle timeout
    sa.Column("ended_at", UTCDateTime, nullable=True),  # Exit: write-only for a moment, then gone
)

phone_unlocks = sa.Table(
    "phone_unlocks", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # HMAC(server key, secret in the phone's cookie)
    sa.Column("draft_id", sa.String(32), nullable=False, index=True),
    sa.Column("salt", sa.LargeBinary(16), nullable=False),
    sa.Column("sealed", sa.LargeBinary, nullable=False),  # the draft key under number + phone + server
    sa.Column("tries_left", sa.Integer, nullable=False),
    sa.Column("expires_on", sa.Date, nullable=False, index=True),
)

outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # HMAC(server key, draft id + send token)
    sa.Column("draft_id", sa.String(32), nullable=False, index=True),  # deleted with the draft
    # nonce + AES-GCM(server outbox key, envelope + message, padded); empty once accepted or given up.
    sa.Column("sealed", sa.LargeBinary, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),  # queued, sending, accepted, given-up
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("next_try_at", UTCDateTime, nullable=False, index=True),
    sa.Column("lease_until", UTCDateTime, nullable=True),  # a sender is trying it until then
    sa.Column("give_up_at", UTCDateTime, nullable=False),
)


class Database:
    """One engine per app; every store shares it."""

    def __init__(self, url: str):
        self.url = sa.engine.make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine = _make_engine(self.url)
        # Reads on SQLite start a plain (deferred) transaction; writes take the lock up front.
        self._reader = self.engine.execution_options(sqlite_begin="DEFERRED")
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        try:
            self.ensure_schema()
        except DraftStoreUnavailable as exc:
            # Start anyway: pages that need no draft still work, and each call retries.
            log.warning("%s; will retry on first use", exc)

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        self.ensure_schema()
        with self.guard(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        self.ensure_schema()
        with self.guard(), self._reader.begin() as conn:
            yield conn

    @contextmanager
    def guard(self) -> Iterator[None]:
        try:
            yield
        except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                sa_exc.TimeoutError, OSError) as exc:
            # The cause's text can name the host or the SQL; this message names neither.
            kind = type(getattr(exc, "orig", None) or exc).__name__
            raise DraftStoreUnavailable(f"the draft database could not be used ({kind})") from exc

    def forget_deleted(self) -> None:
        """After deleting answers: make sure no copy is left in SQLite's write-ahead log.

        secure_delete zeroes the freed pages of the main file, but until a checkpoint the
        old pages still sit in the -wal file; TRUNCATE copies them back (zeroed) and empties it."""
        if not self.is_sqlite:
            return
        with self.guard(), self.engine.connect() as conn:
            # On the driver's own connection (autocommit): a checkpoint cannot run inside a transaction.
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            with self.guard():
                if self.is_sqlite:
                    _prepare_sqlite_file(self.url.database)
                try:
                    metadata.create_all(self.engine)
                except (sa_exc.ProgrammingError, sa_exc.IntegrityError):
                    metadata.create_all(self.engine)  # another process created it at the same moment
            self._schema_ready = True

    def dispose(self) -> None:
        """Close pooled connections (tests, benchmarks, shutdown)."""
        self.engine.dispose()


def _make_engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() == "sqlite":
        # timeout: how long to wait for another writer (the busy timeout), in seconds.
        engine = sa.create_engine(url, connect_args={"timeout": 15}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
                cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are zeroed, not left in free pages
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            # A write transaction that first reads must hold the write lock from the start,
            # or a concurrent commit makes it fail instead of wait.
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {'DEFERRED' if mode == 'DEFERRED' else 'IMMEDIATE'}")

        return engine
    connect_args = {"connect_timeout": 5} if url.get_backend_name() == "postgresql" else {}
    return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)


def _prepare_sqlite_file(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Readable by the app's user only (SQLite gives -wal and -shm the same permissions).
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
