"""Which messages a qualified translator has checked, and so what the app may say about a language.

A sign-off is recorded per message, in translations/<lang>/review.toml, by the review kit's
import (`python -m prep review-import`): the reviewer's name, qualification and date, and for
each message they approved a hash of its English and its translation as they read them. Edit
either afterwards and the hash no longer matches, so that message counts as unchecked again and
the note on every page says so. Nobody edits a "reviewed" flag by hand any more.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
RECORD_NAME = "review.toml"


def message_hash(message: Message) -> str:
    """The English and the translation (every plural form) as the reviewer saw them."""
    as_list = lambda value: list(value) if isinstance(value, (tuple, list)) else value  # noqa: E731
    payload = json.dumps([message.context, as_list(message.id), as_list(message.string)], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class SignOff:
    reviewer: str
    qualification: str
    date: dt.date
    messages: frozenset[str]  # message hashes


@dataclass(frozen=True)
class Status:
    total: int  # messages in the catalogue
    checked: int  # of those, signed off as they read now
    date: dt.date | None  # the latest sign-off that still covers a message
    reviewers: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.checked == self.total

    @property
    def fraction(self) -> float:
        """Rounded down to a whole percent: 99.9 % checked is not "checked"."""
        return (self.checked * 100 // self.total) / 100 if self.total else 0.0


def po_path(code: str, root: Path = TRANSLATIONS) -> Path:
    return Path(root) / code / "LC_MESSAGES" / "messages.po"


def record_path(code: str, root: Path = TRANSLATIONS) -> Path:
    return Path(root) / code / RECORD_NAME


def read_catalogue(code: str, root: Path = TRANSLATIONS) -> Catalog:
    with po_path(code, root).open("rb") as handle:
        return read_po(handle)


def messages(catalogue: Catalog) -> list[Message]:
    """The messages a reviewer checks: every one with English text (not the header)."""
    return [m for m in catalogue if m.id]


def read_signoffs(code: str, root: Path = TRANSLATIONS) -> list[SignOff]:
    path = record_path(code, root)
    if not path.exists():
        return []
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [SignOff(entry["reviewer"], entry["qualification"], entry["date"], frozenset(entry.get("messages", [])))
            for entry in data.get("signoff", [])]


def append_signoff(code: str, signoff: SignOff, root: Path = TRANSLATIONS) -> None:
    """Add one reviewer's sign-off to the language's record (earlier ones stay: history)."""
    path = record_path(code, root)
    text = path.read_text("utf-8") if path.exists() else (
        "# Sign-offs by qualified translators, written by `python -m prep review-import`. Do not edit by hand:\n"
        "# each line under `messages` is a hash of one message's English and translation as checked.\n")
    hashes = "".join(f'  "{h}",\n' for h in sorted(signoff.messages))
    text += (f"\n[[signoff]]\nreviewer = {json.dumps(signoff.reviewer, ensure_ascii=False)}\n"
             f"qualification = {json.dumps(signoff.qualification, ensure_ascii=False)}\n"
             f"date = {signoff.date.isoformat()}\nmessages = [\n{hashes}]\n")
    path.write_text(text, "utf-8")
    _status.cache_clear()


def status_of(catalogue: Catalog, signoffs: list[SignOff]) -> Status:
    current = {message_hash(m) for m in messages(catalogue)}
    covering = [s for s in signoffs if s.messages & current]
    checked = set().union(*(s.messages for s in covering)) & current if covering else set()
    return Status(len(current), len(checked), max((s.date for s in covering), default=None),
                  tuple(dict.fromkeys(s.reviewer for s in covering)))


def status(code: str, root: Path = TRANSLATIONS) -> Status:
    """The language's review status now; recomputed whenever its .po or record changes."""
    po, record = po_path(code, root), record_path(code, root)
    stamp = lambda p: p.stat().st_mtime_ns if p.exists() else None  # noqa: E731
    return _status(code, str(root), stamp(po), stamp(record))


@functools.lru_cache(maxsize=64)
def _status(code: str, root: str, po_stamp, record_stamp) -> Status:
    if po_stamp is None:  # compiled catalogues only (a test's): nothing a reviewer could have checked
        return Status(0, 0, None, ())
    return status_of(read_catalogue(code, Path(root)), read_signoffs(code, Path(root)))
