"""A parent's answers between pages and between visits: sealed with a key of their own.

Each draft has its own random 256-bit key. The answers (the Statement and what the
journey needs: where the parent was, answers kept as typed, two-tab conflicts) are
sealed with AES-256-GCM under that key, with the row id as associated data, under a
fresh nonce on every save, padded to a size bucket so the row's length says little
about how much was written.

The key itself is never stored in the clear. It is wrapped:
- under the resume code (scrypt), once the parent asks for a code: the code works on
  any device; the row is found by an HMAC of the code under a server key, so a copy
  of the database cannot test guesses;
- under a browser session (prep.browser_sessions): cookie token + server key;
- under a phone unlock (prep.phone_unlock): the parent's number + a cookie on that
  phone + server key.
So neither a copy of the database, nor a cookie, nor the server's settings alone can
read a draft.

A draft expires `idle_days` after its last save or `days_after_conference` after the
meeting, whichever is sooner; only the day is stored. Expired drafts are treated as
gone (and deleted) on every read, and purge() deletes the rest with their sessions and
phone unlocks. Codes are never stored, never logged, shown once.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import exc as sa_exc

from . import resume_codes
from .database import Database, DraftStoreUnavailable, browser_sessions, outbox, phone_unlocks, sealed_drafts
from .keys import ServerKeys
from .statement import SCHEMA_V1, Statement, StatementError

__all__ = ["Access", "Draft", "DraftStore", "DraftStoreUnavailable", "seal", "unseal", "scrypt_key"]

log = logging.getLogger(__name__)

UTC = dt.timezone.utc
PLAINTEXT_FORMAT = "conference-prep/draft@2"
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
# Sealed answers are padded to the next of these sizes: 4 KiB, 8 KiB, ... 2 MiB.
PAD_BUCKETS = tuple(4096 << i for i in range(10))
SCRYPT_R, SCRYPT_P = 8, 1
# ~95 ms and 32 MiB per derivation on the 2-core reference machine (see bench/bench_drafts.py).
DEFAULT_SCRYPT_N = 2 ** 15

_ID = re.compile(r"[0-9a-f]{32}")


# --- the public interface ------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What opens one draft: its row id and its key. Held server-side only (sealed in a
    session row), never in a cookie."""

    draft_id: str
    key: bytes = field(repr=False)  # never printed


@dataclass
class Draft:
    """What a parent has said, plus what the journey needs to never lose a word."""

    statement: Statement = field(repr=False)  # never printed: it holds the answers
    step_id: str = ""  # where the parent was
    visited: list[str] = field(default_factory=list)  # steps saved at least once
    # Answers kept exactly as typed where they cannot go into the Statement yet (a date
    # that is not a real date, an answer over the limit): step id -> {"values": {field: text},
    # "problems": [field, ...]}.
    pending: dict[str, dict] = field(default_factory=dict, repr=False)
    # One answer changed from two tabs: step id -> {field: the other version's text}.
    conflicts: dict[str, dict] = field(default_factory=dict, repr=False)
    # Which page last wrote each answer, at which version: step id -> {field: [version, page]}.
    writes: dict[str, dict] = field(default_factory=dict)
    version: int = 0  # goes up by one on every save
    code_issued: bool = False  # a resume code exists (the save page warns before replacing it)
    # Each time the statement was sent to the conference team (prep/sending.py): {"id": outbox row,
    # "reference", "sent_at" (ISO, UTC), "token", "status": queued | sent | not-delivered, "copy_to"}.
    sends: list[dict] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"format": PLAINTEXT_FORMAT, "statement": self.statement.to_dict(), "step": self.step_id,
                "visited": self.visited, "pending": self.pending, "conflicts": self.conflicts,
                "writes": self.writes, "version": self.version, "code_issued": self.code_issued,
                "sends": self.sends}

    @classmethod
    def from_dict(cls, data: Any) -> "Draft | None":
        if not isinstance(data, dict) or data.get("format") != PLAINTEXT_FORMAT:
            return None
        try:
            # Photos in a draft were checked and re-encoded before it was sealed.
            statement = Statement.from_dict(data.get("statement"), photos_checked=True)
        except StatementError:
            return None
        if data["statement"].get("schema") == SCHEMA_V1:
            _moved_to_report_step(data)
        step = data.get("step")
        return cls(
            statement=statement, step_id=step if isinstance(step, str) else "",
            visited=[s for s in data.get("visited") or [] if isinstance(s, str)],
            pending=_dict_of_dicts(data.get("pending")), conflicts=_dict_of_dicts(data.get("conflicts")),
            writes=_dict_of_dicts(data.get("writes")),
            version=data["version"] if isinstance(data.get("version"), int) else 0,
            code_issued=data.get("code_issued") is True,
            sends=[s for s in data.get("sends") or [] if isinstance(s, dict) and isinstance(s.get("id"), str)
                   and isinstance(s.get("reference"), str) and isinstance(s.get("sent_at"), str)],
        )


class DraftStore:
    def __init__(self, db: Database, keys: ServerKeys, *, idle_days: int = 28, days_after_conference: int = 14,
                 scrypt_n: int = DEFAULT_SCRYPT_N, clock: Callable[[], dt.datetime] | None = None):
        if scrypt_n < 2 or scrypt_n & (scrypt_n - 1):
            raise ValueError("scrypt_n must be a power of two")
        self.db = db
        self.keys = keys
        self.idle_days = idle_days
        self.days_after_conference = days_after_conference
        self.scrypt_n = scrypt_n
        self._clock = clock or (lambda: dt.datetime.now(UTC))

    # --- drafts ----------------------------------------------------------------------------

    def create(self, draft: Draft) -> Access:
        """A new draft under a fresh random key. No code yet: nothing is slow here."""
        access = Access(os.urandom(16).hex(), AESGCM.generate_key(bit_length=256))
        draft.version = max(draft.version, 1)
        sealed = seal(access.key, access.draft_id.encode(), _pack(draft))
        with self.db.write() as conn:
            conn.execute(sa.insert(sealed_drafts).values(
                id=access.draft_id, sealed=sealed, expires_on=self.expires_on(draft.statement)))
        return access

    def load(self, access: Access) -> Draft | None:
        """The draft, or None if it is gone, expired (then deleted) or the key does not open it."""
        if not _usable(access):
            return None
        with self.db.read() as conn:
            row = conn.execute(sa.select(sealed_drafts.c.sealed, sealed_drafts.c.expires_on)
                               .where(sealed_drafts.c.id == access.draft_id)).first()
        if row is None:
            return None
        if row.expires_on <= self.today():
            self.delete(access.draft_id)
            return None
        return _unpack(unseal(access.key, access.draft_id.encode(), row.sealed))

    @contextmanager
    def edit(self, access: Access, **columns) -> Iterator[Draft | None]:
        """Read, change and write back a draft in one transaction, so two tabs saving at
        the same moment are applied one after the other and neither is lost.

            with store.edit(access) as draft:
                if draft is None: ...  # gone
                draft.statement.strengths.done_well = "..."

        The draft is sealed again (version + 1) when the block ends without an exception;
        `columns` (the code's lookup and wrap) are written in the same transaction."""
        if not _usable(access):
            yield None
            return
        with self.db.write() as conn:
            row = conn.execute(sa.select(sealed_drafts.c.sealed, sealed_drafts.c.expires_on)
                               .where(sealed_drafts.c.id == access.draft_id).with_for_update()).first()
            draft = None
            if row is not None and row.expires_on > self.today():
                draft = _unpack(unseal(access.key, access.draft_id.encode(), row.sealed))
            yield draft
            if draft is None:
                return
            draft.version += 1
            expires_on = self.expires_on(draft.statement)
            conn.execute(sa.update(sealed_drafts).where(sealed_drafts.c.id == access.draft_id).values(
                sealed=seal(access.key, access.draft_id.encode(), _pack(draft)), expires_on=expires_on, **columns))
            conn.execute(sa.update(phone_unlocks).where(phone_unlocks.c.draft_id == access.draft_id)
                         .values(expires_on=expires_on))

    def issue_code(self, access: Access) -> str | None:
        """A new resume code for this draft; any earlier code stops working. None if gone."""
        if not _usable(access):
            return None
        for _ in range(3):
            code = resume_codes.new_code()
            salt = os.urandom(SALT_BYTES)
            kek = scrypt_key(code, salt, self.scrypt_n)  # before taking any lock: it is the slow part
            code_columns = dict(code_lookup=self.keys.lookup_id("code", code), code_salt=salt,
                                code_wrap=seal(kek, access.draft_id.encode(), access.key))
            try:
                with self.edit(access, **code_columns) as draft:
                    if draft is None:
                        return None
                    draft.code_issued = True
            except sa_exc.IntegrityError:  # that code is in use (about 1 chance in 10^22): draw again
                continue
            return code
        raise RuntimeError("could not find an unused resume code")

    def resume(self, code: str) -> tuple[Access, Draft] | None:
        """Open a draft by its code, on any device. None for any code that does not open a
        live draft (malformed, unknown, expired, replaced), so callers show one message."""
        code = resume_codes.normalise(code) if isinstance(code, str) else None
        if code is None:
            return None
        with self.db.read() as conn:
            row = conn.execute(sa.select(sealed_drafts.c.id, sealed_drafts.c.code_salt, sealed_drafts.c.code_wrap,
                                         sealed_drafts.c.sealed, sealed_drafts.c.expires_on)
                               .where(sealed_drafts.c.code_lookup == self.keys.lookup_id("code", code))).first()
        if row is None:
            return None
        if row.expires_on <= self.today():
            self.delete(row.id)
            return None
        key = unseal(scrypt_key(code, row.code_salt, self.scrypt_n), row.id.encode(), row.code_wrap)
        if key is None:
            return None
        access = Access(row.id, key)
        draft = _unpack(unseal(key, row.id.encode(), row.sealed))
        return (access, draft) if draft is not None else None

    def delete(self, draft_id: str) -> None:
        """Delete the draft now, with every session and phone unlock that opens it, and
        whatever of it is still waiting in the outbox (it will not be sent)."""
        if not isinstance(draft_id, str) or not _ID.fullmatch(draft_id):
            return
        with self.db.write() as conn:
            _delete_draft_rows(conn, [draft_id])
        self.db.forget_deleted()

    def purge(self) -> int:
        """Delete every expired draft (and what opens it, and its unsent messages); return how many drafts."""
        today = self.today()
        with self.db.write() as conn:
            gone = [r.id for r in conn.execute(sa.select(sealed_drafts.c.id)
                                               .where(sealed_drafts.c.expires_on <= today))]
            _delete_draft_rows(conn, gone)
            conn.execute(sa.delete(phone_unlocks).where(phone_unlocks.c.expires_on <= today))
        self.db.forget_deleted()
        return len(gone)

    # --- helpers ---------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the draft store's clock must return an aware datetime")
        return now.astimezone(UTC)

    def today(self) -> dt.date:
        return self.now().date()

    def expires_on(self, statement: Statement) -> dt.date:
        """The first day the draft is gone: after `idle_days` whole days without a save, or
        `days_after_conference` days after the meeting, whichever is sooner."""
        today = self.today()
        expires = today + dt.timedelta(days=self.idle_days + 1)
        try:
            meeting = statement.about.conference_day
            if meeting is not None:
                after = meeting + dt.timedelta(days=self.days_after_conference)
                # A meeting date already long gone (often a typing slip) must not delete
                # the draft the moment it is saved: then the idle limit alone applies.
                if after > today:
                    expires = min(expires, after)
        except (ValueError, OverflowError):
            pass  # no usable meeting date: the idle limit alone applies
        return expires


def _delete_draft_rows(conn: sa.Connection, draft_ids: list[str]) -> None:
    for chunk in (draft_ids[i:i + 500] for i in range(0, len(draft_ids), 500)):
        conn.execute(sa.delete(browser_sessions).where(browser_sessions.c.draft_id.in_(chunk)))
        conn.execute(sa.delete(phone_unlocks).where(phone_unlocks.c.draft_id.in_(chunk)))
        conn.execute(sa.delete(outbox).where(outbox.c.draft_id.in_(chunk)))
        conn.execute(sa.delete(sealed_drafts).where(sealed_drafts.c.id.in_(chunk)))


# --- sealing -------------------------------------------------------------------------------


def scrypt_key(secret: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=SCRYPT_R, p=SCRYPT_P).derive(secret.encode("utf-8"))


def seal(key: bytes, associated: bytes, plaintext: bytes) -> bytes:
    """nonce + AES-GCM ciphertext; a fresh nonce every time."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def unseal(key: bytes, associated: bytes, sealed: bytes | None) -> bytes | None:
    if not sealed or len(sealed) <= NONCE_BYTES:
        return None
    sealed = bytes(sealed)
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except (InvalidTag, ValueError):
        return None


def _usable(access) -> bool:
    return (isinstance(access, Access) and isinstance(access.draft_id, str) and bool(_ID.fullmatch(access.draft_id))
            and isinstance(access.key, bytes) and len(access.key) == KEY_BYTES)


def _pack(draft: Draft) -> bytes:
    data = draft.to_dict()
    # Refuse now what could not be read back later, rather than lose the draft on the next page.
    Statement.from_dict(data["statement"], photos_checked=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    size = next((b for b in PAD_BUCKETS if b >= len(raw)), len(raw) + (-len(raw) % PAD_BUCKETS[-1]))
    return raw + b" " * (size - len(raw))  # JSON ignores trailing spaces


def _unpack(plaintext: bytes | None) -> Draft | None:
    if plaintext is None:
        return None
    try:
        return Draft.from_dict(json.loads(plaintext.decode("utf-8")))
    except (ValueError, RecursionError):
        return None


def _moved_to_report_step(data: dict) -> None:
    """A draft saved before the report had a step of its own: what the journey kept about
    "What do you think about the social worker's report?" (kept as typed, two versions,
    who wrote it last) moves from the worries step to the report step, where it is asked now."""
    name = "report_response"
    for record in ("pending", "conflicts", "writes"):
        steps = data.get(record)
        if not isinstance(steps, dict) or not isinstance(steps.get("worries"), dict):
            continue
        worries = steps["worries"]
        if record == "pending":
            values = worries.get("values")
            if isinstance(values, dict) and name in values:
                problems = worries.get("problems") if isinstance(worries.get("problems"), list) else []
                steps.setdefault("report", {"values": {}, "problems": []})
                steps["report"]["values"][name] = values.pop(name)
                if name in problems:
                    problems.remove(name)
                    steps["report"]["problems"].append(name)
                if not problems:
                    steps.pop("worries")  # nothing else there was unfinished
        elif name in worries:
            steps.setdefault("report", {})[name] = worries.pop(name)


def _dict_of_dicts(value: Any) -> dict[str, dict]:
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, dict)}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def unb64(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return None
