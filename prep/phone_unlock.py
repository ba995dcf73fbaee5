"""Getting back to answers on the same phone with a short number the parent chose.

After a timeout, "Exit this page" or a closed browser, a parent should not need a
code they never wrote down. The first time answers are saved, the parent chooses a
4 to 6 digit number for this phone. The draft's key is then sealed under a key made
from three things: that number (scrypt), a random secret kept in a long-lived
HttpOnly cookie on this phone, and a server key. So a copy of the database, the
cookie, or the server's settings, alone or any two of them without the number,
open nothing; and whoever picks up the phone needs the number.

Guessing is limited: each wrong number uses up one of 5 tries (taken before the slow
check, so guesses sent at the same moment cannot get round it); after the 5th the
phone unlock is deleted and only the full resume code works.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .database import Database, phone_unlocks
from .drafts import Access, b64, scrypt_key, seal, unb64, unseal
from .keys import ServerKeys

UTC = dt.timezone.utc
TRIES = 5
MIN_DIGITS, MAX_DIGITS = 4, 6


@dataclass(frozen=True)
class UnlockResult:
    access: Access | None  # set when the number was right
    tries_left: int  # 0 when the phone unlock is gone (or never was)


def normalise_number(text: str | None) -> str | None:
    """The number as ASCII digits (Arabic-Indic, Persian and Bengali digits too, spaces
    ignored), or None if it is not 4 to 6 digits."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    digits = ""
    for ch in text:
        if ch.isspace():
            continue
        if not ch.isdecimal():
            return None
        digits += str(unicodedata.decimal(ch))
    return digits if MIN_DIGITS <= len(digits) <= MAX_DIGITS else None


def too_easy(number: str) -> bool:
    """1111, 1234, 4321, 123456...: the first numbers anyone would try."""
    steps = {int(b) - int(a) for a, b in zip(number, number[1:])}
    return len(steps) == 1 and steps <= {-1, 0, 1}


class PhoneUnlocks:
    def __init__(self, db: Database, keys: ServerKeys, *, scrypt_n: int,
                 clock: Callable[[], dt.datetime] | None = None):
        self.db = db
        self.keys = keys
        self.scrypt_n = scrypt_n
        self._clock = clock or (lambda: dt.datetime.now(UTC))

    def set(self, access: Access, phone_secret: str, number: str, expires_on: dt.date) -> None:
        """Let `number` open this draft on the phone holding `phone_secret` (replacing any
        earlier phone unlock on this phone)."""
        salt = os.urandom(16)
        row_id = self._row_id(phone_secret)
        payload = json.dumps({"draft": access.draft_id, "key": b64(access.key)}).encode()
        sealed = seal(self._key(phone_secret, number, salt), row_id.encode(), payload)
        with self.db.write() as conn:
            conn.execute(sa.delete(phone_unlocks).where(phone_unlocks.c.id == row_id))
            conn.execute(sa.insert(phone_unlocks).values(
                id=row_id, draft_id=access.draft_id, salt=salt, sealed=sealed, tries_left=TRIES,
                expires_on=expires_on))

    def tries_left(self, phone_secret: str | None) -> int:
        """How many tries this phone has left (0: no phone unlock here)."""
        if not _plausible(phone_secret):
            return 0
        with self.db.read() as conn:
            row = conn.execute(sa.select(phone_unlocks.c.tries_left, phone_unlocks.c.expires_on)
                               .where(phone_unlocks.c.id == self._row_id(phone_secret))).first()
        if row is None or row.expires_on <= self._today():
            return 0
        return max(row.tries_left, 0)

    def draft_id(self, phone_secret: str | None) -> str | None:
        """Which draft this phone's unlock opens (None: no phone unlock here)."""
        if not _plausible(phone_secret):
            return None
        with self.db.read() as conn:
            row = conn.execute(sa.select(phone_unlocks.c.draft_id, phone_unlocks.c.tries_left,
                                         phone_unlocks.c.expires_on)
                               .where(phone_unlocks.c.id == self._row_id(phone_secret))).first()
        if row is None or row.tries_left <= 0 or row.expires_on <= self._today():
            return None
        return row.draft_id

    def unlock(self, phone_secret: str | None, number: str) -> UnlockResult:
        if not _plausible(phone_secret):
            return UnlockResult(None, 0)
        row_id = self._row_id(phone_secret)
        c = phone_unlocks.c
        # Use up a try first, in its own transaction, so parallel guesses each pay one.
        with self.db.write() as conn:
            row = conn.execute(sa.select(c.salt, c.sealed, c.tries_left, c.expires_on)
                               .where(c.id == row_id).with_for_update()).first()
            if row is None or row.tries_left <= 0 or row.expires_on <= self._today():
                conn.execute(sa.delete(phone_unlocks).where(c.id == row_id))
                return UnlockResult(None, 0)
            conn.execute(sa.update(phone_unlocks).where(c.id == row_id).values(tries_left=c.tries_left - 1))
        normalised = normalise_number(number)
        plaintext = (unseal(self._key(phone_secret, normalised, row.salt), row_id.encode(), row.sealed)
                     if normalised else None)
        with self.db.write() as conn:
            if plaintext is not None:
                conn.execute(sa.update(phone_unlocks).where(c.id == row_id).values(tries_left=TRIES))
            else:
                left = conn.execute(sa.select(c.tries_left).where(c.id == row_id)).scalar()
                if left is None or left <= 0:
                    conn.execute(sa.delete(phone_unlocks).where(c.id == row_id))
                    left = 0
        if plaintext is None:
            if left == 0:
                self.db.forget_deleted()
            return UnlockResult(None, left)
        data = json.loads(plaintext)
        key = unb64(data.get("key", ""))
        return UnlockResult(Access(data.get("draft", ""), key) if key else None, TRIES)

    def forget(self, phone_secret: str | None) -> None:
        if not _plausible(phone_secret):
            return
        with self.db.write() as conn:
            conn.execute(sa.delete(phone_unlocks).where(phone_unlocks.c.id == self._row_id(phone_secret)))

    # --- helpers ---------------------------------------------------------------------------

    def _today(self) -> dt.date:
        return self._clock().astimezone(UTC).date()

    def _row_id(self, phone_secret: str) -> str:
        return self.keys.lookup_id("phone", phone_secret)

    def _key(self, phone_secret: str, number: str, salt: bytes) -> bytes:
        stretched = scrypt_key(number, salt, self.scrypt_n)
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=self.keys.subkey("phone"),
                    info=b"conference-prep/phone-unlock@1").derive(stretched + phone_secret.encode("ascii"))


def _plausible(secret) -> bool:
    return isinstance(secret, str) and 20 <= len(secret) <= 100 and secret.isascii()
