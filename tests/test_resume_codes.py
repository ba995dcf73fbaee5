"""Resume codes: long enough to be unguessable, easy to read aloud and copy by hand,
forgiving of case and spacing, never 'corrected' into somebody else's code."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prep.resume_codes import ALPHABET, format_code, new_code, normalise


def test_alphabet_leaves_out_characters_that_are_easy_to_confuse():
    assert len(ALPHABET) == len(set(ALPHABET)) == 30
    for confusable in "0O1IL" + "U":
        assert confusable not in ALPHABET
    assert ALPHABET == ALPHABET.upper() and ALPHABET.isascii() and ALPHABET.isalnum()


def test_codes_are_15_characters_from_the_alphabet_with_at_least_60_bits():
    codes = [new_code() for _ in range(2000)]
    for code in codes:
        assert len(code) == 15 and set(code) <= set(ALPHABET)
    assert len(set(codes)) == len(codes)
    assert 15 * math.log2(len(ALPHABET)) >= 60  # about 73.6 bits


def test_every_character_is_used_about_equally():
    counts = Counter("".join(new_code() for _ in range(4000)))  # 60,000 characters, 2,000 each expected
    assert set(counts) == set(ALPHABET)
    assert min(counts.values()) > 1700 and max(counts.values()) < 2300


def test_codes_are_shown_in_three_groups_of_five():
    assert format_code("K7QMX4TRH9WCP3A") == "K7QMX-4TRH9-WCP3A"


@pytest.mark.parametrize("typed", [
    "K7QMX-4TRH9-WCP3A", "k7qmx 4trh9-wcp3a", "K7QMX4TRH9WCP3A", "  k7qmx.4trh9.wcp3a  ",
    "K7QMX – 4TRH9 – WCP3A", "K7QMX\u00a04TRH9\u00a0WCP3A", "k7qmx_4trh9_wcp3a", "K 7 Q M X 4 T R H 9 W C P 3 A",
])
def test_normalise_accepts_the_code_however_it_was_copied(typed):
    assert normalise(typed) == "K7QMX4TRH9WCP3A"


@pytest.mark.parametrize("typed", [
    "", "K7QMX-4TRH9-WCP3", "K7QMX-4TRH9-WCP3AA",  # too short, too long
    "K7QMX-4TRH9-WCP30", "K7QMX-4TRH9-WCP3O", "K7QMX-4TRH9-WCP31", "K7QMX-4TRH9-WCP3I",
    "K7QMX-4TRH9-WCP3L", "K7QMX-4TRH9-WCP3U",  # characters a code never has: refused, not guessed
    "K7QMX-4TRH9-WCP3ß", "K7QMX-4TRH9-WCPß", "K7QMX/4TRH9/WCP3A", "K7QMX-4TRH9-WCP3Ａ",
    "K7QMX-4TRH9-WCP3A" * 10, None, 123,
])
def test_normalise_rejects_anything_that_is_not_a_code(typed):
    assert normalise(typed) is None


@given(st.text(max_size=40))
def test_normalise_gives_a_code_or_nothing(text):
    result = normalise(text)
    assert result is None or (len(result) == 15 and set(result) <= set(ALPHABET))


def test_a_shown_code_always_reads_back():
    for _ in range(200):
        code = new_code()
        assert normalise(format_code(code)) == code
        assert normalise(format_code(code).lower()) == code
