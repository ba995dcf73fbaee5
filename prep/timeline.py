"""Dates worked out from the conference date: when the report should come,
the decision letter, the first core group, the minutes and the reviews.

Working days skip weekends and the bank holidays of the council's nation (the
`holidays` package). The timescales come from the council profile. Each date
says what to do if it passes and nothing has happened.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

import holidays
from dateutil.relativedelta import relativedelta
from flask_babel import format_date, gettext as _, ngettext

from .profile import Profile


@dataclass(frozen=True)
class Event:
    id: str
    day: dt.date | None  # None while the parent does not know the meeting's date
    by: bool  # True: "by" this date (a latest date); False: on it
    title: str
    detail: str
    if_nothing: str  # what to do if the date passes with nothing received
    calendar_title: str = ""  # set for the entries offered in a phone calendar file

    def when(self) -> str:
        day = format_date(self.day, "full")
        return _("By %(date)s", date=day) if self.by else day


@functools.cache
def _bank_holidays(subdivision: str, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: dt.date, subdivision: str) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(subdivision, day.year)


def add_working_days(day: dt.date, count: int, subdivision: str) -> dt.date:
    """`count` working days after `day` (before it when negative)."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day, subdivision):
            remaining -= 1
    return day


def undated(conference_type: str, council: Profile) -> list[Event]:
    """What happens when, while the parent does not know the date of the meeting yet: the
    same entries in the same order, each saying how long before or after (no dates)."""
    # Built around a stand-in date, then the dates are dropped.
    return [dataclasses.replace(event, day=None, calendar_title="")
            for event in build(conference_type, dt.date(2030, 1, 7), council)]


def build(conference_type: str, conference_day: dt.date, council: Profile) -> list[Event]:
    """The dated timeline, in date order. Call in a request or app context (text is translated)."""
    times, nation = council.timescales, council.holiday_subdivision
    review = conference_type == "review"
    report_days = times.report_days_review if review else times.report_days_initial
    # A review is followed by the next review; an initial or pre-birth conference by the first one.
    next_review_months = times.later_review_months if review else times.first_review_months
    first_review = conference_day + relativedelta(months=next_review_months)

    send_days = council.sending.send_by_working_days
    events = [
        Event("send-by", add_working_days(conference_day, -send_days, nation), True,
              _("Send your statement to the conference team"),
              ngettext("Send it at least %(num)s working day before the meeting, so the chair has time to read it.",
                       "Send it at least %(num)s working days before the meeting, so the chair has time to read it.",
                       send_days) if send_days else _("Send it before the day of the meeting."),
              _("If you cannot send it by then, print your statement and bring it to the meeting, or give it to "
                "your social worker. You can still send it.")),
        Event("report", add_working_days(conference_day, -report_days, nation), True,
              _("The social worker's report should reach you"),
              ngettext("It should come at least %(num)s working day before the meeting, so you have time to read it.",
                       "It should come at least %(num)s working days before the meeting, so you have time to read it.",
                       report_days),
              _("If you have not had it, phone the social worker or the conference team and ask for it. "
                "You can ask the chair for time to read it before the meeting starts.")),
        Event("conference", conference_day, False,
              _("The conference"),
              _("Get there early. You can meet the chair before the meeting starts and ask questions."),
              _("If you cannot go, tell the social worker as soon as you can. Your statement can still be read out."),
              # Neutral words in the calendar: they show on a lock screen (the parent can rename them).
              calendar_title=_("Meeting")),
        Event("decision", add_working_days(conference_day, times.decision_letter_working_days, nation), True,
              _("A letter telling you what was decided"),
              _("The chair should write to you with the decision and what happens next."),
              _("If nothing has come, phone the conference team and ask for it.")),
    ]
    if not review:
        events.append(Event(
            "core-group", add_working_days(conference_day, times.core_group_working_days, nation), True,
            _("The first core group meeting, if there is a plan"),
            _("You, the social worker and others working with your family meet to agree the details of the plan."),
            _("If nobody has invited you, ask your social worker when it is.")))
    events += [
        Event("minutes", add_working_days(conference_day, times.minutes_working_days, nation), True,
              _("The minutes (the written record of the meeting)"),
              ngettext("They should come within %(num)s working day of the meeting.",
                       "They should come within %(num)s working days of the meeting.", times.minutes_working_days),
              _("If they have not come, ask the conference team. If something in them is wrong, "
                "write to the chair and say what.")),
        Event("review", first_review, True,
              _("The next conference (a review), if there is a plan"),
              _("It looks at what has changed and whether the plan is still needed. You will be invited."),
              _("If you have heard nothing a month before, ask your social worker for the date."),
              calendar_title=_("Review meeting (the latest date)")),
        Event("later-reviews", first_review + relativedelta(months=times.later_review_months), True,
              _("Reviews after that"),
              ngettext("While there is a plan, there is a review at least every month.",
                       "While there is a plan, there is a review at least every %(num)s months.",
                       times.later_review_months),
              _("Ask your social worker for each date.")),
    ]
    return sorted(events, key=lambda event: event.day)


def has_passed(day: dt.date, today: dt.date | None = None) -> bool:
    return day < (today or dt.date.today())
