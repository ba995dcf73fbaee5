"""The whole journey in a real browser at a phone's size: typing answers, adding a second
child, changing an answer from the check page, saving with a code and resuming in a fresh
browser, and downloading the statement — in English, Welsh and Arabic, and with
JavaScript switched off. Every request stays on the app's own origin."""

from __future__ import annotations

import re

import pytest

from prep.steps import STEPS

from ..pdf_fixtures import font_names, pdf_text, reader, squash
from .journey import choose_number, fill_step, journey_for, submit, typed_texts

CODE = re.compile(r"^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$")
NEW_SOCIAL_WORKER = "Jo Pritchard-Evans"


@pytest.mark.parametrize("lang, javascript", [("en", True), ("cy", True), ("ar", True), ("en", False)],
                         ids=["en", "cy", "ar", "en-no-js"])
def test_whole_journey(new_context, live_server, request_log, lang, javascript):
    journey = journey_for(lang)
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()

    # Start page -> every step, typed in; the second child added with the page's own button.
    page.goto(f"/{lang}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    with page.expect_navigation():
        page.locator("a.govuk-button--start").click()
    for step in STEPS:
        assert page.url.endswith(f"/{lang}/step/{step.id}"), page.url
        data = dict(journey[step.id])
        if step.id == "children":
            second = {k: data.pop(k) for k in list(data) if k.startswith("children-1-")}
            fill_step(page, data)
            with page.expect_navigation():
                page.locator('button[name="add_child"]').click()
            assert page.locator('[name="children-0-name"]').input_value() == data["children-0-name"]
            fill_step(page, second)
        else:
            fill_step(page, data)
        response = submit(page)
        assert response.ok, (step.id, response.status)
        if step is STEPS[0]:  # the first save: a number to get back to the answers on this phone
            choose_number(page)

    # Check your answers: everything typed is there, both children included.
    assert page.url.endswith(f"/{lang}/check")
    main = page.locator("main").inner_text()
    for answer in typed_texts(journey):
        assert answer in main, answer

    # Change one answer from its Change link, and come straight back here.
    with page.expect_navigation():
        page.locator('a[href$="#social_worker"]').click()
    assert "return=check" in page.url
    page.locator("#social_worker").fill("")
    page.locator("#social_worker").press_sequentially(NEW_SOCIAL_WORKER)
    submit(page)
    assert page.url.endswith(f"/{lang}/check")
    main = page.locator("main").inner_text()
    assert NEW_SOCIAL_WORKER in main and journey["conference"]["social_worker"] not in main

    # Save and come back later: a code, shown once.
    with page.expect_navigation():
        page.locator(f'a[href="/{lang}/save"]').click()
    submit(page, "main form button.govuk-button")
    code = page.locator("#resume-code").inner_text().strip()
    assert CODE.match(code), code

    # A fresh browser (another phone): continue with the code, find every answer again.
    other = new_context(java_script_enabled=javascript).new_page()
    other.goto(f"/{lang}/")
    with other.expect_navigation():
        other.locator(f'a[href="/{lang}/resume"]').first.click()
    other.locator("#code").press_sequentially(code.lower().replace("-", " "))  # as a person might type it
    submit(other, "main form button.govuk-button")
    # Welcome back: every step done, so the way on is to check the answers.
    assert other.url.endswith(f"/{lang}/welcome-back"), other.url
    with other.expect_navigation():
        other.locator(f'main a.govuk-button[href="/{lang}/check"]').click()
    main = other.locator("main").inner_text()
    for answer in typed_texts(journey):
        if answer != journey["conference"]["social_worker"]:
            assert answer in main, answer
    assert NEW_SOCIAL_WORKER in main

    # The statement, downloaded and read back.
    with other.expect_navigation():
        other.locator(f'main a[href="/{lang}/statement"]').click()
    with other.expect_download() as download_info:
        other.locator(f'main a[href="/{lang}/statement.pdf"]').click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "conference-statement.pdf"
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-") and len(reader(data).pages) >= 1
    if lang == "ar":
        # Arabic shaping and right-to-left order make extracted text unreliable to compare;
        # the Arabic-script font being used is what shows the answers were drawn.
        assert any(name.startswith("NotoNaskhArabic") for name in font_names(data)), font_names(data)
        assert NEW_SOCIAL_WORKER in squash(pdf_text(data))  # the answer typed in Latin letters reads back
    else:
        text = squash(pdf_text(data))
        expected = [a for a in typed_texts(journey) if a != journey["conference"]["social_worker"]]
        for answer in expected + [NEW_SOCIAL_WORKER]:
            assert squash(answer) in text, answer

    # Nothing went anywhere but this app: no fonts, scripts, analytics or images from elsewhere.
    # The collector saw the page's own (fingerprinted) stylesheet, so it was really listening.
    assert any(re.search(r"/static/dist/app\.[0-9a-f]+\.css$", url) for url in request_log.seen)
    assert any(re.search(r"/static/dist/app\.[0-9a-f]+\.js$", url) for url in request_log.seen) == javascript
    assert request_log.offsite == [], "requests left the app's origin:\n" + "\n".join(request_log.offsite)
