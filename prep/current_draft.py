"""The draft behind this browser: the signed session cookie holds only the
draft's opaque id and its key; the answers stay encrypted in the draft store."""

from __future__ import annotations

import base64

from flask import current_app, session

from .drafts import Access, Draft
from .statement import Statement


def store():
    return current_app.extensions["drafts"]


def access() -> Access | None:
    draft_id, key = session.get("draft"), session.get("key")
    if not (draft_id and key):
        return None
    return Access(draft_id, base64.urlsafe_b64decode(key))


def remember(new: Access) -> None:
    session["draft"] = new.draft_id
    session["key"] = base64.urlsafe_b64encode(new.key).decode("ascii")


def forget() -> None:
    session.pop("draft", None)
    session.pop("key", None)


def load() -> Draft | None:
    current = access()
    draft = store().load(current) if current else None
    if current and draft is None:
        forget()  # expired or deleted: stop pointing at it
    return draft


def statement() -> Statement | None:
    draft = load()
    return draft.statement if draft else None


def save(statement: Statement, step_id: str) -> None:
    """Save over this browser's draft, or start one (raises DraftStoreUnavailable)."""
    current = access()
    if current and store().save(current, statement, step_id):
        return
    remember(store().create(statement, step_id))
