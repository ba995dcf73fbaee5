"""The journey through the Flask test client, checked as a parent would see it."""

import html
import io
import json
import logging
import re

import pytest
from pypdf import PdfReader

from prep.statement import SCHEMA
from prep.steps import STEPS

from .journey_data import FREE_TEXT_ANSWERS, FULL_JOURNEY, SHORT_ANSWERS, walk
from .pdf_fixtures import squash


def text_of(response) -> str:
    """Visible text, with tags removed and entities decoded."""
    no_tags = re.sub(r"<[^>]+>", " ", response.text)
    return re.sub(r"\s+", " ", html.unescape(no_tags))


def error_next_to(response, field_id) -> str:
    """The GOV.UK error message inside the form group holding `field_id`."""
    page = response.text
    at = page.index(f'id="{field_id}"')
    group_start = page.rindex('govuk-form-group', 0, at)
    match = re.search(r'govuk-error-message">\s*<span[^>]*>Error:</span>(.*?)</p>', page[group_start:at], re.S)
    assert match, f"no error message next to {field_id}"
    return html.unescape(match.group(1)).strip()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_start_page_explains_and_starts(client):
    page = client.get("/en/")
    assert page.status_code == 200
    assert "Start now" in page.text
    assert f'href="/en/step/{STEPS[0].id}"' in page.text
    assert "20 to 40 minutes" in text_of(page)
    assert "private" in text_of(page)


def test_each_step_shows_progress_from_the_step_list(client):
    for number, step in enumerate(STEPS, start=1):
        page = client.get(f"/en/step/{step.id}")
        assert page.status_code == 200
        assert f"Step {number} of {len(STEPS)}" in page.text
        assert f"<title>{step.title} – " in page.text


def test_whole_journey_ends_in_a_pdf_with_every_answer(client):
    # Each step leads to the next, in the order of STEPS.
    for step, following in zip(STEPS, STEPS[1:]):
        response = client.submit(f"/en/step/{step.id}", FULL_JOURNEY[step.id])
        assert response.status_code in (302, 303)
        assert response.location == f"/en/step/{following.id}"
    last = client.submit(f"/en/step/{STEPS[-1].id}", FULL_JOURNEY[STEPS[-1].id])
    assert last.location == "/en/check"

    check = client.get("/en/check")
    shown = text_of(check)
    for answer in FREE_TEXT_ANSWERS + SHORT_ANSWERS:
        assert " ".join(answer.split()) in shown
    # Sections appear in journey order.
    positions = [check.text.index(f">{step.title}</h2>") for step in STEPS]
    assert positions == sorted(positions)

    statement_page = client.get("/en/statement")
    assert 'href="/en/statement.pdf"' in statement_page.text
    pdf = client.get("/en/statement.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    for answer in FREE_TEXT_ANSWERS + SHORT_ANSWERS:
        assert " ".join(answer.split()) in text, answer
    # Markup-looking text is printed literally, not interpreted.
    assert "<b>with a certificate</b> & I'm proud" in text


def test_markup_is_shown_literally_on_the_check_page(client):
    walk(client)
    check = client.get("/en/check")
    assert "&lt;b&gt;with a certificate&lt;/b&gt; &amp; I&#39;m proud" in check.text
    assert "<b>with a certificate</b>" not in check.text


def test_line_breaks_in_answers_are_kept_without_added_spaces(client):
    # The GOV.UK macros indent the HTML they are given; an answer's own lines must not move.
    walk(client)
    for url in ("/en/check", "/en/statement/print"):
        page = client.get(url).text
        answers = [html.unescape(a) for a in re.findall(r'<span class="app-answer" dir="auto">(.*?)</span>', page, re.S)]
        assert FULL_JOURNEY["strengths"]["family_strengths"] in answers, url
        assert "Amelia, age 7\nBaby Nowak, not born yet" in answers, url


def test_change_link_goes_to_the_step_and_back_to_check(client):
    walk(client)
    check = client.get("/en/check")
    assert 'href="/en/step/worries?return=check#difficulties"' in check.text
    page = client.get("/en/step/worries?return=check")
    assert "Rent arrears of £400." in page.text
    # Back is a button of the form: what is on the page is saved, then back to check answers.
    assert 'name="go" value="back" class="govuk-back-link' in page.text
    assert client.submit("/en/step/worries?return=check", {"go": "back"}).location == "/en/check"
    changed = client.submit("/en/step/worries?return=check", {**FULL_JOURNEY["worries"], "difficulties": "Now paid."})
    assert changed.location == "/en/check"
    assert "Now paid." in text_of(client.get("/en/check"))


def test_back_links_follow_the_step_order(client):
    assert client.submit(f"/en/step/{STEPS[0].id}", {"go": "back"}).location == "/en/"
    for previous, step in zip(STEPS, STEPS[1:]):
        assert client.submit(f"/en/step/{step.id}", {"go": "back"}).location == f"/en/step/{previous.id}"


def test_missing_name_error_is_next_to_the_field_and_keeps_typed_text(client):
    response = client.submit("/en/step/about-you", {"your_name": "", "relationship": "other",
                                                 "relationship_other": "Foster carer & friend"})
    assert response.status_code == 400
    assert "<title>Error: About you" in response.text
    assert error_next_to(response, "your_name") == "Enter your name"
    assert 'href="#your_name">Enter your name</a>' in response.text  # error summary links to the field
    assert 'value="Foster carer &amp; friend"' in response.text
    assert 'value="other" checked' in response.text


def test_too_long_answer_keeps_every_character_and_says_how_long(client):
    long_answer = "Ą" * 5001
    response = client.submit("/en/step/strengths", {"family_strengths": long_answer, "done_well": "Cooking"})
    assert response.status_code == 400
    message = error_next_to(response, "family_strengths")
    assert "5,000 characters or fewer" in message and "5,001" in message
    assert long_answer in response.text
    assert ">\nCooking</textarea>" in response.text  # HTML drops the line break after <textarea>


def test_character_count_is_shown_without_javascript(client):
    client.submit("/en/step/strengths", {"family_strengths": "abc"})
    page = client.get("/en/step/strengths")
    assert "You can enter up to 5,000 characters. You have used 3." in page.text


@pytest.mark.parametrize("day, month, year, message, bad", [
    ("", "", "", "Enter the date of the meeting, or tick “I do not know the date yet”", "conference_date-day"),
    ("12", "", "2027", "The date of the meeting must include a month", "conference_date-month"),
    ("31", "2", "2027", "The date of the meeting must be a real date, like 27 3 2027", "conference_date-day"),
    ("1", "13", "2027", "The date of the meeting must be a real date, like 27 3 2027", "conference_date-month"),
    ("1", "2", "27", "The date of the meeting must be a real date, like 27 3 2027", "conference_date-year"),
])
def test_date_must_be_real_and_typed_parts_are_kept(client, day, month, year, message, bad):
    data = {**FULL_JOURNEY["conference"], "conference_date-day": day, "conference_date-month": month,
            "conference_date-year": year}
    response = client.submit("/en/step/conference", data)
    assert response.status_code == 400
    assert message in text_of(response)
    assert f'href="#conference_date-day">{message}</a>' in response.text
    assert re.search(rf'class="govuk-input govuk-date-input__input [^"]*govuk-input--error" id="{bad}"',
                     response.text)
    for part, value in (("day", day), ("month", month), ("year", year)):
        if value:
            assert re.search(rf'id="conference_date-{part}" name="conference_date-{part}" type="text" value="{value}"', response.text)
    assert 'value="Sam Okafor"' in response.text


def test_not_attending_asks_how_views_will_be_put(client):
    data = {**FULL_JOURNEY["conference"], "views_put_by": ""}
    response = client.submit("/en/step/conference", data)
    assert error_next_to(response, "views_put_by") == "Select how your views will be given at the meeting"


def test_add_and_remove_children_without_javascript(client):
    one = {"children-0-name": "Amelia", "children-0-age": "7", "children-0-unborn": "no"}
    added = client.submit("/en/step/children", {**one, "add_child": "1"})
    assert added.status_code == 200
    assert 'id="children-1-name"' in added.text
    assert 'value="Amelia"' in added.text
    assert "govuk-error-message" not in added.text  # adding is not a mistake

    two = {**one, "children-1-name": "Bo", "children-1-age": "3", "children-1-unborn": "no"}
    removed = client.submit("/en/step/children", {**two, "remove_child": "0"})
    assert 'value="Bo"' in removed.text and 'value="Amelia"' not in removed.text
    assert 'id="children-1-name"' not in removed.text

    saved = client.submit("/en/step/children", {"children-0-name": "Bo", "children-0-age": "3", "children-0-unborn": "no"})
    assert saved.status_code in (302, 303)
    assert "Bo, age 3" in text_of(client.get("/en/check"))


def test_child_age_must_be_a_number(client):
    response = client.submit("/en/step/children", {"children-0-name": "Bo", "children-0-age": "three",
                                                "children-0-unborn": "no"})
    assert error_next_to(response, "children-0-age").startswith("Age must be a number of years")
    assert 'value="three"' in response.text


def test_unborn_baby_needs_no_name_or_age(client):
    client.submit("/en/step/children", {"children-0-name": "", "children-0-age": "", "children-0-unborn": "yes"})
    assert "Name not given, not born yet" in text_of(client.get("/en/check"))


def test_optional_steps_can_be_left_blank(client):
    walk(client)
    for step_id in ("child-views", "helper"):
        blank = {k: "" for k in FULL_JOURNEY[step_id]}
        assert client.submit(f"/en/step/{step_id}", blank).status_code in (302, 303)
    assert "Not answered" in client.get("/en/check").text
    pdf = pdf_text(client.get("/en/statement.pdf").data)
    assert "Filled in without help" in pdf  # the helper
    assert "Your child's views" not in pdf  # an optional step left blank is left out of the chair's copy


def test_json_download_and_continue_from_saved_file(app, client):
    walk(client)
    download = client.get("/en/answers.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(download.data)
    assert data["schema"] == SCHEMA
    assert data["about"]["your_name"] == "Łucja Nowak-Ștefan"
    assert data["about"]["children"] == [{"name": "Amelia", "age": "7", "due_date": ""},
                                         {"name": "Baby Nowak", "age": "unborn", "due_date": ""}]
    assert data["supporter"]["chair_told"] is True

    from .conftest import JourneyClient
    other_device = JourneyClient(app.test_client())
    resumed = other_device.submit("/en/import", {"answers_file": (io.BytesIO(download.data), "answers.json")},
                                  content_type="multipart/form-data")
    assert resumed.location == "/en/check"
    assert json.loads(other_device.get("/en/answers.json").data) == data


@pytest.mark.parametrize("content, message", [
    (b"not json at all", "the file is not valid JSON"),
    (json.dumps({"schema": SCHEMA, "about": {"conference_date": "2027-13-01"}}).encode(),
     "“about.conference_date” must be a real date"),
    (json.dumps({"schema": SCHEMA, "surprise": True}).encode(), "“surprise” is not a field"),
])
def test_bad_saved_file_gets_a_clear_message(client, content, message):
    response = client.submit("/en/import", {"answers_file": (io.BytesIO(content), "answers.json")},
                             content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in html.unescape(response.text)
    assert "Traceback" not in response.text


def test_post_without_csrf_token_is_refused(app):
    raw = app.test_client()
    response = raw.post("/en/step/about-you", data={"your_name": "Ann", "relationship": "mother"})
    assert response.status_code == 400
    assert "Ann" in response.text  # the page comes back with what was typed
    assert raw.get("/en/check").location == "/en/"  # and nothing was saved


def test_pages_with_answers_are_never_cached(client):
    walk(client)
    for url in ["/en/check", "/en/statement", "/en/statement.pdf", "/en/answers.json", "/en/statement/print", "/en/step/strengths"]:
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_session_cookie_holds_no_answer_text(app, client):
    walk(client)
    cookie = client.client.get_cookie("session")
    serializer = app.session_interface.get_signing_serializer(app)
    session = serializer.loads(cookie.value)
    # A random session token: the draft's key is sealed in the server's session record.
    assert set(session) <= {"sid", "csrf_token", "large_text", "note_seen", "ended"}
    for answer in SHORT_ANSWERS:
        assert answer not in cookie.value


def test_oversized_request_gets_a_friendly_page(client):
    response = client.submit("/en/step/strengths", {"family_strengths": "x" * (1024 * 1024 + 10)})
    assert response.status_code == 413
    assert "too big" in response.text
    assert "Traceback" not in response.text


def test_no_answer_text_in_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    walk(client)
    client.get("/en/check")
    client.get("/en/statement.pdf")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for answer in FREE_TEXT_ANSWERS + SHORT_ANSWERS:
        assert answer not in logged


def test_print_view_shows_every_answer(client):
    walk(client)
    shown = text_of(client.get("/en/statement/print"))
    for answer in FREE_TEXT_ANSWERS:
        assert " ".join(answer.split()) in shown


def test_unknown_page_is_a_plain_404(client):
    response = client.get("/en/step/nope")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_pages_before_starting_send_you_to_the_start(client):
    for url in ["/en/check", "/en/statement", "/en/statement.pdf", "/en/answers.json", "/en/statement/print"]:
        assert client.get(url).location == "/en/"


# --- blanks that say what they mean, the name in Latin letters, the due date (issue 12) ----
def test_no_to_an_interpreter_is_kept_as_an_answer(client):
    walk(client)
    client.submit("/en/step/supporter-needs", {**FULL_JOURNEY["supporter-needs"], "interpreter": "no",
                                               "interpreter_language": "Polish"})
    page = client.get("/en/step/supporter-needs").text
    assert re.search(r'value="no"\s+checked|checked\s[^>]*value="no"', page) or 'value="no" checked' in page
    assert "Do you need an interpreter? No" in text_of(client.get("/en/check"))
    assert "Interpreter needed No" in squash(pdf_text(client.get("/en/statement.pdf").data))


def test_the_name_in_latin_letters_is_asked_only_when_the_name_has_none(client):
    assert 'name="name_latin"' not in client.get("/en/step/about-you").text  # an English page, no name yet
    assert 'name="name_latin"' in client.get("/ur/step/about-you").text  # a page in a script a chair cannot read
    client.submit("/en/step/about-you", {"your_name": "فاطمہ بی بی", "relationship": "mother"})
    assert 'name="name_latin"' in client.get("/en/step/about-you").text  # the name has no Latin letters
    walk(client, {**FULL_JOURNEY, "about-you": {"your_name": "فاطمہ بی بی", "name_latin": "Fatima Bibi",
                                                "relationship": "mother"}})
    assert "Fatima Bibi" in text_of(client.get("/en/check"))
    pdf = squash(pdf_text(client.get("/en/statement.pdf").data))
    assert "Name in English letters Fatima Bibi" in pdf
    client.submit("/en/step/about-you", {"your_name": "Fatima Bibi", "name_latin": "ignored", "relationship": "mother"})
    assert 'name="name_latin"' not in client.get("/en/step/about-you").text
    assert "ignored" not in client.get("/en/answers.json").text  # a Latin name needs no second spelling


def test_a_baby_not_born_yet_has_a_due_date(client):
    walk(client)
    children = {**FULL_JOURNEY["children"], "children-1-due_date-day": "14", "children-1-due_date-month": "3",
                "children-1-due_date-year": "2027"}
    assert client.submit("/en/step/children", children).status_code in (302, 303)
    assert "Baby Nowak, not born yet, due 14 March 2027" in text_of(client.get("/en/check"))
    bad = client.submit("/en/step/children", {**children, "children-1-due_date-month": "13"})
    assert bad.status_code == 400
    assert "The due date must be a real date, like 14 3 2027" in text_of(bad)
    # No due date is fine: it is not asked of a child already born, and is optional.
    assert client.submit("/en/step/children", FULL_JOURNEY["children"]).status_code in (302, 303)


def test_no_supporter_is_one_line_on_the_web_and_in_the_pdf(client):
    walk(client)
    client.submit("/en/step/supporter-needs", {**FULL_JOURNEY["supporter-needs"], "supporter_name": "",
                                               "supporter_relationship": "", "supporter_contact": "",
                                               "chair_told": ""})
    assert "Supporter Not bringing a supporter" in text_of(client.get("/en/check"))
    pdf = squash(pdf_text(client.get("/en/statement.pdf").data))
    assert "Not bringing a supporter" in pdf and "Your supporter's name" not in pdf
