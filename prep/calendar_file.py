"""A calendar file (.ics) with the conference and the expected review, for a phone's calendar.

All-day entries: the app knows the date, not the time. The entries name no person,
child or council, because others may see a phone's calendar.
"""

from __future__ import annotations

import datetime as dt
import uuid

from icalendar import Calendar, Event as CalendarEvent

from .timeline import Event

_NAMESPACE = uuid.UUID("6f1f4a52-4a49-4d55-9b7e-0c6f1b8f2d10")


def ics(events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Conference prep//EN")
    calendar.add("version", "2.0")
    now = dt.datetime.now(dt.UTC)
    for event in events:
        entry = CalendarEvent()
        # The same event downloaded twice replaces itself instead of appearing twice.
        entry.add("uid", f"{uuid.uuid5(_NAMESPACE, f'{event.id}:{event.day.isoformat()}')}@conference-prep")
        entry.add("dtstamp", now)
        entry.add("dtstart", event.day)
        entry.add("dtend", event.day + dt.timedelta(days=1))
        entry.add("summary", event.calendar_title or event.title)
        entry.add("description", f"{event.detail}\n\n{event.if_nothing}")
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
    return calendar.to_ical()
