"""Saving a step never loses a word: unfinished answers are kept as typed, every way of
leaving a page saves it, one way of counting characters, two tabs never overwrite each
other silently."""

from __future__ import annotations

import re

import pytest

from .conftest import JourneyClient, hidden_fields
from .journey_data import FULL_JOURNEY, walk

FIRST_STEPS = {k: FULL_JOURNEY[k] for k in ("about-you", "children", "conference")}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


# --- "Save and come back later" always works -------------------------------------------------


def test_save_for_later_keeps_a_date_that_is_not_a_real_date(client):
    walk(client, {"about-you": FULL_JOURNEY["about-you"], "children": FULL_JOURNEY["children"]})
    typed = {**FULL_JOURNEY["conference"], "conference_date-day": "31", "conference_date-month": "2",
             "save_for_later": "1"}
    assert client.submit("/en/step/conference", typed).location == "/en/save"
    page = client.get("/en/step/conference").text
    assert 'name="conference_date-day" type="text" value="31"' in page  # exactly as typed
    assert "The date of the meeting must be a real date" in page
    check = client.get("/en/check")
    assert "These answers need finishing before we can make your statement" in check.text
    assert 'href="/en/step/conference?return=check#conference_date-day"' in check.text
    assert "Continue to your statement" not in check.text
    refused = client.get("/en/statement.pdf")
    assert refused.status_code == 409 and "Finish your answers first" in refused.text
    # Fixed: the statement can be made.
    client.submit("/en/step/conference?return=check", FULL_JOURNEY["conference"])
    assert "need finishing" not in client.get("/en/check").text
    assert client.get("/en/statement.pdf").status_code == 200


def test_save_for_later_keeps_an_answer_over_the_limit(client):
    walk(client, FIRST_STEPS)
    too_long = "word " * 1100  # 5,500 characters
    response = client.submit("/en/step/strengths", {"family_strengths": too_long, "save_for_later": "1"})
    assert response.location == "/en/save"
    page = client.get("/en/step/strengths")
    assert too_long in page.text  # every character kept
    assert "Your answer to “What is good about your family?” must be 5,000 characters or fewer. " \
           "It is 5,500 characters now." in text_of(page)


def test_save_for_later_with_nothing_required_answered(client):
    response = client.submit("/en/step/about-you", {"your_name": "", "relationship": "other",
                                                    "relationship_other": "Foster carer", "save_for_later": "1"})
    assert response.location == "/en/save"
    page = client.get("/en/step/about-you").text
    assert 'value="Foster carer"' in page
    attention = text_of(client.get("/en/check"))
    assert "About you: Enter your name" in attention
    assert "The meeting: Select what kind of meeting it is" in attention


def test_save_and_continue_with_a_mistake_saves_and_stays(client):
    walk(client, FIRST_STEPS)
    response = client.submit("/en/step/strengths", {"family_strengths": "x" * 5001, "done_well": "Cooking"})
    assert response.status_code == 400 and "5,001 characters now" in text_of(response)
    client.get("/exit")  # gone without fixing it...
    client.submit("/en/unlock", {"number": "5829"})
    page = client.get("/en/step/strengths").text
    assert "x" * 5001 in page and ">\nCooking</textarea>" in page  # ...nothing lost


def test_i_do_not_know_the_date_yet_is_an_answer(client):
    walk(client, {"about-you": FULL_JOURNEY["about-you"], "children": FULL_JOURNEY["children"]})
    unknown = {**FULL_JOURNEY["conference"], "conference_date-day": "", "conference_date-month": "",
               "conference_date-year": "", "conference_date_unknown": "y"}
    assert client.submit("/en/step/conference", unknown).location == "/en/step/strengths"
    assert "Not known yet" in text_of(client.get("/en/check"))
    assert "need finishing" not in client.get("/en/check").text
    timeline = text_of(client.get("/en/timeline"))
    assert "You do not know the date of the meeting yet" in timeline
    assert "It should come at least 5 working days before the meeting" in timeline  # a review
    both = {**unknown, "conference_date-day": "3", "conference_date-month": "2", "conference_date-year": "2027"}
    assert "not both" in client.submit("/en/step/conference", both).text


# --- one way of counting characters ----------------------------------------------------------


@pytest.mark.parametrize("answer, count", [
    ("line one\r\nline two", 17),  # a line break is one character, as the counter says
    ("👨‍👩‍👧‍👦 ok", 4),  # a family emoji is one
    ("ক্ষমা", 2),  # a Bengali conjunct is one
    ("é́́", 1),
])
def test_characters_are_counted_as_the_parent_sees_them(client, answer, count):
    walk(client, FIRST_STEPS)
    client.submit("/en/step/strengths", {"family_strengths": answer, "save_for_later": "1"})
    assert f"You have used {count}." in text_of(client.get("/en/step/strengths"))


def test_5000_characters_with_line_breaks_are_allowed(client):
    walk(client, FIRST_STEPS)
    lines = "\r\n".join(["x" * 99] * 50)  # 50 lines: 4,950 + 49 line breaks = 4,999 characters
    response = client.submit("/en/step/strengths", {"family_strengths": lines + "y"})
    assert response.status_code == 303
    over = client.submit("/en/step/strengths", {"family_strengths": lines + "yz"})
    assert "It is 5,001 characters now" in text_of(over)
    assert "What is good about your family?" in over.text.split("There is a problem")[1].split("</ul>")[0]


# --- every way of leaving a page saves it ----------------------------------------------------


@pytest.mark.parametrize("go, lands_on", [
    ("later", "/en/save"),
    ("language", "/en/language?next=/en/step/strengths"),
    ("text-size-large", "/en/text-size/large?next=/en/step/strengths"),
    ("back", "/en/step/conference"),
])
def test_the_buttons_that_leave_a_page_save_it_first(client, go, lands_on):
    walk(client, FIRST_STEPS)
    response = client.submit("/en/step/strengths", {"family_strengths": "Typed, then left.", "go": go})
    assert response.location == lands_on
    assert "Typed, then left." in client.get("/en/step/strengths").text


def test_language_page_links_to_this_step_in_each_language(client):
    walk(client, FIRST_STEPS)
    page = client.get("/en/language?next=/en/step/strengths").text
    assert 'href="/ur/step/strengths"' in page and 'href="/pl/step/strengths"' in page
    assert 'href="//evil.example' not in client.get("/en/language?next=//evil.example/x").text


def test_exit_without_javascript_saves_the_page_then_leaves(app, client):
    walk(client, FIRST_STEPS)
    page = client.get("/en/step/strengths").text
    assert 'formaction="/en/step/strengths/autosave?then=exit"' in page
    fields = client.form_fields("/en/step/strengths")
    response = client.client.post("/en/step/strengths/autosave?then=exit",
                                  data={**fields, "family_strengths": "Typed, then Exit."})
    assert response.location == app.config["EXIT_URL"]
    assert client.get("/en/check").location == "/en/"
    client.submit("/en/unlock", {"number": "5829"})
    assert "Typed, then Exit." in client.get("/en/check").text


def test_a_pages_last_words_after_exit_are_still_saved_but_never_read(client):
    """With JavaScript, Exit sends the page as it leaves; that may arrive just after /exit."""
    walk(client, FIRST_STEPS)
    fields = client.form_fields("/en/step/strengths")
    client.get("/exit")
    late = client.client.post("/en/step/strengths/autosave?then=exit",
                              data={**fields, "family_strengths": "Sent as the page left.", "js": "1"})
    assert late.status_code == 200 and late.json["ended"] is True
    assert "Sent as the page left." not in late.get_data(as_text=True)
    assert client.get("/en/check").location == "/en/"
    client.submit("/en/unlock", {"number": "5829"})
    assert "Sent as the page left." in client.get("/en/check").text


def test_background_save_answers_with_a_fresh_stamp(client):
    walk(client, FIRST_STEPS)
    fields = client.form_fields("/en/step/strengths")
    saved = client.client.post("/en/step/strengths/autosave",
                               data={**fields, "family_strengths": "Saved in the background.", "js": "1"})
    assert saved.json["ended"] is False and saved.json["version"] > int(fields["version"])
    # The same page, saving again with its new stamp, is not taken for another tab.
    again = client.client.post("/en/step/strengths", data={**fields, "version": saved.json["version"],
                                                          "base": saved.json["base"],
                                                          "family_strengths": "Saved in the background. More."})
    assert again.status_code == 303
    assert "Saved in the background. More." in client.get("/en/check").text


# --- two tabs ----------------------------------------------------------------------------------


def test_two_tabs_changing_one_answer_keep_both_and_ask(client):
    walk(client)
    tab_one = client.form_fields("/en/step/strengths")
    tab_two = client.form_fields("/en/step/strengths")
    first = client.client.post("/en/step/strengths", data={**tab_one, **FULL_JOURNEY["strengths"],
                                                           "done_well": "Typed in tab one."})
    assert first.status_code == 303
    second = client.client.post("/en/step/strengths", data={**tab_two, **FULL_JOURNEY["strengths"],
                                                            "done_well": "Typed in tab two."})
    assert second.status_code == 400
    page = second.text
    assert "This answer was also changed in another tab or window" in page
    assert "Typed in tab one." in page and ">\nTyped in tab two.</textarea>" in page
    assert "need finishing" in client.get("/en/check").text  # until the parent chooses

    fields = hidden_fields(page)
    chosen = client.client.post("/en/step/strengths", data={**fields, **FULL_JOURNEY["strengths"],
                                                            "done_well": "Typed in tab two.", "resolve-done_well": "both"})
    assert chosen.status_code == 303
    check = client.get("/en/check").text
    assert "Typed in tab one.&#10;&#10;Typed in tab two." in check and "need finishing" not in check


def test_a_stale_tab_does_not_undo_another_tabs_answer(client):
    walk(client)
    stale = client.form_fields("/en/step/strengths")
    fresh = client.form_fields("/en/step/strengths")
    client.client.post("/en/step/strengths", data={**fresh, **FULL_JOURNEY["strengths"], "done_well": "Newer."})
    # The stale tab changes only another answer: "Newer." stays.
    response = client.client.post("/en/step/strengths", data={**stale, **FULL_JOURNEY["strengths"],
                                                              "want_known": "Also newer."})
    assert response.status_code == 303
    check = client.get("/en/check").text
    assert "Newer." in check and "Also newer." in check


def test_a_background_save_from_a_stale_tab_keeps_both_versions(client):
    walk(client)
    stale = client.form_fields("/en/step/strengths")
    fresh = client.form_fields("/en/step/strengths")
    client.client.post("/en/step/strengths", data={**fresh, **FULL_JOURNEY["strengths"], "done_well": "From tab one."})
    quiet = client.client.post("/en/step/strengths/autosave", data={**stale, **FULL_JOURNEY["strengths"],
                                                                    "done_well": "From tab two.", "js": "1"})
    assert quiet.json["conflicts"] == ["done_well"]
    page = client.get("/en/step/strengths").text
    assert "From tab one." in page and "From tab two." in page


# --- welcome back and the first screen ---------------------------------------------------------


def test_add_another_child_opens_at_the_new_child(client):
    one = {"children-0-name": "Amelia", "children-0-age": "7", "children-0-unborn": "no"}
    page = client.get("/en/step/children").text
    assert 'formaction="/en/step/children#children-1-name"' in page
    added = client.submit("/en/step/children", {**one, "add_child": "1"})
    assert re.search(r'id="children-1-name" name="children-1-name" type="text"[^>]*value=""[^>]*autofocus', added.text)
    assert "Amelia" in client.get("/en/step/children").text  # saved on the way


def test_removing_a_child_keeps_what_was_typed_for_the_others(client):
    """(The removal used to carry over only the name, age and born-yet answers of the
    children after the one removed, so a due date typed for the next child was lost.)"""
    walk(client, {"about-you": FULL_JOURNEY["about-you"]})
    page = {"children-0-name": "Amelia", "children-0-age": "7", "children-0-unborn": "no",
            "children-1-name": "Baby", "children-1-age": "", "children-1-unborn": "yes",
            "children-1-due_date-day": "14", "children-1-due_date-month": "3", "children-1-due_date-year": "2027"}
    response = client.submit("/en/step/children", {**page, "remove_child": "0"})
    assert response.status_code == 200
    shown = client.get("/en/step/children").text
    assert re.search(r'name="children-0-name" type="text"[^>]*value="Baby"', shown)
    assert re.search(r'name="children-0-due_date-day" type="text" value="14"', shown)
    assert re.search(r'name="children-0-due_date-year" type="text" value="2027"', shown)
    assert 'name="children-1-name"' not in shown
