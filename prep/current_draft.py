"""The draft behind this browser, and the session that opens it.

The signed Flask session cookie holds a random session token (`sid`), nothing else
of the draft: the draft's key is sealed in the server-side session row
(prep.browser_sessions). A second, long-lived HttpOnly cookie (`PHONE_COOKIE`) holds
the random secret of a phone unlock, if the parent chose a number on this phone
(prep.phone_unlock).

Activity is counted only from pages and actions the parent uses (see PASSIVE), never
from stylesheets or files, so nothing but the parent keeps a session alive.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Iterator

from flask import current_app, g, request, session

from .browser_sessions import SessionState, new_phone_secret
from .drafts import Access, Draft

PHONE_COOKIE = "prep_phone"
# Requests that are not the parent doing something: they neither count as activity nor
# end an idle session (a stylesheet fetched by a page left open must not keep it alive).
PASSIVE = frozenset({None, "static", "council_css", "ping", "saving.session_check"})


def drafts():
    return current_app.extensions["drafts"]


def sessions():
    return current_app.extensions["sessions"]


def phones():
    return current_app.extensions["phone_unlocks"]


# --- the session ---------------------------------------------------------------------------


def state() -> SessionState | None:
    """This browser's session (live, idle, too old or just ended), or None."""
    if "session_state" not in g:
        token = session.get("sid")
        g.session_state = sessions().get(token) if token else None
        if token and g.session_state is None:
            session.pop("sid", None)  # gone: stop pointing at it
            g.stale_session = True  # this browser had a session that has ended
    return g.session_state


def access() -> Access | None:
    """The key to this browser's draft while its session is live."""
    current = state()
    return current.access if current is not None and current.live else None


def writable_access() -> Access | None:
    """The key for saving what a page sends, also just after the session ended (a page's
    last words as the parent leaves, or a button pressed after the idle timeout). Never
    for reading."""
    current = state()
    return current.access if current is not None else None


def had_ended_session() -> bool:
    """The request came with a session that has ended (timeout, Exit, Delete)."""
    state()
    return bool(g.get("stale_session"))


def has_draft() -> bool:
    return access() is not None


def load() -> Draft | None:
    if "draft" not in g:
        current = access()
        g.draft = drafts().load(current) if current else None
        if current and g.draft is None:
            end_session("gone")
    return g.draft


def statement():
    draft = load()
    return draft.statement if draft else None


def start(draft: Draft) -> Access:
    """A new draft and a session for it in this browser."""
    new = drafts().create(draft)
    open_session(new)
    return new


def open_session(new: Access) -> None:
    """This browser now uses the draft `new` opens (after a code or the phone unlock)."""
    old = session.get("sid")
    if old:
        sessions().end(old)
    session["sid"] = sessions().open(new)
    session.pop("ended", None)
    g.pop("session_state", None)
    g.pop("draft", None)


@contextmanager
def edit() -> Iterator[Draft | None]:
    """Change this browser's draft in one transaction (None: there is none to change)."""
    current = writable_access()
    if current is None:
        yield None
        return
    with drafts().edit(current) as draft:
        yield draft
    g.pop("draft", None)


def end_session(reason: str) -> None:
    """End this browser's session for good; remember (in the cookie: two yes/no facts, no
    answers) what is true for the parent, so the next page can say how to get back."""
    current = state() if session.get("sid") else None
    facts = {}
    if current is not None and reason in ("timeout", "exit"):
        draft = drafts().load(current.access)
        facts = {"why": reason, "code": bool(draft and draft.code_issued),
                 "phone": phones().draft_id(phone_secret()) == current.access.draft_id}
    # After Exit the token stays in the cookie: the page's last words, sent as it leaves,
    # may arrive after the exit and still be saved (write-only, for a few seconds).
    token = session.get("sid") if reason == "exit" else session.pop("sid", None)
    if token:
        sessions().end(token, let_last_words_in=(reason == "exit"))
    g.session_state = None
    g.pop("draft", None)
    if facts:
        session["ended"] = facts


def recently_active() -> bool:
    """Whether the parent did something in this session lately, in any tab: then a tab
    that has been quiet for the whole idle time must not close the session."""
    current = state()
    if current is None or not current.live:
        return False
    margin = dt.timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]) - dt.timedelta(seconds=60)
    return sessions().now() - current.seen_at < margin


def touch() -> None:
    token, current = session.get("sid"), state()
    if token and current is not None:
        sessions().touch(token, current)


# --- the phone unlock -----------------------------------------------------------------------


def phone_secret() -> str | None:
    return request.cookies.get(PHONE_COOKIE)


def phone_tries_left() -> int:
    return phones().tries_left(phone_secret())


def phone_opens_this_draft() -> bool:
    current = access()
    return current is not None and phones().draft_id(phone_secret()) == current.draft_id


def needs_protecting(draft: Draft) -> bool:
    """A draft nobody could get back to once this session ends: no code, no phone unlock."""
    return not draft.code_issued and not phone_opens_this_draft()


def remember_phone(number: str) -> None:
    """Let `number` open this draft on this phone from now on."""
    current = access()
    if current is None:
        return
    secret = new_phone_secret()
    phones().set(current, secret, number, drafts().expires_on(statement()))
    g.set_phone_cookie = secret


def forget_phone() -> None:
    phones().forget(phone_secret())
    g.set_phone_cookie = ""


def write_phone_cookie(response):
    """after_request: set or clear the phone cookie when this request changed it."""
    secret = g.pop("set_phone_cookie", None)
    if secret is None:
        return response
    config = current_app.config
    if secret:
        response.set_cookie(PHONE_COOKIE, secret, max_age=config["DRAFT_IDLE_DAYS"] * 86400 + 86400,
                            secure=config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax", path="/")
    else:
        response.delete_cookie(PHONE_COOKIE, secure=config["SESSION_COOKIE_SECURE"], httponly=True,
                               samesite="Lax", path="/")
    return response
