"""Points about the social worker's report (issue 15): a list built one point at a time, with
add, change, remove and move done without JavaScript; "Not yet" as a real answer with the
date the report should come; the same never-lose-a-word rules as every step (two tabs,
answers kept as typed); through the answers file and into the PDF's numbered table."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import flask_babel
import pytest

from prep import create_app, i18n
from prep.pdf import render_statement
from prep.statement import ReportPoint, Statement

from .conftest import JourneyClient, hidden_fields
from .journey_data import FULL_JOURNEY, walk
from .pdf_fixtures import SAMPLES, page_texts, pdftotext, squash, statement_in, words_in_order
from .test_drawings import page_values

BEFORE = {k: v for k, v in FULL_JOURNEY.items() if k in ("about-you", "children", "conference", "strengths",
                                                          "worries")}
URL = "/en/step/report"
POINTS = [
    {"where": "Page 2", "says": "Mum missed the visit on 3 March.", "kind": "wrong",
     "instead": "I was at the hospital with Amelia that day.", "evidence": "Hospital letter"},
    {"where": "", "says": "Nothing about the parenting course.", "kind": "missing",
     "instead": "I finished the Triple P course in January.", "evidence": "Certificate"},
    {"where": "Paragraph 14", "says": "The flat is unsuitable.", "kind": "different",
     "instead": "The flat is small but clean, and the council is moving us.", "evidence": ""},
]


@pytest.fixture
def parent(client):
    walk(client, BEFORE)
    return client


def fill(values: dict, index: int, point: dict) -> dict:
    return {**values, **{f"points-{index}-{name}": value for name, value in point.items()}}


def press(client, button: str, value: str = "1", **changes):
    """Press a button on the report page as it stands (what a browser sends), after `changes`."""
    values = {**page_values(client.get(URL).text), **changes}
    return client.submit(URL, {**values, button: value})


def saved_points(client) -> list[dict]:
    return json.loads(client.get("/en/answers.json").data)["report"]["points"]


def texts(points: list[dict]) -> list[str]:
    return [p["says"] for p in points]


def test_add_three_points_change_the_second_remove_the_first(parent):
    values = page_values(parent.get(URL).text)
    values["report_received"] = "yes"
    for index, point in enumerate(POINTS):
        values = fill(values, index, point)
        response = parent.submit(URL, {**values, "add_point": "1"})
        assert response.status_code == 200
        # The new point is on the page, empty, and the page opens at it.
        assert f'id="points-{index + 1}-where"' in response.text and "autofocus" in response.text
        values = page_values(response.text)
    assert texts(saved_points(parent)) == [p["says"] for p in POINTS]
    keys = [p["key"] for p in saved_points(parent)]

    # Change the second.
    response = parent.submit(URL, {**page_values(parent.get(URL).text),
                                   "points-1-instead": "I finished the Triple P course on 20 January."})
    assert response.status_code in (302, 303)
    assert saved_points(parent)[1]["instead"] == "I finished the Triple P course on 20 January."

    # Remove the first: the rest move up, each keeping its key.
    response = press(parent, "remove_point", "0")
    assert response.status_code == 200
    saved = saved_points(parent)
    assert texts(saved) == [POINTS[1]["says"], POINTS[2]["says"]]
    assert [p["key"] for p in saved] == keys[1:]
    assert saved[0]["instead"] == "I finished the Triple P course on 20 January."
    page = parent.get(URL).text
    assert "Point 3" not in page and "Point 2" in page


def test_points_move_up_and_down_without_javascript(parent):
    values = page_values(parent.get(URL).text)
    for index, point in enumerate(POINTS):
        values = page_values(parent.submit(URL, {**fill(values, index, point), "add_point": "1"}).text)
    assert press(parent, "move_point", "2:up").status_code == 200
    assert texts(saved_points(parent)) == [POINTS[0]["says"], POINTS[2]["says"], POINTS[1]["says"]]
    press(parent, "move_point", "0:down")
    assert texts(saved_points(parent)) == [POINTS[2]["says"], POINTS[0]["says"], POINTS[1]["says"]]
    press(parent, "move_point", "0:up")  # the first cannot go higher: nothing moves
    assert texts(saved_points(parent)) == [POINTS[2]["says"], POINTS[0]["says"], POINTS[1]["says"]]


def test_a_point_needs_its_kind_and_what_the_parent_says_but_is_kept_meanwhile(parent):
    response = parent.submit(URL, {**page_values(parent.get(URL).text), "points-0-says": "I shout at the children."})
    assert response.status_code == 400
    page = html.unescape(response.text)
    assert "Select if the report is wrong, leaves something out, or you see it differently" in page
    assert "Write what you say about this point" in page
    assert texts(saved_points(parent)) == ["I shout at the children."]  # saved as far as it goes
    check = html.unescape(parent.get("/en/check").text)
    assert "The social worker's report:</span> Select if the report is wrong" in check


def test_a_point_too_long_is_kept_exactly_as_typed(parent):
    typed = "x" * 1001
    response = parent.submit(URL, {**page_values(parent.get(URL).text), **fill({}, 0, {**POINTS[0], "says": typed})})
    assert response.status_code == 400
    assert "must be 1,000 characters or fewer. It is 1,001 characters now." in html.unescape(response.text)
    parent.get("/exit")
    parent.submit("/en/unlock", {"number": "5829"})
    page = parent.get(URL).text
    assert typed in page and POINTS[0]["instead"] in page


def test_not_yet_says_when_the_report_should_come(parent):
    page = html.unescape(parent.get(URL).text)
    # A review on Wednesday 3 February 2027: 5 working days before (the default profile).
    assert "The social worker's report should reach you: <strong>By Wednesday, 27 January 2027</strong>" in page
    assert parent.submit(URL, {"report_received": "not-yet"}).status_code in (302, 303)
    check = html.unescape(parent.get("/en/check").text)
    assert "Not yet (it should arrive by 27 January 2027)" in check
    assert "No points listed" in check


def test_not_yet_before_the_meeting_date_is_known(client):
    walk(client, {**{k: BEFORE[k] for k in ("about-you", "children")}, "conference": {
        **FULL_JOURNEY["conference"], "conference_date-day": "", "conference_date-month": "",
        "conference_date-year": "", "conference_date_unknown": "y"}})
    page = html.unescape(client.get(URL).text)
    assert "It should come at least 5 working days before the meeting" in page


# --- two tabs -----------------------------------------------------------------------------


def two_tabs(parent):
    """The report page drawn in two tabs, with one point saved."""
    values = fill(page_values(parent.get(URL).text), 0, POINTS[0])
    parent.submit(URL, values)
    return page_values(parent.get(URL).text), page_values(parent.get(URL).text)


def post(parent, values: dict, **more):
    return parent.client.post(URL, data={**values, **more}, content_type="multipart/form-data")


def test_a_point_added_in_another_tab_stays_when_this_one_saves(parent):
    first, second = two_tabs(parent)
    post(parent, fill(first, 1, POINTS[1]))  # tab one adds a point (into its empty second box)
    post(parent, {**second, "points-0-evidence": "Hospital letter, 3 March"})  # tab two changes point 1
    saved = saved_points(parent)
    assert texts(saved) == [POINTS[0]["says"], POINTS[1]["says"]]
    assert saved[0]["evidence"] == "Hospital letter, 3 March"


def test_a_point_removed_in_another_tab_stays_removed_unless_changed_here(parent):
    first, second = two_tabs(parent)
    third = dict(second)
    post(parent, first, remove_point="0")
    assert saved_points(parent) == []
    post(parent, second)  # tab two left it as it was: it stays removed
    assert saved_points(parent) == []
    post(parent, {**third, "points-0-instead": "I was at the hospital, with a letter to show it."})
    assert [p["instead"] for p in saved_points(parent)] == ["I was at the hospital, with a letter to show it."]


def test_the_same_part_changed_in_two_tabs_keeps_both_until_the_parent_chooses(parent):
    first, second = two_tabs(parent)
    post(parent, {**first, "points-0-instead": "Version from tab one."})
    response = post(parent, {**second, "points-0-instead": "Version from tab two."})
    assert response.status_code == 400
    page = html.unescape(response.text)
    key = saved_points(parent)[0]["key"]
    name = f"resolve-points.{key}.instead"
    assert f'name="{name}"' in page and "Version from tab one." in page and "Version from tab two." in page
    assert f'href="#{name}"' in page  # in the error summary
    assert saved_points(parent)[0]["instead"] == "Version from tab one."  # nothing overwritten
    check = html.unescape(parent.get("/en/check").text)
    assert "Choose which version of “What do you say?” to keep" in check
    values = page_values(response.text)
    post(parent, {**values, name: "both"})
    assert saved_points(parent)[0]["instead"] == "Version from tab one.\n\nVersion from tab two."


def test_a_background_save_never_lets_a_stale_page_overwrite_what_it_never_showed(parent):
    """After a background save, the page's stamp is of what it shows: a change another tab
    made meanwhile is neither shown as seen nor overwritten by the page's next save."""
    first, second = two_tabs(parent)
    post(parent, {**first, "points-0-instead": "Newer, from tab one."})
    quiet = parent.client.post(URL + "/autosave", data={**second, "js": "1"}, content_type="multipart/form-data")
    stamp = quiet.get_json()
    assert saved_points(parent)[0]["instead"] == "Newer, from tab one."  # tab two did not touch it
    # Tab two (now with the stamp the background save gave it) changes the same answer.
    response = post(parent, {**second, "version": str(stamp["version"]), "base": stamp["base"],
                             "points-0-instead": "Typed in tab two after that."})
    assert response.status_code == 400  # both versions kept for the parent to choose
    assert saved_points(parent)[0]["instead"] == "Newer, from tab one."


def test_the_same_holds_for_a_plain_answer_after_a_background_save(client):
    walk(client, {k: BEFORE[k] for k in ("about-you", "children", "conference")})
    strengths = "/en/step/strengths"
    client.submit(strengths, FULL_JOURNEY["strengths"])
    first, second = (hidden_fields(client.get(strengths).text) for _ in range(2))
    client.client.post(strengths, data={**first, **FULL_JOURNEY["strengths"], "done_well": "From tab one."})
    stamp = client.client.post(strengths + "/autosave", data={**second, **FULL_JOURNEY["strengths"],
                                                              "js": "1"}).get_json()
    response = client.client.post(strengths, data={**second, **FULL_JOURNEY["strengths"], "version": str(
        stamp["version"]), "base": stamp["base"], "done_well": "From tab two, later."})
    assert response.status_code == 400
    assert "From tab one." in html.unescape(client.get(strengths).text) or "From tab one." in response.text


# --- through the answers file, and into the PDF ---------------------------------------------


def test_points_round_trip_through_the_answers_file(parent, app):
    values = page_values(parent.get(URL).text)
    for index, point in enumerate(POINTS):
        values = page_values(parent.submit(URL, {**fill(values, index, point), "add_point": "1"}).text)
    exported = parent.get("/en/answers.json").data
    other = JourneyClient(app.test_client())
    token = hidden_fields(other.get("/en/import").text)["csrf_token"]
    response = other.client.post("/en/import", data={"csrf_token": token, "answers_file": (
        io.BytesIO(exported), "conference-answers.json")}, content_type="multipart/form-data")
    assert response.status_code == 303
    assert json.loads(other.get("/en/answers.json").data)["report"] == json.loads(exported)["report"]
    assert [p["kind"] for p in json.loads(exported)["report"]["points"]] == ["wrong", "missing", "different"]


def statement_with_points(code: str) -> Statement:
    statement = statement_in(code)
    statement.report.received = "yes"
    sentences = SAMPLES[code].sentences
    statement.report.points = [
        ReportPoint(key="p0000000000000001", where="3", says=sentences[0], kind="wrong", instead=sentences[1],
                    evidence=sentences[2]),
        ReportPoint(key="p0000000000000002", where="12", says=sentences[3], kind="missing",
                    instead=" ".join(sentences), evidence=""),
        ReportPoint(key="p0000000000000003", where="", says="", kind="different", instead=sentences[2]),
    ]
    return statement


@pytest.fixture(scope="module")
def pdf_app():
    return create_app({"TESTING": True})


def render_in(app, statement: Statement, code: str, **options) -> bytes:
    with app.app_context(), flask_babel.force_locale(i18n.BY_CODE[code].locale):
        return render_statement(statement, prepared_on=dt.date(2027, 1, 20), **options)


def table_text(data: bytes) -> str:
    text = squash(" ".join(page_texts(data)))
    start = text.index("Points about the social work report")
    return text[start:]


def test_the_pdf_table_reads_back_in_english(pdf_app):
    statement = statement_with_points("en")
    text = table_text(render_in(pdf_app, statement, "en"))
    for heading in ("Page or paragraph", "Kind", "What the report says", "What the parent says", "Evidence"):
        assert heading in text
    assert text.index("Wrong (a fact)") < text.index("Missing") < text.index("A different view")
    for point in statement.report.points:
        for part in (point.says, point.instead, point.evidence):
            assert squash(part) in text, part
    # Numbered 1, 2, 3 down the first column.
    # Row by row: number, page or paragraph, kind, what the report says, what the parent says, evidence.
    assert "1 3 Wrong (a fact) We cook together every Sunday. Grandma visits on Fridays." in text
    assert "2 12 Missing I take the children to school every day." in text
    assert "3 — A different view — We need help with housing. —" in text


def test_the_pdf_table_reads_back_in_urdu(pdf_app):
    statement = statement_with_points("ur")
    data = render_in(pdf_app, statement, "ur")
    text = table_text(data)
    # The English under each heading and each kind, for a chair who reads English.
    for english in ("What the report says", "What the parent says", "Evidence", "Wrong (a fact)", "Missing",
                    "A different view"):
        assert english in text, english
    # The parent's Urdu, word for word and in order, as pypdf reads it (it guesses right-to-left
    # runs itself: less sure than poppler, see test_pdf_text_layer.py)...
    poppler = pdftotext(data).split()
    for point in statement.report.points:
        for part in (point.says, point.instead, point.evidence):
            if part:
                found, words = words_in_order(part, text)
                assert found >= 0.85 * words, (part, found, words)
                # ...and every word of it as poppler reads it (which takes a table's cells in its own order).
                assert all(word in poppler for word in part.split()), part


def test_large_print_puts_each_point_on_its_own(pdf_app):
    statement = statement_with_points("en")
    text = table_text(render_in(pdf_app, statement, "en", large_print=True))
    assert "Point 1" in text and "Point 3" in text
    assert text.index("Point 1") < text.index("We cook together every Sunday.") < text.index("Point 2")


def test_a_point_longer_than_a_page_splits_over_pages(pdf_app):
    statement = statement_with_points("ar")
    statement.report.points[0].instead = "ب" * 2000  # one unbroken word of the longest a point takes
    statement.report.points[0].says = "أ " * 1000
    assert len(page_texts(render_in(pdf_app, statement, "ar"))) >= 3


def test_not_yet_in_the_pdf_says_when_the_report_was_due(pdf_app):
    statement = statement_with_points("en")
    statement.report.received = "not-yet"
    text = squash(" ".join(page_texts(render_in(pdf_app, statement, "en", report_due=dt.date(2027, 1, 27)))))
    assert "Not yet (it should arrive by 27 January 2027)" in text


@pytest.mark.parametrize("code", ["en", "ur"])
def test_a_step_heading_question_and_answer_are_never_split_over_pages(pdf_app, code):
    """(The step heading's space above it went uncounted, so "Yes" – the English under the
    Urdu answer – once fell onto the next page on its own, above the table.) The answer
    before the step grows a line at a time, so the heading lands everywhere near the foot
    of a page."""
    question = "Have you had the social worker's report?"
    moved = 0
    for lines in range(0, 40):
        statement = statement_with_points(code)
        statement.worries.difficulties = "\n".join([statement.worries.difficulties] + ["Ok."] * lines)
        pages = [squash(text) for text in page_texts(render_in(pdf_app, statement, code))]
        at = [i for i, text in enumerate(pages) if question in text]
        assert len(at) == 1, lines
        page = pages[at[0]]
        after = page[page.index(question) + len(question):]
        assert after.split()[:1] == ["Yes"] or "Yes" in after.split()[:4], (lines, after[:80])
        assert "Points about the social work report" in page, lines
        moved += not at[0] or "Ok." not in pages[at[0]]
    assert moved  # the heading did go over a page boundary at least once
