"""The outbox: statements on their way to the conference team, so that none is lost when
the mail server is down or slow, and none is sent twice.

A message is put in the outbox (one committed row) before anything is sent. The page
that sent it then tries once, for at most MAIL_TIMEOUT_SECONDS; whatever is left is
tried again by `flask --app app prep send-outbox` (run it every few minutes), with
back-off, until the mail server accepts it or the profile's give-up time passes.

Each row holds the whole message (envelope and the PDF) sealed with AES-256-GCM under a
key derived from the server's SECRET_KEY (`ServerKeys.subkey("outbox")`), padded to a
size bucket like drafts: the command must be able to send it without the parent, so the
draft's own key cannot be used. A copy of the database alone reads nothing; the database
together with the server's settings could, for as long as the message waits.

States: queued -> sending (a sender holds a lease on it) -> accepted -> (row deleted);
queued -> given-up (sealed message erased; the row stays only so the parent can be told,
and goes when they have been, or with the draft).

Never twice: before talking to the mail server a sender takes the row (state `sending`,
lease committed); the moment the server accepts, one UPDATE records it and erases the
message, then the row is deleted. A sender that stops after the server accepted leaves an
`accepted` row, which the next run deletes without sending. The only window left is the
few milliseconds between the server's "250 OK" and that UPDATE: a crash exactly there
leaves a `sending` row whose lease runs out and which is sent again, with the same
Message-ID (mail systems that de-duplicate by Message-ID drop the copy).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from .database import Database, outbox
from .drafts import PAD_BUCKETS, seal, unseal
from .keys import ServerKeys
from .mail import DeliveryFailed, Envelope

log = logging.getLogger(__name__)
UTC = dt.timezone.utc
FORMAT = b"conference-prep/outbox@1\n"
# Minutes to wait after each failed try: 1, 2, 5, 10, 15, then every 30.
BACKOFF_MINUTES = (1, 2, 5, 10, 15, 30)
LEASE = dt.timedelta(minutes=10)  # longer than any one try (connect + send, with timeouts)

QUEUED, SENDING, ACCEPTED, GIVEN_UP = "queued", "sending", "accepted", "given-up"


@dataclass(frozen=True)
class RunSummary:
    accepted: int = 0
    waiting: int = 0
    given_up: int = 0
    cleared: int = 0  # accepted before a sender stopped; deleted now, not sent again


class Outbox:
    def __init__(self, db: Database, keys: ServerKeys, transport, *, clock: Callable[[], dt.datetime] | None = None,
                 lease: dt.timedelta = LEASE):
        self.db = db
        self.keys = keys
        self.transport = transport
        self.lease = lease
        self._clock = clock or (lambda: dt.datetime.now(UTC))

    def now(self) -> dt.datetime:
        return self._clock().astimezone(UTC)

    def row_id(self, draft_id: str, token: str) -> str:
        """The same row for the same press of Send (a double click, a reload), a new one
        for the next send."""
        return self.keys.lookup_id("outbox", f"{draft_id}:{token}")[:32]

    # --- putting in -----------------------------------------------------------------------

    def put(self, row_id: str, draft_id: str, envelope: Envelope, message: bytes, message_id: str,
            give_up_after: dt.timedelta) -> bool:
        """Keep the message until it is accepted. False if this row is already there."""
        now = self.now()
        try:
            with self.db.write() as conn:
                conn.execute(sa.insert(outbox).values(
                    id=row_id, draft_id=draft_id, sealed=self._seal(row_id, envelope, message, message_id),
                    state=QUEUED, attempts=0, next_try_at=now, lease_until=None, give_up_at=now + give_up_after))
        except sa_exc.IntegrityError:
            return False
        return True

    # --- sending --------------------------------------------------------------------------

    def deliver(self, row_id: str) -> str:
        """Try this message once now, if it is due and nobody else is trying it. Returns its
        state afterwards (`gone` when there is no such row: accepted and deleted, or deleted
        with its draft)."""
        payload = self._take(row_id)
        if payload is None:
            return self.state(row_id)
        envelope, message, message_id = payload
        try:
            self.transport.deliver(envelope, message, message_id)
        except DeliveryFailed as problem:
            return self._failed(row_id, str(problem))
        except Exception as exc:  # noqa: BLE001 - never leave a row held; name the kind only
            return self._failed(row_id, f"unexpected {type(exc).__name__}")
        self._accepted(row_id)
        self._clear(row_id)
        return "gone"

    def deliver_soon(self, row_id: str, wait: float) -> str:
        """Try now in a helper thread; wait at most `wait` seconds for it, so a slow mail
        server never holds the parent's page. The try goes on after that if it must; its
        lease keeps the command from sending the same message meanwhile."""
        result: list[str] = []
        worker = threading.Thread(target=lambda: result.append(self.deliver(row_id)), name="prep-send", daemon=True)
        worker.start()
        worker.join(wait)
        return result[0] if result else SENDING

    def run(self, limit: int = 200) -> RunSummary:
        """What `flask prep send-outbox` does: clear rows accepted before a sender stopped,
        give up on those past their time, then try every message that is due."""
        now = self.now()
        with self.db.write() as conn:
            cleared = conn.execute(sa.delete(outbox).where(outbox.c.state == ACCEPTED)).rowcount
            given_up = conn.execute(
                sa.update(outbox).where(self._available(now), outbox.c.give_up_at <= now)
                .values(state=GIVEN_UP, sealed=b"", lease_until=None)).rowcount
        if cleared or given_up:
            self.db.forget_deleted()
        with self.db.read() as conn:
            due = [r.id for r in conn.execute(
                sa.select(outbox.c.id).where(self._available(now), outbox.c.next_try_at <= now)
                .order_by(outbox.c.next_try_at).limit(limit))]
        accepted = waiting = 0
        for row_id in due:
            state = self.deliver(row_id)
            if state == "gone":
                accepted += 1
            elif state == GIVEN_UP:
                given_up += 1
            else:
                waiting += 1
        with self.db.read() as conn:
            waiting = conn.execute(sa.select(sa.func.count()).select_from(outbox)
                                   .where(outbox.c.state.in_((QUEUED, SENDING)))).scalar_one()
        return RunSummary(accepted=accepted, waiting=waiting, given_up=given_up, cleared=cleared)

    # --- what the parent's pages ask ------------------------------------------------------

    def state(self, row_id: str) -> str:
        """queued, sending, given-up, or gone (accepted: nothing of it is kept)."""
        with self.db.read() as conn:
            row = conn.execute(sa.select(outbox.c.state).where(outbox.c.id == row_id)).first()
        if row is None or row.state == ACCEPTED:
            return "gone"
        return row.state

    def forget(self, row_id: str) -> None:
        """The parent has been told it was not delivered: nothing of it is kept."""
        with self.db.write() as conn:
            conn.execute(sa.delete(outbox).where(outbox.c.id == row_id))
        self.db.forget_deleted()

    # --- inside -------------------------------------------------------------------------------

    def _available(self, now: dt.datetime):
        """Waiting, or held by a sender whose lease has run out (it stopped mid-try)."""
        return sa.or_(outbox.c.state == QUEUED, sa.and_(outbox.c.state == SENDING, outbox.c.lease_until < now))

    def _take(self, row_id: str):
        """Hold the row for this sender (one conditional UPDATE, so two senders, on any
        database, never both get it) and open its message."""
        now = self.now()
        mine = sa.and_(outbox.c.id == row_id, self._available(now), outbox.c.next_try_at <= now)
        with self.db.write() as conn:
            if conn.execute(sa.update(outbox).where(mine, outbox.c.give_up_at <= now)
                            .values(state=GIVEN_UP, sealed=b"", lease_until=None)).rowcount:
                log.warning("outbox: gave up on a message after its time ran out")
                return None
            taken = conn.execute(sa.update(outbox).where(mine).values(
                state=SENDING, lease_until=now + self.lease, attempts=outbox.c.attempts + 1)).rowcount
            if not taken:
                return None
            sealed = conn.execute(sa.select(outbox.c.sealed).where(outbox.c.id == row_id)).scalar_one()
        payload = self._unseal(row_id, sealed)
        if payload is None:  # not readable with this server's key (SECRET_KEY changed)
            self._failed(row_id, "the message cannot be opened with this server's key")
            return None
        return payload

    def _accepted(self, row_id: str) -> None:
        # One statement, committed at once: from here on no run sends it again.
        with self.db.write() as conn:
            conn.execute(sa.update(outbox).where(outbox.c.id == row_id)
                         .values(state=ACCEPTED, sealed=b"", lease_until=None))
        log.info("outbox: a message was accepted by the mail server")

    def _clear(self, row_id: str) -> None:
        with self.db.write() as conn:
            conn.execute(sa.delete(outbox).where(outbox.c.id == row_id, outbox.c.state == ACCEPTED))
        self.db.forget_deleted()

    def _failed(self, row_id: str, why: str) -> str:
        now = self.now()
        with self.db.write() as conn:
            row = conn.execute(sa.select(outbox.c.attempts, outbox.c.give_up_at).where(outbox.c.id == row_id)).first()
            if row is None:
                return "gone"
            wait = dt.timedelta(minutes=BACKOFF_MINUTES[min(max(row.attempts, 1), len(BACKOFF_MINUTES)) - 1])
            if now >= row.give_up_at:
                conn.execute(sa.update(outbox).where(outbox.c.id == row_id)
                             .values(state=GIVEN_UP, sealed=b"", lease_until=None))
                state = GIVEN_UP
            else:
                conn.execute(sa.update(outbox).where(outbox.c.id == row_id)
                             .values(state=QUEUED, lease_until=None, next_try_at=min(now + wait, row.give_up_at)))
                state = QUEUED
        if state == GIVEN_UP:
            self.db.forget_deleted()
            log.warning("outbox: gave up on a message after try %s: %s", row.attempts, why)
        else:
            log.warning("outbox: try %s failed, will try again in %s minutes: %s", row.attempts,
                        int(wait.total_seconds() // 60), why)
        return state

    def _key(self) -> bytes:
        return self.keys.subkey("outbox")

    def _seal(self, row_id: str, envelope: Envelope, message: bytes, message_id: str) -> bytes:
        head = json.dumps({"from": envelope.sender, "to": list(envelope.recipients), "id": message_id},
                          separators=(",", ":")).encode("utf-8")
        raw = FORMAT + len(head).to_bytes(4, "big") + head + len(message).to_bytes(8, "big") + message
        size = next((b for b in PAD_BUCKETS if b >= len(raw)), len(raw) + (-len(raw) % PAD_BUCKETS[-1]))
        return seal(self._key(), row_id.encode(), raw + b"\0" * (size - len(raw)))

    def _unseal(self, row_id: str, sealed: bytes):
        raw = unseal(self._key(), row_id.encode(), sealed)
        if raw is None or not raw.startswith(FORMAT):
            return None
        try:
            at = len(FORMAT)
            head_length = int.from_bytes(raw[at:at + 4], "big")
            head = json.loads(raw[at + 4:at + 4 + head_length])
            at += 4 + head_length
            length = int.from_bytes(raw[at:at + 8], "big")
            message = raw[at + 8:at + 8 + length]
            return Envelope(head["from"], tuple(head["to"])), message, head["id"]
        except (ValueError, KeyError, TypeError):
            return None
