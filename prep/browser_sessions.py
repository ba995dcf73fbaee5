"""Server-side session records: what lets one browser use one draft, and what ends it.

The browser's cookie holds only a random token. The row for it (found by an HMAC of
the token under a server key) holds the draft's key sealed under a key made from
the token and another server key: the cookie alone, or a copy of the database alone,
or both without the server's key, open nothing.

Ending a session deletes its row, so a copy of the old cookie opens nothing after
"Exit this page", "Delete my answers", the idle timeout or the absolute lifetime.
A session that has ended may still be *written*, never read, for a short while: a
page's last words, sent as the parent presses Exit (racing the exit itself) or
pressed after the idle timeout on a page without JavaScript, are saved, then the
session ends for good.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .database import Database, browser_sessions
from .drafts import Access, b64, seal, unb64, unseal
from .keys import ServerKeys

UTC = dt.timezone.utc
TOKEN_BYTES = 32
# How often a page view may write "seen at": often enough for the idle timeout, not on every click.
TOUCH_EVERY = dt.timedelta(seconds=20)


@dataclass(frozen=True)
class SessionState:
    access: Access
    # "live"; "idle" (the idle timeout has passed); "too-old" (the absolute lifetime has
    # passed); "ended" (Exit, still inside the write-only moment).
    status: str
    seen_at: dt.datetime

    @property
    def live(self) -> bool:
        return self.status == "live"


class SessionStore:
    def __init__(self, db: Database, keys: ServerKeys, *, idle: dt.timedelta, lifetime: dt.timedelta,
                 exit_grace: dt.timedelta = dt.timedelta(seconds=30),
                 clock: Callable[[], dt.datetime] | None = None):
        self.db = db
        self.keys = keys
        self.idle = idle
        self.lifetime = lifetime
        self.exit_grace = exit_grace
        self._clock = clock or (lambda: dt.datetime.now(UTC))

    def open(self, access: Access) -> str:
        """A new session for this draft; returns the token for the cookie."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        row_id = self._row_id(token)
        payload = json.dumps({"draft": access.draft_id, "key": b64(access.key)}).encode()
        now = self._now()
        with self.db.write() as conn:
            conn.execute(sa.insert(browser_sessions).values(
                id=row_id, draft_id=access.draft_id, sealed=seal(self._key(token), row_id.encode(), payload),
                started_at=now, seen_at=now, ended_at=None))
        return token

    def get(self, token: str | None) -> SessionState | None:
        """The session behind a cookie's token, or None if there is none (never was, deleted,
        or ended by Exit longer ago than the write-only moment)."""
        if not _plausible(token):
            return None
        row_id = self._row_id(token)
        with self.db.read() as conn:
            row = conn.execute(sa.select(browser_sessions).where(browser_sessions.c.id == row_id)).first()
        if row is None:
            return None
        now = self._now()
        if row.ended_at is not None:
            if now - row.ended_at > self.exit_grace:
                self.end(token)
                return None
            status = "ended"
        elif now - row.started_at > self.lifetime:
            status = "too-old"
        elif now - row.seen_at > self.idle:
            status = "idle"
        else:
            status = "live"
        access = self._open(token, row_id, row.sealed)
        if access is None:
            return None
        return SessionState(access, status, row.seen_at)

    def touch(self, token: str, state: SessionState) -> None:
        """The parent did something: the idle clock starts again."""
        now = self._now()
        # (Never less often than a tenth of the idle time, however short it is set.)
        if state.live and now - state.seen_at >= min(TOUCH_EVERY, self.idle / 10):
            with self.db.write() as conn:
                conn.execute(sa.update(browser_sessions).where(
                    browser_sessions.c.id == self._row_id(token), browser_sessions.c.ended_at.is_(None))
                    .values(seen_at=now))

    def end(self, token: str | None, *, let_last_words_in: bool = False) -> None:
        """End the session for good. With let_last_words_in (Exit), the row stays for a few
        seconds so the page's last words, sent as the parent leaves, can still be saved."""
        if not _plausible(token):
            return
        row_id = self._row_id(token)
        with self.db.write() as conn:
            if let_last_words_in:
                conn.execute(sa.update(browser_sessions).where(
                    browser_sessions.c.id == row_id, browser_sessions.c.ended_at.is_(None))
                    .values(ended_at=self._now()))
            else:
                conn.execute(sa.delete(browser_sessions).where(browser_sessions.c.id == row_id))
            self._delete_stale(conn)

    def end_all(self, draft_id: str) -> None:
        with self.db.write() as conn:
            conn.execute(sa.delete(browser_sessions).where(browser_sessions.c.draft_id == draft_id))

    def purge(self) -> int:
        with self.db.write() as conn:
            return self._delete_stale(conn)

    # --- helpers ---------------------------------------------------------------------------

    def _delete_stale(self, conn: sa.Connection) -> int:
        now = self._now()
        s = browser_sessions.c
        # An idle session stays (write-only) until its lifetime ends: a page left open past
        # the timeout, without JavaScript, can still save what it holds when the parent
        # presses a button, before the session ends.
        return conn.execute(sa.delete(browser_sessions).where(sa.or_(
            s.ended_at < now - self.exit_grace, s.started_at < now - self.lifetime,
        ))).rowcount

    def now(self) -> dt.datetime:
        return self._clock().astimezone(UTC)

    _now = now

    def _row_id(self, token: str) -> str:
        return self.keys.lookup_id("session", token)

    def _key(self, token: str) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=self.keys.subkey("session"),
                    info=b"conference-prep/session@1").derive(token.encode("ascii"))

    def _open(self, token: str, row_id: str, sealed: bytes) -> Access | None:
        plaintext = unseal(self._key(token), row_id.encode(), sealed)
        if plaintext is None:
            return None
        data = json.loads(plaintext)
        key = unb64(data.get("key", ""))
        return Access(data.get("draft", ""), key) if key else None


def _plausible(token) -> bool:
    return isinstance(token, str) and 20 <= len(token) <= 100 and token.isascii()


def new_phone_secret() -> str:
    return b64(os.urandom(32)).rstrip("=")
