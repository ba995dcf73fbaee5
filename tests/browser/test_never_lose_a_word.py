"""A parent never loses text they typed, and nobody who picks up the phone afterwards can
read it without the number only the parent knows. Each test is one thing a parent does on
a 360×740 phone (issue 10's table), ending with the typed text back in front of them; with
JavaScript and, where it applies, without. Idle timeouts use a short configured timeout."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import pytest

from prep import i18n
from prep.steps import STEPS

from .journey import PHONE_NUMBER, choose_number, fill_step, journey_for, submit, walk_quickly

FIRST = {"about-you": {"your_name": "Nia Keepsake", "relationship": "mother"},
         "children": {"children-0-name": "Rhys", "children-0-age": "6", "children-0-unborn": "no"},
         "conference": {"conference_type": "initial", "conference_date-day": "9", "conference_date-month": "3",
                        "conference_date-year": "2027", "attending": "yes"}}
TYPED = "We read together every night, and I walk him to school."


@contextlib.contextmanager
def idle_timeout(live_server, seconds: int, warn: int = 4):
    """The live app with a timeout of `seconds` (and the warning `warn` seconds before)."""
    app = live_server.app
    sessions = app.extensions["sessions"]
    saved = app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_WARN_SECONDS"], sessions.idle
    app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_WARN_SECONDS"] = seconds / 60, warn
    sessions.idle = dt.timedelta(seconds=seconds)
    try:
        yield
    finally:
        app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_WARN_SECONDS"], sessions.idle = saved


def started(new_context, javascript: bool = True):
    """A parent who has answered the first three steps (and chose their number) and is now on
    the strengths page."""
    context = new_context(java_script_enabled=javascript)
    walk_quickly(context, "en", FIRST)
    page = context.new_page()
    page.goto("/en/step/strengths")
    return context, page


def unlock(page, number: str = PHONE_NUMBER):
    page.goto("/en/unlock")
    page.locator("#number").fill(number)
    return submit(page, "main form button.govuk-button")


def strengths_box(page) -> str:
    page.goto("/en/step/strengths")
    return page.locator("#family_strengths").input_value()


# --- a timeout while typing, or after walking away -----------------------------------------


def test_left_for_the_timeout_without_saving_then_back_with_the_number(new_context, live_server):
    with idle_timeout(live_server, 12):
        context, page = started(new_context)
        page.locator("#family_strengths").fill(TYPED)  # typed, never pressed Save
        page.wait_for_url("**/en/timed-out", timeout=20_000)
        body = page.locator("main").inner_text()
        assert "enter the number you chose" in body and "use the code you were given" not in body
        page.goto("/en/check")
        assert page.url.endswith("/en/")  # closed
        unlock(page)
        assert page.url.endswith("/en/welcome-back")
        assert strengths_box(page) == TYPED


def test_typing_for_longer_than_the_timeout_is_activity(new_context, live_server):
    with idle_timeout(live_server, 12, warn=4):
        context, page = started(new_context)
        box = page.locator("#family_strengths")
        box.click()
        for _ in range(9):  # 18 seconds of typing: longer than the whole timeout
            box.press_sequentially("word ")
            page.wait_for_timeout(2000)
            assert not page.locator("dialog[open]").is_visible()
        assert page.url.endswith("/en/step/strengths")
        page.wait_for_url("**/en/timed-out", timeout=20_000)  # then quiet: saved and closed
        unlock(page)
        assert strengths_box(page) == "word " * 9


def test_without_javascript_a_page_open_past_the_timeout_saves_when_pressed(new_context, live_server):
    with idle_timeout(live_server, 3):
        context, page = started(new_context, javascript=False)
        page.locator("#family_strengths").fill(TYPED)
        page.wait_for_timeout(4000)
        submit(page)
        assert page.url.endswith("/en/timed-out")
        unlock(page)
        assert strengths_box(page) == TYPED


# --- leaving a page ------------------------------------------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_exit_then_back_later_on_the_same_phone(new_context, live_server, javascript):
    context, page = started(new_context, javascript)
    page.locator("#family_strengths").fill(TYPED)
    page.locator(".govuk-exit-this-page__button:visible").click()
    page.wait_for_url(live_server.exit_url)
    page.wait_for_timeout(300)  # the page's last words are on their way (JavaScript: a beacon)
    page.goto("/en/")
    banner = page.locator(".govuk-notification-banner")
    assert "You have answers saved on this phone" in banner.inner_text()
    assert banner.bounding_box()["y"] < 740  # on the first screen
    with page.expect_navigation():
        banner.locator("a").click()
    page.locator("#number").fill(PHONE_NUMBER)
    submit(page, "main form button.govuk-button")
    assert strengths_box(page) == TYPED


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_footer_save_link_and_the_language_link_keep_the_page(new_context, javascript):
    context, page = started(new_context, javascript)
    page.locator("#family_strengths").fill(TYPED)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").last.click()  # the footer's
    assert page.url.endswith("/en/save")
    assert strengths_box(page) == TYPED

    page.locator("#done_well").fill("Typed before changing language.")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Language")).click()
    with page.expect_navigation():
        page.locator('a[hreflang="pl"]').click()
    assert page.url.endswith("/pl/step/strengths")
    assert page.locator("#done_well").input_value() == "Typed before changing language."


def test_save_with_no_signal_keeps_the_page_and_says_so(new_context):
    context, page = started(new_context)
    page.locator("#family_strengths").fill(TYPED)
    context.set_offline(True)
    page.locator("form .govuk-button-group > button.govuk-button").first.click()
    message = page.locator(".app-offline-message")
    message.wait_for(state="visible")
    assert "No signal" in message.inner_text()
    assert page.url.endswith("/en/step/strengths")
    assert page.locator("#family_strengths").input_value() == TYPED  # still here
    context.set_offline(False)
    submit(page)  # pressed again with signal
    assert page.url.endswith("/en/step/worries")
    page.go_back()
    assert page.locator("#family_strengths").input_value() == TYPED


def test_the_back_gesture_keeps_what_was_typed(new_context):
    context, page = started(new_context)
    page.locator("#family_strengths").fill(TYPED)
    page.go_back()  # the phone's back gesture: no button pressed
    page.wait_for_timeout(300)
    assert strengths_box(page) == TYPED


def test_back_to_a_step_shows_what_was_saved_for_it(new_context):
    context, page = started(new_context, javascript=False)
    with page.expect_navigation():
        page.locator("button.govuk-back-link").click()
    assert page.url.endswith("/en/step/conference")
    assert page.locator("#conference_date-day").input_value() == "9"


# --- saving that never refuses, one way of counting ----------------------------------------


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_save_and_come_back_later_with_unfinished_answers(new_context, javascript):
    context, page = started(new_context, javascript)
    page.goto("/en/step/conference")
    page.locator("#conference_date-day").fill("")
    page.locator("#conference_date-month").fill("")
    page.locator("#conference_date-year").fill("")
    page.locator("#conference_date_unknown").check()  # "I do not know the date yet" is an answer
    page.locator("#social_worker").fill("Sam " + "x" * 250)  # over the limit for a name
    with page.expect_navigation():
        page.locator('button[name="save_for_later"]').click()
    assert page.url.endswith("/en/save")
    page.goto("/en/check")
    attention = page.locator(".app-attention-list").inner_text()
    assert "Your social worker's name" in page.locator("main").inner_text()
    assert "200 characters or fewer" in attention and "date" not in attention.lower()
    page.goto("/en/step/conference")
    assert page.locator("#social_worker").input_value() == "Sam " + "x" * 250


def test_the_counter_and_the_server_count_the_same(new_context):
    context, page = started(new_context)
    lines = "\n".join(["x" * 99] * 50) + "y"  # 4,999 + 1 = 5,000 characters, 49 of them line breaks
    page.locator("#family_strengths").fill(lines)
    page.locator("#family_strengths").press("End")  # (the count updates as keys are released)
    assert "You have 0 characters remaining" in counter(page, "family_strengths")
    submit(page)
    assert page.url.endswith("/en/step/worries")  # the server agrees: 5,000 is allowed


def counter(page, field: str) -> str:
    """The live character count GOV.UK Frontend shows under a text box."""
    return page.locator(f'.govuk-character-count:has(#{field}) .govuk-character-count__status').inner_text()


SAMPLES = ["a\nb", "👨‍👩‍👧‍👦", "🇬🇧🇵🇱", "ক্ষমা করো", "ਪ੍ਰਧਾਨ ਜੀ", "खुशी क्षत्रिय", "é́́ ñ", "رهيمة بيغم", "Zażółć",
           "ক্‍ষ", "স্ত্রী", "x\u200dy", "\u0301start", "🏳️‍🌈 flag", "a\r\nb\rc", "۱۲۳ عدد", "안녕하세요", "👍🏽👍🏿"]


def test_one_way_of_counting_characters(new_context, live_server):
    """The page's counter (static/src/character-count.js) gives the server's count
    (prep/text_length.py) for emoji, flags, Indic syllables, accents and line breaks."""
    from prep.text_length import count

    page = new_context().new_page()
    page.goto("/en/step/strengths")
    for sample in SAMPLES:
        page.locator("#family_strengths").fill(sample)
        page.locator("#family_strengths").press("End")
        shown = counter(page, "family_strengths")
        remaining = int(re.search(r"You have ([\d,]+) characters? remaining", shown).group(1).replace(",", ""))
        assert 5000 - remaining == count(sample), (sample, shown)


# --- two tabs, codes, coming back ----------------------------------------------------------


def test_the_same_step_in_two_tabs_keeps_both_versions(new_context):
    context, first = started(new_context)
    second = context.new_page()
    second.goto("/en/step/strengths")
    first.locator("#done_well").fill("Written in the first tab.")
    second.locator("#done_well").fill("Written in the second tab.")
    submit(first)
    submit(second)
    assert second.url.endswith("/en/step/strengths")
    body = second.locator("main").inner_text()
    assert "Written in the first tab." in body and "changed in another tab" in body
    assert second.locator("#done_well").input_value() == "Written in the second tab."
    second.locator('input[name="resolve-done_well"][value="both"]').check()
    submit(second)
    second.goto("/en/check")
    main = second.locator("main").inner_text()
    assert "Written in the first tab." in main and "Written in the second tab." in main


def test_a_new_code_warns_before_it_replaces_the_old_one(new_context):
    context, page = started(new_context)
    page.goto("/en/save")
    submit(page, "main form button.govuk-button")
    page.goto("/en/save")
    assert "your old code will stop working" in page.locator("main").inner_text()


def test_back_with_the_code_after_finishing(new_context):
    context = new_context()
    walk_quickly(context, "en")
    page = context.new_page()
    page.goto("/en/save")
    submit(page, "main form button.govuk-button")
    code = page.locator("#resume-code").inner_text().strip()

    other = new_context().new_page()
    other.goto("/en/")
    link = other.locator('a[href="/en/resume"]').first
    assert link.bounding_box()["y"] + link.bounding_box()["height"] < 740  # on the first screen
    with other.expect_navigation():
        link.click()
    other.locator("#code").fill(code)
    submit(other, "main form button.govuk-button")
    main = other.locator("main").inner_text()
    assert "Welcome back" in main and not re.search(r"Step \d+ of \d+", main)
    with other.expect_navigation():
        other.locator("main a.govuk-button").click()
    assert other.url.endswith("/en/check")


# --- nobody else gets in ---------------------------------------------------------------------


def test_another_person_on_the_phone_after_exit_sees_nothing(new_context, live_server):
    context, page = started(new_context)
    page.locator("#family_strengths").fill(TYPED)
    page.locator(".govuk-exit-this-page__button:visible").click()
    page.wait_for_url(live_server.exit_url)
    # Someone else picks up the phone: Back, the pages, five guesses at the number.
    page.go_back()
    assert TYPED not in page.content() and "Nia Keepsake" not in page.content()
    page.goto("/en/check")
    assert page.url.endswith("/en/")
    for guess in ("1111", "1234", "0000", "2580", "5555"):
        unlock(page, guess)
    assert "Your number no longer works on this phone" in page.locator("main").inner_text()
    page.goto("/en/unlock")  # even with the right number, there is nothing to open now
    assert "No answers are saved on this phone" in page.locator("main").inner_text()
    context.clear_cookies()
    page.goto("/en/")
    assert "saved on this phone" not in page.locator("main").inner_text()


# --- the first screen --------------------------------------------------------------------------


def first_answer_top(page) -> float:
    return page.evaluate("""() => {
        const box = document.querySelector('main form input:not([type=hidden]), main form textarea');
        return box.getBoundingClientRect().top + window.scrollY
    }""")


@pytest.mark.parametrize("lang", [lang.code for lang in i18n.LANGUAGES])
def test_the_first_answer_box_of_every_step_is_on_the_first_screen(new_context, lang):
    context = new_context()
    walk_quickly(context, lang, {"about-you": journey_for(lang)["about-you"]})
    page = context.new_page()
    page.goto(f"/{lang}/")  # (the first page of the visit has the translation note in full)
    for step in STEPS:
        page.goto(f"/{lang}/step/{step.id}")
        top = first_answer_top(page)
        assert top < 740 - 24, (lang, step.id, top)  # at least the top of the box shows


def test_add_another_child_goes_to_the_new_child(new_context):
    context, page = started(new_context)
    page.goto("/en/step/children")
    with page.expect_navigation():
        page.locator('button[name="add_child"]').click()
    new_box = page.locator("#children-1-name")
    assert page.evaluate("document.activeElement.id") == "children-1-name"
    box = new_box.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 740
