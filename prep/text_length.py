"""How long an answer is, counted the way a parent sees it.

One way of counting, shared by the server and the character count on the page
(static/src/character-count.js uses Intl.Segmenter, which gives the same clusters
as the `regex` module's \\X; tests/browser compare the two on the same strings):

- a line break is one character (browsers send CR LF; we keep LF);
- an emoji, a flag or a letter with its accents is one character;
- an Indic syllable such as ক্ষ is one character, not three.

A grapheme cluster can be made as long as one likes (a letter followed by thousands
of accents), so there is also a limit on code points that nobody typing normally
will reach; it keeps the cost of every answer in the PDF bounded.
"""

from __future__ import annotations

import regex

LONG_TEXT_MAX = 5000  # characters a parent sees, in a free-text answer
SHORT_TEXT_MAX = 200  # names, roles, phone numbers
CODE_POINTS_PER_CHARACTER = 4  # a hidden limit: 4 code points per allowed character

_CLUSTER = regex.compile(r"\X")


def normalise_line_breaks(text: str) -> str:
    """CR LF (what a browser sends for a line break) and a lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def count(text: str) -> int:
    """Characters as a parent sees them (grapheme clusters, after line breaks are made LF)."""
    text = normalise_line_breaks(text)
    if text.isascii():
        return len(text)  # fast path: in ASCII every character is one cluster (CR LF is gone)
    return sum(1 for _ in _CLUSTER.finditer(text))


def too_long(text: str, limit: int) -> bool:
    """Over `limit` characters, or over the hidden code-point limit."""
    text = normalise_line_breaks(text)
    return len(text) > limit * CODE_POINTS_PER_CHARACTER or (len(text) > limit and count(text) > limit)
