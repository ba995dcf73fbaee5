"""Quick exit, as a parent in danger uses it: the 'Exit this page' button (with and without
JavaScript) or Shift pressed three times. They end on the neutral site, and the browser's
Back button then shows none of their answers."""

from __future__ import annotations

import pytest

from .journey import choose_number, fill_step, submit, typed_texts

SAVED = {"your_name": "Marta Quickexit", "relationship": "other", "relationship_other": "Foster carer Zyx"}
UNSAVED = {"children-0-name": "Kacperunsaved"}  # typed but not yet sent when they leave


def start_answering(page) -> None:
    page.goto("/en/step/about-you")
    fill_step(page, SAVED)
    submit(page)
    choose_number(page)
    assert page.url.endswith("/en/step/children")
    fill_step(page, UNSAVED)


def answers_on_screen(page) -> list[str]:
    """Any answer in the page's text or in a form field's value (what a person would see)."""
    seen = page.evaluate("""() => [document.body.innerText, ...Array.from(
        document.querySelectorAll('input:not([type=radio]):not([type=hidden]), textarea'), el => el.value)].join('\\n')""")
    return [answer for answer in typed_texts({"saved": SAVED, "unsaved": UNSAVED}) if answer in seen]


def assert_back_shows_nothing(page, live_server) -> None:
    assert page.url == live_server.exit_url
    # (Back from the children step: the page where the number was chosen, which now sends
    # this browser, with no answers open, to the start.)
    for expected in ("/en/step/children", "/en/"):
        page.go_back(wait_until="load")
        assert page.url.startswith(live_server.url) and expected in page.url, page.url  # really back on the app...
        assert page.locator("main h1").count() == 1
        assert answers_on_screen(page) == []  # ...and it has forgotten every answer


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_exit_this_page_button(new_context, live_server, request_log, javascript):
    page = new_context(java_script_enabled=javascript).new_page()
    start_answering(page)
    assert answers_on_screen(page) == ["Kacperunsaved"]  # the check below can see typed text
    page.locator(".govuk-exit-this-page__button:visible").click()
    page.wait_for_url(live_server.exit_url)
    assert_back_shows_nothing(page, live_server)
    assert request_log.offsite == []


def test_shift_three_times(new_context, live_server, request_log):
    page = new_context().new_page()
    start_answering(page)
    page.locator("main h1").click()  # away from the text box, as after reading the page
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(live_server.exit_url)
    assert_back_shows_nothing(page, live_server)
    assert request_log.offsite == []


def test_shift_three_times_while_typing(new_context, live_server):
    page = new_context().new_page()
    start_answering(page)
    page.locator('[name="children-0-name"]').focus()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(live_server.exit_url)
    assert_back_shows_nothing(page, live_server)
