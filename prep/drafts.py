"""Where a parent's answers live between pages: server-side, never in the cookie.

For now an in-memory store keyed by a random id (so nothing is written to disk
in plain text); the browser only holds that id in the signed session cookie.
It is per process: run one worker (threads are fine) until drafts move to the
encrypted database store.
"""

from __future__ import annotations

import secrets
import threading
import time

from .statement import Statement


class MemoryDraftStore:
    def __init__(self, idle_seconds: int = 4 * 60 * 60):
        self._drafts: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()
        self.idle_seconds = idle_seconds

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(32)

    def load(self, draft_id: str) -> Statement | None:
        with self._lock:
            self._forget_idle()
            entry = self._drafts.get(draft_id)
        # Stored as JSON text so each load is an independent copy.
        return Statement.from_json(entry[1]) if entry else None

    def save(self, draft_id: str, statement: Statement) -> None:
        text = statement.to_json()
        with self._lock:
            self._drafts[draft_id] = (time.monotonic(), text)

    def delete(self, draft_id: str) -> None:
        with self._lock:
            self._drafts.pop(draft_id, None)

    def _forget_idle(self) -> None:
        cutoff = time.monotonic() - self.idle_seconds
        for key in [k for k, (t, _) in self._drafts.items() if t < cutoff]:
            del self._drafts[key]
