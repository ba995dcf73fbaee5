"""The server's own secrets, derived from SECRET_KEY, one per purpose.

The draft store never uses SECRET_KEY directly: HKDF gives a separate key for each
job, so a key that leaks from one use (or is logged by a library) says nothing about
the others. Rotating SECRET_KEY ends every session and phone unlock and stops every
resume code from finding its draft: set it once per deployment and keep it.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

LABEL = b"conference-prep/server-key@1/"


class ServerKeys:
    """Keys only the server holds: none is stored in the database or a cookie."""

    def __init__(self, secret: str | bytes):
        if isinstance(secret, str):
            secret = secret.encode("utf-8")
        if len(secret) < 16:
            raise ValueError("SECRET_KEY must be at least 16 characters")
        self._secret = secret
        self._cache: dict[str, bytes] = {}

    def __repr__(self) -> str:  # never print a key
        return "ServerKeys(...)"

    def subkey(self, purpose: str) -> bytes:
        """32 bytes for one purpose ("lookup", "session", "phone", "outbox", ...)."""
        if purpose not in self._cache:
            self._cache[purpose] = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                                        info=LABEL + purpose.encode("ascii")).derive(self._secret)
        return self._cache[purpose]

    def lookup_id(self, kind: str, value: bytes | str) -> str:
        """The row id for a code, session token or phone secret: an HMAC under a server key,
        so a copy of the database cannot be used to test guesses of codes offline."""
        if isinstance(value, str):
            value = value.encode("utf-8")
        return hmac.new(self.subkey("lookup"), kind.encode("ascii") + b"\x00" + value, hashlib.sha256).hexdigest()
