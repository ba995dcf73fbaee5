"""The dated timeline, the calendar file, the checklist and a conference date in the past."""

import datetime as dt
import io
import json

from icalendar import Calendar
from pypdf import PdfReader

from .journey_data import FULL_JOURNEY, walk
from .test_saving import get_code, new_device


def conference(day: dt.date, kind="initial"):
    return {**FULL_JOURNEY["conference"], "conference_type": kind, "conference_date-day": str(day.day),
            "conference_date-month": str(day.month), "conference_date-year": str(day.year)}


def test_timeline_asks_for_the_meeting_first(client):
    page = client.get("/en/timeline")
    assert page.status_code == 200
    assert "Tell us about the meeting" in page.text and 'href="/en/step/conference"' in page.text
    assert client.get("/en/timeline.ics").location == "/en/timeline"


def test_timeline_shows_dates_from_the_conference(client):
    walk(client, {**FULL_JOURNEY, "conference": conference(dt.date(2027, 3, 10), "initial")})
    page = client.get("/en/timeline").text
    assert "By Monday, 8 March 2027" in page  # the report, 2 working days before
    assert "Wednesday, 10 March 2027" in page  # the conference
    assert "By Wednesday, 24 March 2027" in page  # first core group, 10 working days after
    assert "If nobody has invited you, ask your social worker when it is." in page
    assert "has passed" not in page


def test_timeline_in_welsh_uses_welsh_dates(client):
    walk(client, {**FULL_JOURNEY, "conference": conference(dt.date(2027, 3, 10))}, lang="cy")
    page = client.get("/cy/timeline").text
    assert "Mawrth" in page and "March" not in page.split("<main")[1].split("app-translation-note")[0]


def test_calendar_file_has_the_conference_and_review_without_names(client):
    walk(client, {**FULL_JOURNEY, "conference": conference(dt.date(2027, 3, 10))})
    response = client.get("/en/timeline.ics")
    assert response.mimetype == "text/calendar"
    events = [c for c in Calendar.from_ical(response.data).walk("VEVENT")]
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        ("Meeting", dt.date(2027, 3, 10)),
        ("Review meeting (the latest date)", dt.date(2027, 6, 10)),
    ]
    text = response.data.decode()
    for private in ("Łucja", "Amelia", "Sam Okafor"):
        assert private not in text


def test_a_conference_date_in_the_past_gets_a_gentle_message_and_keeps_the_draft(client):
    past = dt.date.today() - dt.timedelta(days=60)
    walk(client, {step: data for step, data in FULL_JOURNEY.items() if step in ("about-you", "children")})
    response = client.submit("/en/step/conference", conference(past))
    assert response.status_code in (302, 303)  # accepted, not an error
    check = client.get("/en/check")
    assert check.status_code == 200  # the draft is still there
    assert "has passed. If the meeting has moved, change the date." in check.text
    assert 'href="/en/step/conference?return=check"' in check.text
    timeline = client.get("/en/timeline").text
    assert "If it has happened, the dates below show what should come next." in timeline
    assert "(this date has passed)" in timeline


def test_checklist_ticks_are_saved_with_the_draft_without_javascript(app, client):
    page = client.get("/en/checklist").text
    assert "Before the conference" in page and "On the day" in page and "After the conference" in page
    response = client.submit("/en/checklist", {"ticked": ["childcare", "minutes"]})
    assert response.status_code == 303
    saved = client.get(response.location).text
    assert "Your ticks are saved with your answers." in saved
    assert 'value="childcare" checked' in saved and 'value="minutes" checked' in saved
    assert 'value="transport" checked' not in saved

    code = get_code(client)
    phone = new_device(app)
    phone.submit("/en/resume", {"code": code})
    again = phone.get("/en/checklist").text
    assert 'value="childcare" checked' in again and 'value="transport" checked' not in again
    # Unticking everything is kept too.
    phone.submit("/en/checklist", {})
    assert 'checked' not in phone.get("/en/checklist").text.split("<form")[1]


def test_checklist_rejects_unknown_items_clearly(client):
    response = client.submit("/en/checklist", {"ticked": ["childcare", "not-an-item"]})
    assert response.status_code == 400
    assert "Choose only things on this list" in response.text
    assert 'value="childcare" checked' in response.text  # nothing already ticked is lost


def test_checklist_travels_in_the_answers_file(client):
    walk(client)
    client.submit("/en/checklist", {"ticked": ["transport"]})
    data = json.loads(client.get("/en/answers.json").data)
    assert data["checklist"] == ["transport"]


def test_own_copy_pdf_has_the_dates_and_the_chairs_copy_does_not(client):
    walk(client, {**FULL_JOURNEY, "conference": conference(dt.date(2027, 3, 10))})
    chair = PdfReader(io.BytesIO(client.get("/en/statement.pdf").data))
    own = PdfReader(io.BytesIO(client.get("/en/statement.pdf?copy=own").data))
    chair_text = "\n".join(p.extract_text() for p in chair.pages)
    last = own.pages[-1].extract_text()
    assert "Dates to remember" not in chair_text
    assert "Dates to remember (in your own copy only)" in last
    assert "Wednesday, 10 March 2027" in last and "By Monday, 8 March 2027" in last
    assert len(own.pages) == len(chair.pages) + 1
    assert "Download your own copy with your dates (PDF)" in client.get("/en/statement").text


def test_numbers_of_days_read_naturally_for_one(tmp_path):
    from prep import create_app

    from .conftest import JourneyClient, app_config
    from .test_profile import write_profile

    path = write_profile(tmp_path, "report_days_initial = 2 ", "report_days_initial = 1 ")
    client = JourneyClient(create_app(app_config(tmp_path, COUNCIL_PROFILE=str(path))).test_client())
    walk(client, {**FULL_JOURNEY, "conference": conference(dt.date(2027, 3, 10), "initial")})
    page = client.get("/en/timeline").text
    assert "at least 1 working day before the meeting" in page


def test_glossary_gives_the_english_word_parents_will_hear(client):
    page = client.get("/ar/guide/glossary").text
    assert '<span lang="en" dir="ltr">(Child Protection Plan)</span>' in page
    assert '<span lang="en"' not in client.get("/en/guide/glossary").text.split("<main")[1]
