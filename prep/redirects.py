"""The one way this app sends someone back to a page named in a request (`?next=`).

Browsers forgive a lot in a Location header: they drop tabs and line breaks, read a
backslash as a slash and follow "//host" to another site. So a target is normalised
the way a browser would read it, then accepted only if it is a path on this site; it
is rebuilt from its parts, so no CR or LF can ever reach a header.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

MAX_LENGTH = 2000
_STRIPPED = "\t\n\r"


def local_path(target: object) -> str | None:
    """`target` as a path on this site ("/pl/step/strengths?return=check"), or None."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return None
    # What a browser does before it resolves a URL: drop tabs and line breaks, treat
    # backslashes as slashes. Decode percent-escapes too, so "%2F%2Fevil" is seen as "//evil".
    text = target
    for _ in range(3):  # nested encodings
        text = "".join(ch for ch in unquote(text) if ch not in _STRIPPED).replace("\\", "/")
    text = text.strip()
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return None
    if not text.startswith("/") or text.startswith("//"):
        return None
    parts = urlsplit(text)
    if parts.scheme or parts.netloc:
        return None
    path = quote(parts.path, safe="/-._~!$&'()*+,;=:@%")
    if path.startswith("//"):
        return None
    query = quote(parts.query, safe="=&-._~%+/:,")
    return path + (f"?{query}" if query else "")
