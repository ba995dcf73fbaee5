"""Where a parent's answers wait between pages and between visits: encrypted, in a database.

Each draft belongs to a resume code (prep.resume_codes). The code itself is never
stored, shown only once, and never logged:

- the row's id is SHA-256 over a domain-separation prefix and the code, so the code
  finds its draft but the database cannot give the code back;
- the key is scrypt(code, a random salt per draft); the answers (Statement JSON and
  the step the parent was on) are sealed with AES-256-GCM under a fresh 12-byte nonce
  on every save, with the row id as associated data, so a ciphertext copied into
  another row does not decrypt.

The browser's signed session cookie holds an `Access`: the row id and the derived key,
so ordinary page saves do not pay for scrypt. Nothing on the server keeps the key or
the code: a copy of the database together with the server's configuration is not
enough to read a draft. A new draft starts under a random code that nobody sees;
"Save and come back later" (issue_code) moves it under a new code that the parent
writes down, and the old code and cookie stop working.

The table holds id, salt, nonce, ciphertext, updated_at and expires_at, nothing else.
Plaintext is padded to a multiple of 1 KiB, so the length of a row says only roughly
how much was written. A draft expires `idle_days` after its last save, or
`days_after_conference` after the meeting date, whichever is sooner; expired drafts are
treated as gone (and deleted) on every read, and purge() deletes the rest.

SQLite by default (WAL, secure_delete, BEGIN IMMEDIATE for writes), PostgreSQL for a
`postgresql+psycopg://` URL. If the database cannot be reached, every method raises
DraftStoreUnavailable, whose message names no answer, code or connection detail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from . import resume_codes
from .statement import Statement, StatementError

log = logging.getLogger(__name__)

UTC = dt.timezone.utc
LOOKUP_PREFIX = b"conference-prep/draft-lookup@1\x00"  # domain separation for the row id
PLAINTEXT_FORMAT = "conference-prep/draft@1"
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
PAD_TO = 1024  # plaintext is padded to a multiple of this many bytes
SCRYPT_R, SCRYPT_P = 8, 1
# ~95 ms and 32 MiB per derivation on the 2-core reference machine (see bench/bench_drafts.py).
DEFAULT_SCRYPT_N = 2 ** 15

_ID = re.compile(r"[0-9a-f]{64}")


# --- the public interface ------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What the browser's signed session cookie holds: the draft's row id and its key."""

    draft_id: str  # hex SHA-256 of the (unshown or issued) code; not the code
    key: bytes = field(repr=False)  # 32-byte AES key derived from the code; never printed


@dataclass
class Draft:
    statement: Statement = field(repr=False)  # never printed: it holds the answers
    step_id: str  # where the parent was


class DraftStoreUnavailable(Exception):
    """The draft database could not be reached or written. The message is safe to log."""


class DraftStore:
    def __init__(self, url: str = "sqlite:///instance/drafts.sqlite3", *, idle_days: int = 28,
                 days_after_conference: int = 14, scrypt_n: int = DEFAULT_SCRYPT_N,
                 clock: Callable[[], dt.datetime] | None = None):
        if scrypt_n < 2 or scrypt_n & (scrypt_n - 1):
            raise ValueError("scrypt_n must be a power of two")
        self.idle_days = idle_days
        self.days_after_conference = days_after_conference
        self.scrypt_n = scrypt_n
        self._clock = clock or (lambda: dt.datetime.now(UTC))
        self._url = sa.engine.make_url(url)
        self._is_sqlite = self._url.get_backend_name() == "sqlite"
        self._engine = _make_engine(self._url)
        # Reads on SQLite start a plain (deferred) transaction; writes take the lock up front.
        self._reader = self._engine.execution_options(sqlite_begin="DEFERRED")
        self._schema_lock = threading.Lock()
        self._schema_ready = False
        try:
            self._ensure_schema()
        except DraftStoreUnavailable as exc:
            # Start anyway: pages that need no draft still work, and each call retries.
            log.warning("%s; will retry on first use", exc)

    # --- drafts ----------------------------------------------------------------------------

    def create(self, statement: Statement, step_id: str) -> Access:
        """A new draft under a fresh random code that is never shown."""
        plaintext = _pack(statement, step_id)
        self._ensure_schema()
        for _ in range(3):
            code = resume_codes.new_code()
            draft_id, salt = _lookup_id(code), os.urandom(SALT_BYTES)
            key = self._derive(code, salt)
            now = self._now()
            nonce, ciphertext = _seal(key, draft_id, plaintext)
            try:
                with self._write() as conn:
                    conn.execute(sa.insert(drafts).values(
                        id=draft_id, salt=salt, nonce=nonce, ciphertext=ciphertext,
                        updated_at=now, expires_at=self._expiry(statement, now)))
            except sa_exc.IntegrityError:  # that code is in use (about 1 chance in 10^22): draw again
                continue
            return Access(draft_id, key)
        raise RuntimeError("could not find an unused resume code")

    def save(self, access: Access, statement: Statement, step_id: str) -> bool:
        """Replace the draft's answers. False if it is gone (expired, deleted, moved to a new
        code) or the key does not open it; the caller then starts a new draft."""
        if not _usable(access):
            return False
        plaintext = _pack(statement, step_id)
        nonce, ciphertext = _seal(access.key, access.draft_id, plaintext)
        self._ensure_schema()
        now = self._now()
        expires_at = self._expiry(statement, now)
        row_id = drafts.c.id == access.draft_id
        with self._write() as conn:
            row = conn.execute(sa.select(drafts.c.nonce, drafts.c.ciphertext, drafts.c.expires_at)
                               .where(row_id)).first()
            if row is None:
                return False
            if row.expires_at <= now:
                conn.execute(sa.delete(drafts).where(row_id))
                return False
            # Only the holder of the key may overwrite: a wrong key must not destroy the draft.
            if _open(access.key, access.draft_id, row.nonce, row.ciphertext) is None:
                return False
            # One UPDATE of the whole sealed value: two tabs saving at once never mix,
            # the last complete save wins.
            updated = conn.execute(sa.update(drafts).where(row_id).values(
                nonce=nonce, ciphertext=ciphertext, updated_at=now, expires_at=expires_at))
            return updated.rowcount == 1

    def load(self, access: Access) -> Draft | None:
        """The draft's answers and step, or None if it is gone, expired (then deleted) or
        the key does not open it."""
        if not _usable(access):
            return None
        self._ensure_schema()
        now = self._now()
        row = self._read_row(access.draft_id)
        if row is None:
            return None
        if row.expires_at <= now:
            self._delete_expired(access.draft_id, now)
            return None
        plaintext = _open(access.key, access.draft_id, row.nonce, row.ciphertext)
        return _unpack(plaintext) if plaintext is not None else None

    def issue_code(self, access: Access) -> tuple[str, Access] | None:
        """"Save and come back later": move the draft under a new code and return
        (code, new access). The old code and the old access stop working. None if gone."""
        if not _usable(access):
            return None
        self._ensure_schema()
        for _ in range(3):
            code = resume_codes.new_code()
            new_id, salt = _lookup_id(code), os.urandom(SALT_BYTES)
            key = self._derive(code, salt)  # before taking any lock: it is the slow part
            now = self._now()
            old_id = drafts.c.id == access.draft_id
            try:
                with self._write() as conn:
                    row = conn.execute(sa.select(drafts.c.nonce, drafts.c.ciphertext, drafts.c.expires_at)
                                       .where(old_id).with_for_update()).first()
                    if row is None:
                        return None
                    if row.expires_at <= now:
                        conn.execute(sa.delete(drafts).where(old_id))
                        return None
                    plaintext = _open(access.key, access.draft_id, row.nonce, row.ciphertext)
                    draft = _unpack(plaintext) if plaintext is not None else None
                    if draft is None:
                        return None
                    nonce, ciphertext = _seal(key, new_id, plaintext)
                    conn.execute(sa.insert(drafts).values(
                        id=new_id, salt=salt, nonce=nonce, ciphertext=ciphertext,
                        updated_at=now, expires_at=self._expiry(draft.statement, now)))
                    conn.execute(sa.delete(drafts).where(old_id))
            except sa_exc.IntegrityError:  # new code already in use: draw again
                continue
            return code, Access(new_id, key)
        raise RuntimeError("could not find an unused resume code")

    def resume(self, code: str) -> tuple[Access, Draft] | None:
        """Open a draft by its code, on any device. None for any code that does not open a
        live draft (malformed, unknown, expired, replaced), so callers show one message."""
        code = resume_codes.normalise(code) if isinstance(code, str) else None
        if code is None:
            return None
        draft_id = _lookup_id(code)
        self._ensure_schema()
        now = self._now()
        row = self._read_row(draft_id)
        if row is None:
            return None
        if row.expires_at <= now:
            self._delete_expired(draft_id, now)
            return None
        key = self._derive(code, row.salt)
        plaintext = _open(key, draft_id, row.nonce, row.ciphertext)
        draft = _unpack(plaintext) if plaintext is not None else None
        if draft is None:
            return None
        return Access(draft_id, key), draft

    def delete(self, access_or_draft_id: Access | str) -> None:
        """Delete the draft now (nothing happens if it is already gone)."""
        draft_id = access_or_draft_id.draft_id if isinstance(access_or_draft_id, Access) else access_or_draft_id
        if not isinstance(draft_id, str) or not _ID.fullmatch(draft_id):
            return
        self._ensure_schema()
        with self._write() as conn:
            conn.execute(sa.delete(drafts).where(drafts.c.id == draft_id))

    def purge(self) -> int:
        """Delete every expired draft; return how many."""
        self._ensure_schema()
        now = self._now()
        with self._write() as conn:
            return conn.execute(sa.delete(drafts).where(drafts.c.expires_at <= now)).rowcount

    def dispose(self) -> None:
        """Close pooled connections (tests, benchmarks, shutdown)."""
        self._engine.dispose()

    # --- helpers ---------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the draft store's clock must return an aware datetime")
        return now.astimezone(UTC)

    def _expiry(self, statement: Statement, now: dt.datetime) -> dt.datetime:
        expires = now + dt.timedelta(days=self.idle_days)
        try:
            meeting = statement.about.conference_day
            if meeting is not None:
                # 00:00 UTC at the start of the day `days_after_conference` after the meeting.
                after = dt.datetime.combine(meeting + dt.timedelta(days=self.days_after_conference),
                                            dt.time(), tzinfo=UTC)
                # A meeting date already long gone (often a typing slip) must not delete
                # the draft the moment it is saved: then the idle limit alone applies.
                if after > now:
                    expires = min(expires, after)
        except (ValueError, OverflowError):
            pass  # no usable meeting date: the idle limit alone applies
        return expires

    def _derive(self, code: str, salt: bytes) -> bytes:
        return Scrypt(salt=salt, length=KEY_BYTES, n=self.scrypt_n, r=SCRYPT_R, p=SCRYPT_P).derive(
            code.encode("ascii"))

    def _read_row(self, draft_id: str):
        with self._guard(), self._reader.connect() as conn:
            return conn.execute(sa.select(drafts.c.salt, drafts.c.nonce, drafts.c.ciphertext,
                                          drafts.c.expires_at).where(drafts.c.id == draft_id)).first()

    def _delete_expired(self, draft_id: str, now: dt.datetime) -> None:
        # "and still expired": never delete a row that something else has just replaced.
        with self._write() as conn:
            conn.execute(sa.delete(drafts).where(drafts.c.id == draft_id, drafts.c.expires_at <= now))

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self._guard(), self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError,
                sa_exc.TimeoutError, OSError) as exc:
            # The cause's text can name the host or the SQL; this message names neither.
            kind = type(getattr(exc, "orig", None) or exc).__name__
            raise DraftStoreUnavailable(f"the draft database could not be used ({kind})") from exc

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            with self._guard():
                if self._is_sqlite:
                    _prepare_sqlite_file(self._url.database)
                try:
                    metadata.create_all(self._engine)
                except (sa_exc.ProgrammingError, sa_exc.IntegrityError):
                    metadata.create_all(self._engine)  # another process created it at the same moment
            self._schema_ready = True


# --- the table -----------------------------------------------------------------------------


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
drafts = sa.Table(
    "drafts", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # hex SHA-256(prefix + code)
    sa.Column("salt", sa.LargeBinary(SALT_BYTES), nullable=False),
    sa.Column("nonce", sa.LargeBinary(NONCE_BYTES), nullable=False),
    sa.Column("ciphertext", sa.LargeBinary, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False, index=True),
)


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
            # A write transaction that first reads (save, issue_code) must hold the write lock
            # from the start, or a concurrent commit makes it fail instead of wait.
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


# --- sealing -------------------------------------------------------------------------------


def _lookup_id(code: str) -> str:
    return hashlib.sha256(LOOKUP_PREFIX + code.encode("ascii")).hexdigest()


def _usable(access) -> bool:
    return (isinstance(access, Access) and isinstance(access.draft_id, str) and bool(_ID.fullmatch(access.draft_id))
            and isinstance(access.key, bytes) and len(access.key) == KEY_BYTES)


def _pack(statement: Statement, step_id: str) -> bytes:
    data = statement.to_dict()
    # Refuse now what could not be read back later, rather than lose the draft on the next page.
    Statement.from_dict(data)
    raw = json.dumps({"format": PLAINTEXT_FORMAT, "step": str(step_id), "statement": data},
                     ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw + b" " * (-len(raw) % PAD_TO)  # JSON ignores trailing spaces


def _unpack(plaintext: bytes) -> Draft | None:
    try:
        data = json.loads(plaintext.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != PLAINTEXT_FORMAT or not isinstance(data.get("step"), str):
            return None
        return Draft(Statement.from_dict(data.get("statement")), data["step"])
    except (ValueError, StatementError, RecursionError):
        return None


def _seal(key: bytes, draft_id: str, plaintext: bytes) -> tuple[bytes, bytes]:
    nonce = os.urandom(NONCE_BYTES)  # fresh on every save
    return nonce, AESGCM(key).encrypt(nonce, plaintext, draft_id.encode("ascii"))


def _open(key: bytes, draft_id: str, nonce: bytes, ciphertext: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(bytes(nonce), bytes(ciphertext), draft_id.encode("ascii"))
    except (InvalidTag, ValueError):
        return None
