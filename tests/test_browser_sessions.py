"""Server-side sessions: a cookie opens a draft only while its session lives, and Exit,
Delete, the idle timeout and the absolute lifetime end it for good."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from prep.browser_sessions import SessionStore
from prep.database import browser_sessions
from prep.drafts import Access
from prep.keys import ServerKeys

from .test_drafts import SERVER_KEY, FakeClock

KEY = bytes(range(32))
ACCESS = Access("ab" * 16, KEY)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def sessions(db, clock):
    return SessionStore(db, ServerKeys(SERVER_KEY), idle=dt.timedelta(minutes=30), lifetime=dt.timedelta(hours=12),
                        clock=clock)


def test_a_live_session_gives_back_the_drafts_key(sessions):
    token = sessions.open(ACCESS)
    state = sessions.get(token)
    assert state.live and state.access == ACCESS


def test_neither_the_cookie_nor_the_database_alone_holds_the_key(sessions, db, clock):
    token = sessions.open(ACCESS)
    with db.engine.connect() as conn:
        row = conn.execute(sa.select(browser_sessions)).one()
    for value in row:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
        assert KEY not in raw and KEY.hex().encode() not in raw and token.encode() not in raw
    # The same token on a server with another key opens nothing.
    other = SessionStore(db, ServerKeys("another-server-key-0123456789-abc"), idle=dt.timedelta(minutes=30),
                         lifetime=dt.timedelta(hours=12), clock=clock)
    assert other.get(token) is None
    assert sessions.get(token + "x") is None and sessions.get("") is None and sessions.get(None) is None


def test_idle_for_longer_than_the_timeout_is_write_only_then_ended(sessions, clock):
    token = sessions.open(ACCESS)
    clock.advance(minutes=29)
    sessions.touch(token, sessions.get(token))
    clock.advance(minutes=29)
    assert sessions.get(token).live  # activity 29 minutes ago
    clock.advance(minutes=2)
    state = sessions.get(token)
    assert state.status == "idle" and not state.live  # its key may still save a page's last words
    sessions.end(token)
    assert sessions.get(token) is None


def test_the_absolute_lifetime_ends_even_a_busy_session(sessions, clock):
    token = sessions.open(ACCESS)
    for _ in range(12 * 4 + 1):
        clock.advance(minutes=15)
        sessions.touch(token, sessions.get(token))
    assert sessions.get(token).status == "too-old"


def test_exit_lets_last_words_in_for_a_moment_then_nothing(sessions, clock):
    token = sessions.open(ACCESS)
    sessions.end(token, let_last_words_in=True)
    assert sessions.get(token).status == "ended"  # write-only, never live again
    sessions.touch(token, sessions.get(token))
    clock.advance(seconds=31)
    assert sessions.get(token) is None


def test_ending_all_of_a_drafts_sessions(sessions):
    tokens = [sessions.open(ACCESS) for _ in range(3)]
    other = sessions.open(Access("cd" * 16, KEY))
    sessions.end_all(ACCESS.draft_id)
    assert [sessions.get(t) for t in tokens] == [None, None, None]
    assert sessions.get(other).live


def test_purge_removes_ended_and_old_sessions(sessions, clock):
    sessions.end(sessions.open(ACCESS), let_last_words_in=True)
    old = sessions.open(ACCESS)
    clock.advance(hours=13)
    fresh = sessions.open(ACCESS)
    assert sessions.purge() == 2
    assert sessions.get(old) is None and sessions.get(fresh).live
