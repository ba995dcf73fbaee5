"""The phone unlock: a short number the parent chose opens their draft on this phone
only, with five tries; nothing else (cookie, database, server) opens it on its own."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from prep.database import phone_unlocks
from prep.drafts import Access
from prep.keys import ServerKeys
from prep.phone_unlock import TRIES, PhoneUnlocks, normalise_number, too_easy

from .test_drafts import SERVER_KEY, TEST_SCRYPT_N, FakeClock

KEY = bytes(range(32))
ACCESS = Access("ab" * 16, KEY)
PHONE = "phone-secret-from-the-cookie-0123456789abcdef"
LATER = dt.date(2026, 7, 1)


@pytest.fixture
def phones(db):
    unlocks = PhoneUnlocks(db, ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N, clock=FakeClock())
    unlocks.set(ACCESS, PHONE, "5829", LATER)
    return unlocks


def test_the_right_number_on_the_right_phone_opens_the_draft(phones):
    assert phones.tries_left(PHONE) == TRIES and phones.draft_id(PHONE) == ACCESS.draft_id
    result = phones.unlock(PHONE, "5829")
    assert result.access == ACCESS
    assert phones.unlock(PHONE, "۵۸۲۹").access == ACCESS  # Persian digits are the same number


def test_five_wrong_numbers_and_the_phone_unlock_is_gone(phones):
    for left in range(TRIES - 1, 0, -1):
        result = phones.unlock(PHONE, "1111")
        assert result.access is None and result.tries_left == left
    assert phones.unlock(PHONE, "0000").tries_left == 0
    assert phones.unlock(PHONE, "5829").access is None  # even the right number now
    assert phones.tries_left(PHONE) == 0


def test_a_right_number_gives_back_all_five_tries(phones):
    phones.unlock(PHONE, "1111")
    phones.unlock(PHONE, "2222")
    phones.unlock(PHONE, "5829")
    assert phones.tries_left(PHONE) == TRIES


def test_guesses_sent_at_once_still_get_only_five_tries(phones):
    results = []
    barrier = threading.Barrier(12)

    def guess(n):
        barrier.wait()
        results.append(phones.unlock(PHONE, f"{1000 + n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 12 and all(r.access is None for r in results)
    assert phones.tries_left(PHONE) == 0
    assert phones.unlock(PHONE, "5829").access is None


def test_another_phone_or_another_server_opens_nothing(phones, db):
    assert phones.unlock("another-phone-secret-0123456789abcdefgh", "5829").access is None
    elsewhere = PhoneUnlocks(db, ServerKeys("another-server-key-0123456789-abc"), scrypt_n=TEST_SCRYPT_N,
                             clock=FakeClock())
    assert elsewhere.unlock(PHONE, "5829").access is None


def test_the_database_holds_neither_key_nor_number(phones, db):
    with db.engine.connect() as conn:
        row = conn.execute(sa.select(phone_unlocks)).one()
    for value in row:
        raw = bytes(value) if isinstance(value, (bytes, memoryview)) else str(value).encode()
        assert KEY not in raw and b"5829" not in raw and PHONE.encode() not in raw


def test_an_expired_phone_unlock_opens_nothing(db):
    clock = FakeClock()
    unlocks = PhoneUnlocks(db, ServerKeys(SERVER_KEY), scrypt_n=TEST_SCRYPT_N, clock=clock)
    unlocks.set(ACCESS, PHONE, "5829", clock().date() + dt.timedelta(days=2))
    clock.advance(days=2)
    assert unlocks.tries_left(PHONE) == 0 and unlocks.unlock(PHONE, "5829").access is None


@pytest.mark.parametrize("typed, number", [
    ("5829", "5829"), (" 58 29 ", "5829"), ("٥٨٢٩", "5829"), ("৫৮২৯", "5829"), ("582917", "582917"),
    ("582", None), ("5829170", None), ("58a9", None), ("", None), (None, None),
])
def test_numbers_as_typed(typed, number):
    assert normalise_number(typed) == number


@pytest.mark.parametrize("number, easy", [
    ("1234", True), ("4321", True), ("1111", True), ("123456", True), ("5829", False), ("1212", False),
])
def test_the_first_numbers_anyone_would_try_are_refused(number, easy):
    assert too_easy(number) is easy
