"""Resume codes: what a parent writes down to come back to their answers later.

A code is 15 characters from a 30-character alphabet (about 73.6 bits, from
`secrets`), shown in three groups of five. The alphabet leaves out 0/O, 1/I/L
and U so a code is easy to read aloud and copy by hand. Codes are never
stored or logged: the draft store keeps only a hash of the code (to find the
draft) and a key derived from it with scrypt (to decrypt it).
"""

from __future__ import annotations

import math
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
LENGTH = 15
GROUP = 5
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))  # ~73.6

_ALLOWED = frozenset(ALPHABET)
# What people put between the groups when they copy a code: spaces (including
# non-breaking ones from a pasted page), dashes of any kind, dots, underscores.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._]+")


def new_code() -> str:
    """A fresh code, ungrouped (use format_code to show it)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_code(code: str) -> str:
    """'K7QMX4TRH9WCP3A' -> 'K7QMX-4TRH9-WCP3A'."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str) -> str | None:
    """The code as typed -> the canonical 15 characters, or None if it cannot be one.

    Accepts lower case and separators ("k7qmx 4trh9-wcp3a"). Characters outside the
    alphabet (such as 0, O, 1, I, L, U) are refused rather than guessed at: a
    guess could turn a mistyped code into somebody else's.
    """
    if not isinstance(text, str) or len(text) > 100:
        return None
    code = _SEPARATORS.sub("", text)
    if not code.isascii():  # before upper(): "ß".upper() is "SS"
        return None
    code = code.upper()
    if len(code) != LENGTH or not all(ch in _ALLOWED for ch in code):
        return None
    return code
