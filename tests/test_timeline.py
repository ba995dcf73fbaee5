"""Dates worked out from the conference date, across bank holidays of each nation."""

import datetime as dt
from dataclasses import replace

import pytest

from prep import profile, timeline

D = dt.date
ENGLAND = profile.load()
WALES = profile.load(profile.PROFILES / "example-wales.toml")
NI = replace(ENGLAND, nation="northern-ireland")


def dates(app, kind, day, council=ENGLAND):
    with app.test_request_context("/en/timeline"):
        return {event.id: event.day for event in timeline.build(kind, day, council)}


def test_initial_conference_just_before_christmas(app):
    # Monday 21 December 2026: Christmas Day, Boxing Day (observed Monday 28th) and
    # New Year's Day are not working days.
    got = dates(app, "initial", D(2026, 12, 21))
    assert got["report"] == D(2026, 12, 17)  # Thu: 2 working days before
    assert got["decision"] == D(2026, 12, 22)
    assert got["core-group"] == D(2027, 1, 7)  # 10 working days, skipping 25, 28 Dec and 1 Jan
    assert got["minutes"] == D(2027, 1, 14)  # 15 working days
    assert got["review"] == D(2027, 3, 21)  # within 3 months
    assert got["later-reviews"] == D(2027, 9, 21)  # then every 6 months


def test_report_before_a_conference_just_after_new_year(app):
    got = dates(app, "initial", D(2027, 1, 4))  # Monday 4 January 2027
    assert got["report"] == D(2026, 12, 30)  # skips New Year's Day and the weekend


def test_review_conference_after_easter(app):
    # Good Friday 26 March and Easter Monday 29 March 2027.
    got = dates(app, "review", D(2027, 4, 1))
    assert got["report"] == D(2027, 3, 23)  # 5 working days before a review
    assert "core-group" not in got  # the core group already meets
    assert got["review"] == D(2027, 10, 1)  # the next review within 6 months
    assert got["minutes"] == D(2027, 4, 22)


def test_pre_birth_conference_and_st_patricks_day_in_northern_ireland_only(app):
    # Thursday 18 March 2027; 17 March is a bank holiday in Northern Ireland only.
    assert dates(app, "pre-birth", D(2027, 3, 18))["report"] == D(2027, 3, 16)
    assert dates(app, "pre-birth", D(2027, 3, 18), NI)["report"] == D(2027, 3, 15)
    assert dates(app, "pre-birth", D(2027, 3, 10), NI)["core-group"] == D(2027, 3, 25)
    assert dates(app, "pre-birth", D(2027, 3, 10))["core-group"] == D(2027, 3, 24)


def test_councils_with_twenty_working_days_for_minutes(app):
    assert dates(app, "initial", D(2027, 6, 1), WALES)["minutes"] == D(2027, 6, 29)
    assert dates(app, "initial", D(2027, 6, 1))["minutes"] == D(2027, 6, 22)


def test_events_are_in_date_order_and_each_says_what_to_do(app):
    with app.test_request_context("/en/timeline"):
        events = timeline.build("initial", D(2027, 2, 3), ENGLAND)
    assert [e.day for e in events] == sorted(e.day for e in events)
    for event in events:
        assert event.title and event.detail and event.if_nothing


@pytest.mark.parametrize("day,count,expected", [
    (D(2027, 3, 26), 1, D(2027, 3, 30)),  # Good Friday -> over Easter Monday
    (D(2027, 3, 30), -1, D(2027, 3, 25)),
    (D(2027, 1, 1), 0, D(2027, 1, 1)),
])
def test_working_day_arithmetic(day, count, expected):
    assert timeline.add_working_days(day, count, "ENG") == expected
